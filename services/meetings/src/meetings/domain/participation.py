"""Who takes part in each case: arrivals after the roll call (MTG-16) and leaves from the meeting
(MTG-12), read against when each case was taken up, put to the vote and decided.

Quorum (MTG-02) and the right to vote (MTG-22) are counted from this per-case participation,
not from the roll call alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from folkevalgt_shared.errors import RuleViolation


@dataclass(frozen=True)
class Stay:
    """A member's or deputy's time in the meeting: from the roll call or a later arrival, until a leave."""

    person: UUID
    arrived: datetime
    left: datetime | None = None


@dataclass(frozen=True)
class CaseWindow:
    """When a case was taken up, when its vote started and when it was decided (None: not yet)."""

    case: UUID
    taken_up: datetime | None = None
    voting_started: datetime | None = None
    decided: datetime | None = None

    @property
    def under_treatment(self) -> bool:
        return self.taken_up is not None and self.decided is None


def takes_part(stay: Stay, window: CaseWindow) -> bool:
    """MTG-16: a member who arrives after the vote in a case has started joins from the next case.
    MTG-12: a member cannot leave during a case, so a leave either came before the case was taken
    up (no part in it) or after it was decided (took part)."""
    if window.voting_started is not None and stay.arrived > window.voting_started:
        return False
    if stay.left is not None and (window.taken_up is None or stay.left <= window.taken_up):
        return False
    return True


def taking_part_in(stays: Iterable[Stay], window: CaseWindow) -> set[UUID]:
    return {s.person for s in stays if takes_part(s, window)}


def first_case_joined(stay: Stay, windows: Sequence[CaseWindow]) -> UUID | None:
    """The first case, in the order of treatment given, in which a late arrival takes part."""
    return next((w.case for w in windows if takes_part(stay, w)), None)


def require_free_to_leave(windows: Iterable[CaseWindow]) -> None:
    """MTG-12: a member who has lawfully taken a seat may not withdraw before the case under
    treatment is finished (nor leave while it is being voted on, MTG-22)."""
    busy = [w for w in windows if w.under_treatment]
    if busy:
        voting = any(w.voting_started is not None for w in busy)
        raise RuleViolation(
            "a member cannot leave the meeting before the case under treatment is finished"
            + (" — its vote is under way" if voting else ""),
            rule="MTG-12",
            errors=[{"field": "person_id", "message": "leave after the case is decided"}],
        )
