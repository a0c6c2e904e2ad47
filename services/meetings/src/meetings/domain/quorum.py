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
