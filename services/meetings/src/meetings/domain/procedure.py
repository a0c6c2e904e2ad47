"""Order and procedure rules: cases not in the notice (MTG-17), the budget procedure (MTG-24)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from folkevalgt_shared.errors import RuleViolation

Alternative = TypeVar("Alternative")


def require_consent_for_unnoticed_case(*, present: int, objecting: int, chair_objects: bool) -> None:
    """MTG-17: a case not in the notice cannot be decided if the chair or a third of those present object."""
    if chair_objects or 3 * objecting >= present > 0:
        who = "the chair" if chair_objects else f"{objecting} of {present} present (a third or more)"
        raise RuleViolation(
            f"the case was not in the notice and {who} object to deciding it",
            rule="MTG-17",
            errors=[{"field": "objections", "message": "deciding is blocked"}],
        )


@dataclass(frozen=True)
class BudgetTestVote(Generic[Alternative]):
    majority: Alternative | None  # an alternative with more than half of the votes cast
    runoff: tuple[Alternative, ...]  # otherwise the two with most votes (more if tied for second)


def budget_test_vote(votes: Mapping[Alternative, int]) -> BudgetTestVote[Alternative]:
    """MTG-24: the test vote on a main chapter. If no alternative gets a majority, the two with most
    votes are put against each other. A tie for second place keeps every tied alternative in the
    run-off list; the chair proposes how to vote on them (MTG-23)."""
    cast = sum(votes.values())
    ranked = sorted(votes, key=lambda a: -votes[a])
    if ranked and 2 * votes[ranked[0]] > cast:
        return BudgetTestVote(majority=ranked[0], runoff=())
    if len(ranked) < 2:
        return BudgetTestVote(majority=None, runoff=tuple(ranked))
    second = votes[ranked[1]]
    return BudgetTestVote(majority=None, runoff=tuple(a for a in ranked if votes[a] >= second))
