"""Recording input (FBK-01) and minimising personal data (FBK-02).

"For at tilbakemeldinger skal bidra til forbedring, må de være konkrete. Generelle utsagn er vanskelig
å følge opp." Input is never refused for being general: it is flagged, and the politician is given the
questions to ask back — when, where, which unit, what happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from feedback.domain.settings import Channel, Questions


class SenderKind(StrEnum):
    RESIDENT = "resident"
    EMPLOYEE = "employee"


class SensitiveCategory(StrEnum):
    """Special categories of personal data (GDPR art. 9 and 10) and information under a duty of
    confidentiality (fvl. § 13): marked, never shown to another politician (FBK-02)."""

    HEALTH = "health"
    CHILD_WELFARE = "child_welfare"
    SOCIAL_SERVICES = "social_services"
    CRIMINAL_OFFENCES = "criminal_offences"
    ETHNIC_ORIGIN = "ethnic_origin"
    RELIGION = "religion"
    SEXUAL_ORIENTATION = "sexual_orientation"
    TRADE_UNION = "trade_union"
    PERSONAL_CIRCUMSTANCES = "personal_circumstances"  # other "noens personlige forhold", fvl. § 13


class Element(StrEnum):
    """What concrete input tells (FBK-01): the order in which the questions are asked back."""

    WHAT = "what"
    TIME = "time"
    UNIT = "unit"
    PLACE = "place"


@dataclass(frozen=True)
class Concreteness:
    concrete: bool
    missing: tuple[Element, ...]
    questions: tuple[str, ...]


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> int:
    return len(_WORD.findall(text))


def assess_concreteness(
    *,
    text: str,
    occurred_on: date | None,
    unit_known: bool,
    place: str | None,
    min_words: int,
    questions: Questions,
) -> Concreteness:
    """FBK-01: input is concrete when it says what happened (at least `min_words` words), when, and
    where — the unit concerned, or failing that the place. A unit stands for the place: "the home care
    service in Bjørnevatn" needs no street address. Otherwise every missing element becomes a question."""
    missing: list[Element] = []
    if words(text) < min_words:
        missing.append(Element.WHAT)
    if occurred_on is None:
        missing.append(Element.TIME)
    if not unit_known:
        missing.append(Element.UNIT)
        if not (place and place.strip()):
            missing.append(Element.PLACE)
    where_known = unit_known or bool(place and place.strip())
    concrete = Element.WHAT not in missing and Element.TIME not in missing and where_known
    asked = {
        Element.WHAT: questions.what,
        Element.TIME: questions.time,
        Element.UNIT: questions.unit,
        Element.PLACE: questions.place,
    }
    return Concreteness(concrete, tuple(missing), tuple(asked[e] for e in missing))


def anonymity_refusal(*, anonymous: bool, channel: Channel, allowed: list[Channel]) -> str | None:
    """FBK-01: the sender stays unnamed only where the channel allows it (a product decision kept in the
    settings: an email carries an address, a meeting has a counterpart)."""
    if anonymous and channel not in allowed:
        return f"input received by {channel} cannot be anonymous; channels allowing it: {', '.join(allowed) or 'none'}"
    return None


def sensitive(categories: list[SensitiveCategory], marked: bool) -> bool:
    """FBK-02: marked sensitive by the politician, or carrying any special category."""
    return marked or bool(categories)


def title_of(text: str, given: str | None, limit: int = 80) -> str:
    """A short title for lists and the registry: the one given, or the text's first words."""
    if given and given.strip():
        return given.strip()
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return f"{cut} …"
