"""What of a case the public sees, and how its treatments read. The one definition of "the public
version": OParl (Paper, Consultation, File) and every answer of the meetings API to a caller without
the confidential scope are made from it.

MTG-06: meetings are announced with the documents not exempt from public access. MTG-07: nothing is
reported from a closed session, so a treatment behind closed doors and its documents are not
published at all, and public treatments say nothing about closed ones (their roles are read from
the public treatments alone). Of a closed case the public learns that it is treated, its number on
the agenda, the legal basis for closing (which the minutes record) and the outcome.

Which treatment decides a case is not in the rules; we read it from the bodies: the council decides
what reaches it, the executive committee what reaches it but not the council, a committee what goes
no higher (delegated). Lower bodies give a recommendation (innstilling), advisory councils a
statement (uttalelse), unless a case goes to no other body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DECISION, RECOMMENDATION, STATEMENT = "decision", "recommendation", "statement"
ADVISORY_COUNCILS = frozenset({"elderly_council", "disability_council", "youth_council"})
_RANK = {"municipal_council": 3, "executive_committee": 2}


CLOSED_TITLE = "Unntatt offentlighet"  # in place of a closed case's title, and of any closed text


def document_public(*, exempt: bool, case_closed: bool) -> bool:
    """MTG-06/MTG-07: a document is public when it is not exempt and its case not treated behind closed doors."""
    return not exempt and not case_closed


def document_published(*, exempt: bool, case_closed: bool, url: str | None) -> bool:
    """OParl publishes a public document that can be fetched."""
    return document_public(exempt=exempt, case_closed=case_closed) and bool(url)


def public_text(text: str, *, closed: bool) -> str:
    """MTG-07: a closed case's title, and any text made in it (proposals, motions), read as exempt."""
    return CLOSED_TITLE if closed else text


def agenda_published(*, notice_published: bool) -> bool:
    """MTG-06: a meeting's agenda and documents become public with its notice; before that only the
    meeting itself (body, time, place) is known to the public."""
    return notice_published


def rank(body_type: str) -> int:
    """How high a body stands in the path of a case: advisory councils 0, committees 1, up to the council."""
    return 0 if body_type in ADVISORY_COUNCILS else _RANK.get(body_type, 1)


@dataclass(frozen=True)
class Treatment:
    """One public treatment of a case: the body's type and whether a vote decided it there."""

    body_type: str
    voted: bool


@dataclass(frozen=True)
class Role:
    role: str
    authoritative: bool  # OParl: the case is decided in this treatment


def roles(treatments: Sequence[Treatment]) -> list[Role]:
    """The role of each treatment of one case, in the given order."""
    top = max((rank(t.body_type) for t in treatments), default=0)
    out = []
    for t in treatments:
        if rank(t.body_type) == top:
            out.append(Role(DECISION, t.voted))  # a postponed treatment in the deciding body decides nothing
        elif t.body_type in ADVISORY_COUNCILS:
            out.append(Role(STATEMENT, False))
        else:
            out.append(Role(RECOMMENDATION, False))
    return out
