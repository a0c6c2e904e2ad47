"""Composition of a body: seats, seat-holding roles and the order of deputies.

MTG-01 fixes each body's number of seats; MTG-09 gives a body one chair and one vice chair
(the mayor and deputy mayor in the council and executive committee); MTG-10 summons deputies
in the order in which they were elected, per party list; party groups that stood on a joint list
(fellesliste) share its one order of deputies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from folkevalgt_shared.errors import InvalidInput, RuleViolation

# Roles that occupy one of the body's seats (a chair is a member who also leads).
SEAT_ROLES = frozenset({"member", "chair", "vice_chair", "mayor", "deputy_mayor"})
# At most one holder at a time per body.
SINGLE_HOLDER_ROLES = frozenset({"chair", "vice_chair", "mayor", "deputy_mayor"})
ROLES = SEAT_ROLES | {"deputy", "group_leader"}


@dataclass(frozen=True)
class Tenure:
    """A membership as the composition rules see it; `end` None means open-ended."""

    id: UUID
    person_id: UUID
    role: str
    start: date
    end: date | None
    voting_right: bool = True
    deputy_order: int | None = None
    party_group: str | None = None
    joint_list: str | None = None

    @property
    def electoral_list(self) -> str | None:
        """MTG-10: the list whose deputies stand in: a joint list (fellesliste) or the party group's own."""
        return self.joint_list or self.party_group


def overlaps(a: Tenure, b: Tenure) -> bool:
    return a.start <= (b.end or date.max) and b.start <= (a.end or date.max)


def max_concurrent(periods: Iterable[tuple[date, date | None]]) -> int:
    """Largest number of periods in force on any single day (a sweep over their edges)."""
    edges: list[tuple[date, int]] = []
    for start, end in periods:
        edges.append((start, 1))
        if end is not None and end < date.max:
            edges.append((end + timedelta(days=1), -1))
    # On the same day, an ending (-1) is counted before a beginning (+1).
    current = peak = 0
    for _, step in sorted(edges):
        current += step
        peak = max(peak, current)
    return peak


def check_tenure(seats: int, candidate: Tenure, others: Sequence[Tenure]) -> None:
    """Refuses a membership that breaks the body's composition. `others` excludes the candidate."""
    if candidate.role not in ROLES:
        raise InvalidInput(f"unknown role {candidate.role!r}", errors=[{"field": "role", "message": "unknown role"}])
    if candidate.end is not None and candidate.end < candidate.start:
        raise InvalidInput(
            "end_date is before start_date", errors=[{"field": "end_date", "message": "must not be before start_date"}]
        )
    _check_deputy_fields(candidate)
    overlapping = [t for t in others if overlaps(t, candidate)]

    holds_place = SEAT_ROLES | {"deputy"}
    if candidate.role in holds_place:
        clash = next((t for t in overlapping if t.person_id == candidate.person_id and t.role in holds_place), None)
        if clash is not None:
            raise RuleViolation(
                f"the person already holds the role {clash.role!r} in this body in an overlapping period",
                rule="MTG-01",
                errors=[{"field": "person_id", "message": "one seat or deputy place per body"}],
            )

    if candidate.role in SEAT_ROLES and candidate.voting_right:
        seated = [t for t in overlapping if t.role in SEAT_ROLES and t.voting_right]
        clipped = [(max(t.start, candidate.start), _min_end(t.end, candidate.end)) for t in seated]
        if max_concurrent([*clipped, (candidate.start, candidate.end)]) > seats:
            raise RuleViolation(
                f"the body has {seats} seats, and they are all taken in this period",
                rule="MTG-01",
                errors=[{"field": "role", "message": "no free seat"}],
            )

    if candidate.role in SINGLE_HOLDER_ROLES:
        holder = next((t for t in overlapping if t.role == candidate.role), None)
        if holder is not None:
            raise RuleViolation(
                f"the body already has a {candidate.role} in this period",
                rule="MTG-09",
                errors=[{"field": "role", "message": "one holder at a time"}],
            )

    if candidate.role == "deputy":
        same_place = next(
            (
                t
                for t in overlapping
                if t.role == "deputy"
                and t.electoral_list == candidate.electoral_list
                and t.deputy_order == candidate.deputy_order
            ),
            None,
        )
        if same_place is not None:
            raise RuleViolation(
                f"deputy number {candidate.deputy_order} of {candidate.electoral_list or 'the body'} is already taken",
                rule="MTG-10",
                errors=[{"field": "deputy_order", "message": "taken in this list"}],
            )

    if candidate.role == "group_leader":
        leader = next(
            (t for t in overlapping if t.role == "group_leader" and t.party_group == candidate.party_group), None
        )
        if leader is not None:
            raise InvalidInput(
                f"{candidate.party_group} already has a group leader in this period",
                errors=[{"field": "party_group", "message": "one group leader per group"}],
            )


def _check_deputy_fields(t: Tenure) -> None:
    if t.role == "deputy":
        if t.deputy_order is None or t.deputy_order < 1:
            raise RuleViolation(
                "a deputy needs deputy_order ≥ 1 (the order in which deputies were elected)",
                rule="MTG-10",
                errors=[{"field": "deputy_order", "message": "required, ≥ 1"}],
            )
    elif t.deputy_order is not None:
        raise InvalidInput(
            "only deputies have a deputy_order", errors=[{"field": "deputy_order", "message": "only for role deputy"}]
        )
    if t.role == "group_leader" and not t.party_group:
        raise InvalidInput(
            "a group leader leads a party group",
            errors=[{"field": "party_group", "message": "required for group_leader"}],
        )


def _min_end(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)
