"""Grants checked against the decision the meetings service published (ACC-04, ACC-05, ACC-21)."""

from __future__ import annotations

import pytest

from access.domain.grants import PublishedDecision, check_grant, status_against, third_reached
from access.domain.model import GrantKind, GrantStatus
from folkevalgt_shared.errors import InvalidInput, RuleViolation


def published(
    *, adopted: bool = True, votes_for: int = 5, seats: int | None = 9, body: str = "exec"
) -> PublishedDecision:
    return PublishedDecision("v1", body, "042/26", adopted, votes_for, seats)


@pytest.mark.parametrize(
    ("votes_for", "seats", "reached"),
    [(3, 9, True), (2, 9, False), (2, 7, False), (3, 7, True), (2, 5, True), (1, 5, False)],
)
def test_acc05_a_third_of_all_the_members_not_of_those_present(votes_for: int, seats: int, reached: bool) -> None:
    assert third_reached(votes_for, seats) is reached


def test_acc05_a_third_suffices_even_where_the_motion_fell() -> None:
    minority = published(adopted=False, votes_for=3, seats=9)
    assert check_grant(GrantKind.THIRD, "exec", minority, votes_for=None, seats=None) is GrantStatus.VERIFIED
    with pytest.raises(RuleViolation) as refused:
        check_grant(GrantKind.THIRD, "exec", published(votes_for=2, seats=9), votes_for=None, seats=None)
    assert refused.value.rule == "ACC-05"


def test_acc05_from_the_minutes_the_votes_are_needed_and_the_seats_come_from_the_settings() -> None:
    assert check_grant(GrantKind.THIRD, "exec", None, votes_for=3, seats=9) is GrantStatus.UNVERIFIED
    with pytest.raises(InvalidInput) as missing:
        check_grant(GrantKind.THIRD, "exec", None, votes_for=None, seats=9)
    assert missing.value.errors == [
        {"field": "votes_for", "message": "required until the meetings service publishes the vote"}
    ]
    with pytest.raises(RuleViolation):
        check_grant(GrantKind.THIRD, "exec", None, votes_for=2, seats=9)
    # The published count wins over what was typed from the minutes.
    assert check_grant(GrantKind.THIRD, "exec", published(votes_for=3), votes_for=1, seats=9) is GrantStatus.VERIFIED


def test_acc21_a_decision_that_was_not_adopted_is_no_majority_decision() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_grant(GrantKind.MAJORITY, "exec", published(adopted=False), votes_for=None, seats=None)
    assert refused.value.rule == "ACC-21"
    assert check_grant(GrantKind.MAJORITY, "exec", published(), votes_for=None, seats=None) is GrantStatus.VERIFIED
    assert check_grant(GrantKind.MAJORITY, "exec", None, votes_for=None, seats=None) is GrantStatus.UNVERIFIED


def test_acc21_the_decision_named_must_be_the_bodys_own() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_grant(GrantKind.MAJORITY, "health", published(body="exec"), votes_for=None, seats=None)
    assert refused.value.errors == [{"field": "body_key", "message": "not the body that decided"}]


def test_acc04_a_bodys_demand_needs_no_vote_but_not_a_rejected_one() -> None:
    assert check_grant(GrantKind.BODY_DEMAND, "exec", None, votes_for=None, seats=None) is GrantStatus.VERIFIED
    with pytest.raises(RuleViolation):
        check_grant(GrantKind.BODY_DEMAND, "exec", published(adopted=False), votes_for=None, seats=None)


def test_acc05_acc21_a_decision_published_later_confirms_or_voids_the_grant() -> None:
    assert status_against(GrantKind.MAJORITY, published(), None) is GrantStatus.VERIFIED
    assert status_against(GrantKind.MAJORITY, published(adopted=False), None) is GrantStatus.CONTRADICTED
    assert status_against(GrantKind.THIRD, published(votes_for=2, seats=None), 5) is GrantStatus.VERIFIED
    assert status_against(GrantKind.THIRD, published(votes_for=2, seats=9), 5) is GrantStatus.CONTRADICTED
    assert status_against(GrantKind.THIRD, published(votes_for=9, seats=None), None) is GrantStatus.CONTRADICTED
