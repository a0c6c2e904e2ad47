"""Quorum (vedtaksførhet), counted per case: MTG-02 and MTG-15.

A body may decide a case only while at least `quorum` of its voting members (or deputies
sitting in their place) are present during the treatment of that case and not disqualified
in it (MTG-14: the disqualified do not count).
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from uuid import UUID

from folkevalgt_shared.errors import RuleViolation


@dataclass(frozen=True)
class QuorumCount:
    quorum: int
    counted: int

    @property
    def quorate(self) -> bool:
        return self.counted >= self.quorum


def count_for_case(quorum: int, present: Set[UUID], disqualified: Set[UUID]) -> QuorumCount:
    return QuorumCount(quorum=quorum, counted=len(present - disqualified))


def require_quorum(count: QuorumCount) -> None:
    if not count.quorate:
        raise RuleViolation(
            f"the body is not quorate for this case: {count.counted} of the {count.quorum} needed are present "
            "and not disqualified",
            rule="MTG-02",
            present=count.counted,
            quorum=count.quorum,
        )


# MTG-01/MTG-02: where the rules write a body's quorum as a number below half its seats, that number holds
# (the youth council: "minst halvparten … d.v.s. 3 medlemmer", of 7 seats).
QUORUM_SET_BY_THE_RULES = {"youth_council": 3}


def minimum_quorum(seats: int, body_type: str) -> int:
    """MTG-02: at least half of the body's members (13 of 25, 5 of 9, 2 of 3), unless the rules set another
    number for the body."""
    half = (seats + 1) // 2
    return min(half, QUORUM_SET_BY_THE_RULES.get(body_type, half))


def check_quorum_setting(seats: int, quorum: int, body_type: str) -> None:
    lowest = minimum_quorum(seats, body_type)
    if quorum < lowest:
        raise RuleViolation(
            f"quorum {quorum} is below half of the {seats} seats: at least {lowest} must be present (MTG-02)",
            rule="MTG-02",
            errors=[{"field": "quorum", "message": f"at least {lowest}"}],
        )
    if quorum > seats:
        raise RuleViolation(
            f"quorum {quorum} is more than the {seats} seats",
            rule="MTG-02",
            errors=[{"field": "quorum", "message": "must not exceed seats"}],
        )
