"""Citizen initiatives (innbyggerinitiativ, FBK-31; reglement § 20, kommuneloven § 12-1).

"Kommunestyret plikter å ta stilling til forslaget dersom minst 2 % av innbyggerne står bak forslaget.
Likevel er 300 underskrifter i kommunen alltid tilstrekkelig." One signature per resident; a resident
may withdraw until the threshold is reached, after which the proposal is put forward and the council
must treat it (MTG-33, in meetings). "I samme valgperiode kan det ikke fremmes forslag dersom dette har
a) samme innhold som et tidligere forslag fremmet etter denne bestemmelse."
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from datetime import date, timedelta

# The council's term starts on 1 October of the election year (2011, 2015, 2019, 2023, 2027 …).
ELECTION_YEAR_REMAINDER = 3
TERM_STARTS = (10, 1)


def threshold(residents: int, share_percent: int, always_enough: int) -> int:
    """FBK-31: at least `share_percent` % of the residents ("minst 2 %": rounded up), but
    `always_enough` signatures always suffice."""
    share = -(-residents * share_percent // 100)
    return min(share, always_enough)


def election_period(day: date) -> tuple[date, date]:
    """The election period (valgperiode) containing `day`: 1 October of an election year to
    30 September four years later."""
    year = day.year if (day.month, day.day) >= TERM_STARTS else day.year - 1
    start_year = year - (year - ELECTION_YEAR_REMAINDER) % 4
    start = date(start_year, *TERM_STARTS)
    return start, date(start_year + 4, *TERM_STARTS) - timedelta(days=1)


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def content_key(title: str, proposal: str) -> tuple[str, str]:
    """What "the same content" compares (FBK-31): the title and the proposal with case, accents of
    form (NFKC), punctuation and spacing set aside. Two proposals are duplicates when either matches."""

    def norm(text: str) -> str:
        folded = unicodedata.normalize("NFKC", text).casefold()
        return hashlib.sha256(_NOT_WORD.sub(" ", folded).strip().encode()).hexdigest()

    return norm(title), norm(proposal)


def signer_key(secret: bytes, subject: str) -> str:
    """FBK-31: a signer is kept as a keyed hash of the ID-porten subject (HMAC-SHA256): the same resident
    always gives the same key, so a second signature is found, and the key reveals no identity number."""
    return hmac.new(secret, subject.encode(), hashlib.sha256).hexdigest()


def withdrawal_refusal(reached: bool) -> str | None:
    if reached:
        return "the initiative has reached its threshold and been put forward: signatures can no longer be withdrawn"
    return None
