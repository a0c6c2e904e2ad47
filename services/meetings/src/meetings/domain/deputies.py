"""Summoning deputies (MTG-10): the next available deputy in the order of election, per list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID


class Unavailable(StrEnum):
    """Why a deputy is passed over."""

    ATTENDING = "attending"  # already in the meeting (as a member or summoned deputy)
    ABSENT = "absent"  # reported absence
    DISQUALIFIED = "disqualified"  # in the case the deputy would be summoned for (MTG-13/14)
    ON_LEAVE = "on_leave"  # leave from office (MTG-04, LEA-60)


@dataclass(frozen=True)
class Deputy:
    person_id: UUID
    party_group: str | None
    order: int


@dataclass(frozen=True)
class OfficeLeave:
    """Leave from office (LEA-60) from `start` to `end` (open-ended when None), for the offices in
    the bodies `bodies` (every office when empty)."""

    start: date
    end: date | None
    bodies: frozenset[str]

    def covers(self, day: date, body_key: str) -> bool:
        """MTG-10/LEA-60: a deputy on leave from the office on the meeting's day is passed over."""
        in_period = self.start <= day and (self.end is None or day <= self.end)
        return in_period and (not self.bodies or body_key in self.bodies)


@dataclass(frozen=True)
class Summons:
    deputy: Deputy | None
    passed_over: tuple[tuple[Deputy, Unavailable], ...]


def next_deputy(deputies: Iterable[Deputy], party_group: str | None, unavailable: dict[UUID, Unavailable]) -> Summons:
    """The first deputy of `party_group`'s list in order of election who is available, and who
    was passed over and why (recorded with the summons). `deputy` is None when the list is
    exhausted."""
    passed: list[tuple[Deputy, Unavailable]] = []
    for deputy in sorted((d for d in deputies if d.party_group == party_group), key=lambda d: d.order):
        reason = unavailable.get(deputy.person_id)
        if reason is None:
            return Summons(deputy, tuple(passed))
        passed.append((deputy, reason))
    return Summons(None, tuple(passed))
