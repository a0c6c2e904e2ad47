"""Order and procedure rules: cases not in the notice (MTG-17), voting (MTG-21, MTG-23) and the budget (MTG-24)."""

from __future__ import annotations

from collections.abc import Mapping, Set
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


@dataclass(frozen=True)
class Runoff(Generic[Alternative]):
    winner: Alternative
    casting_vote: bool  # MTG-25: tied, the chair's vote decided


def budget_runoff(votes: Mapping[Alternative, int], chair_choice: Alternative | None) -> Runoff[Alternative]:
    """MTG-24: the two alternatives with most votes in the test vote are put against each other;
    the one with more votes wins, and a tie is decided by the chair's vote (MTG-25)."""
    first, second = sorted(votes, key=lambda a: -votes[a])
    if votes[first] != votes[second]:
        return Runoff(first, casting_vote=False)
    if chair_choice is None or chair_choice not in votes:
        raise RuleViolation(
            "the run-off is tied: the chair's vote decides",
            rule="MTG-25",
            errors=[{"field": "chair_choice", "message": "name the alternative the chair voted for"}],
        )
    return Runoff(chair_choice, casting_vote=True)


def require_all_voted(cast: int, taking_part: int) -> None:
    """MTG-22: every member taking part in the case votes, once."""
    if cast != taking_part:
        raise RuleViolation(
            f"{cast} votes were cast, but {taking_part} members take part in the case and all must vote",
            rule="MTG-22",
            errors=[{"field": "alternatives", "message": f"the votes must add up to {taking_part}"}],
        )


def require_items_voted(items: int, voted: Set[int]) -> None:
    """MTG-23: a proposal in several items is voted item by item, then as a whole."""
    missing = [n for n in range(1, items + 1) if n not in voted]
    if missing:
        raise RuleViolation(
            "a proposal in several items is voted item by item before the vote on the whole",
            rule="MTG-23",
            errors=[{"field": "proposal_id", "message": f"items not yet voted: {', '.join(map(str, missing))}"}],
        )


def require_voting_not_open(*, opened_elsewhere: bool, opened_here: bool) -> None:
    """MTG-21: from the moment the chair opens voting until the vote is decided there is no debate,
    no new proposal and no other case."""
    if opened_here:
        raise RuleViolation(
            "voting on the case is open: no new proposals until it is decided",
            rule="MTG-21",
            errors=[{"field": "agenda_item", "message": "voting is open"}],
        )
    if opened_elsewhere:
        raise RuleViolation(
            "voting is open in another case of the meeting: no other case until it is decided",
            rule="MTG-21",
            errors=[{"field": "agenda_item", "message": "another case is being voted on"}],
        )
