"""Rules of the treatment of a case: participation (MTG-12, MTG-16), vote methods (MTG-29),
items before the whole (MTG-23), the budget run-off (MTG-24) and open voting (MTG-21)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkevalgt_shared.errors import RuleViolation
from meetings.domain.participation import CaseWindow, Stay, first_case_joined, require_free_to_leave, takes_part
from meetings.domain.procedure import (
    budget_runoff,
    budget_test_vote,
    require_all_voted,
    require_items_voted,
    require_voting_not_open,
)
from meetings.domain.votes import Ballot, Choice, Method, ballots_by_method, count_ballots

T0 = datetime(2026, 6, 18, 8, 0, tzinfo=UTC)
A, B, C = (uuid.UUID(int=i) for i in (1, 2, 3))


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def ids(n: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=i + 1) for i in range(n)]


# -- MTG-16 / MTG-12 participation --------------------------------------------------------------


def test_mtg16_arriving_during_the_debate_takes_part_in_the_case() -> None:
    case = CaseWindow(A, taken_up=at(10), voting_started=at(30), decided=at(35))
    assert takes_part(Stay(A, arrived=at(20)), case)


def test_mtg16_arriving_after_the_vote_started_joins_from_the_next_case() -> None:
    first = CaseWindow(A, taken_up=at(10), voting_started=at(30))
    second = CaseWindow(B)
    late = Stay(C, arrived=at(31))
    assert not takes_part(late, first) and takes_part(late, second)
    assert first_case_joined(late, [first, second]) == B


def test_mtg12_a_leave_after_a_case_ends_participation_in_later_cases() -> None:
    done = CaseWindow(A, taken_up=at(10), voting_started=at(30), decided=at(35))
    later = CaseWindow(B, taken_up=at(50))
    untouched = CaseWindow(C)
    stay = Stay(C, arrived=at(0), left=at(40))
    assert takes_part(stay, done) and not takes_part(stay, later) and not takes_part(stay, untouched)


def test_mtg12_no_leave_while_a_case_is_under_treatment() -> None:
    require_free_to_leave([CaseWindow(A, at(1), at(2), at(3)), CaseWindow(B)])
    with pytest.raises(RuleViolation) as debating:
        require_free_to_leave([CaseWindow(A, taken_up=at(1))])
    assert debating.value.rule == "MTG-12" and "vote" not in debating.value.detail
    with pytest.raises(RuleViolation, match="vote is under way"):
        require_free_to_leave([CaseWindow(A, taken_up=at(1), voting_started=at(2))])


minutes = st.integers(min_value=0, max_value=240)


@given(arrived=minutes, left=st.none() | minutes, taken_up=minutes, length=st.integers(0, 60), decide=st.booleans())
def test_mtg16_mtg12_participation_follows_the_stay(
    arrived: int, left: int | None, taken_up: int, length: int, decide: bool
) -> None:
    """Whoever takes part was there when the vote started and had not left before the case was taken up."""
    case = CaseWindow(A, at(taken_up), at(taken_up + length), at(taken_up + length) if decide else None)
    stay = Stay(B, at(arrived), at(left) if left is not None else None)
    part = takes_part(stay, case)
    assert part == (arrived <= taken_up + length and (left is None or left > taken_up))


# -- MTG-29 vote methods ------------------------------------------------------------------------


@given(n=st.integers(1, 25), against=st.sets(st.integers(0, 24)))
def test_mtg29_a_show_of_hands_counts_the_others_for(n: int, against: set[int]) -> None:
    voters = ids(n)
    hands = {voters[i] for i in against if i < n}
    ballots = ballots_by_method(Method.SHOW_OF_HANDS, set(voters), ballots=[], against=hands)
    outcome = count_ballots(set(voters), ballots, chair=None)
    assert (outcome.votes_for, outcome.votes_against) == (n - len(hands), len(hands))
    assert outcome.adopted == (n - len(hands) > len(hands))


@given(n=st.integers(1, 25))
def test_mtg29_tacit_approval_counts_everyone_for(n: int) -> None:
    voters = set(ids(n))
    outcome = count_ballots(voters, ballots_by_method(Method.TACIT, voters, ballots=[], against=set()), None)
    assert outcome.adopted and outcome.votes_for == n and outcome.votes_against == 0


def test_mtg29_unsigned_ballots_and_objected_tacit_approval_are_refused() -> None:
    voters = set(ids(3))
    for method, against in ((Method.SECRET_BALLOT, set()), (Method.TACIT, {A})):
        with pytest.raises(RuleViolation) as refused:
            ballots_by_method(method, voters, ballots=[], against=against)
        assert refused.value.rule == "MTG-29"
    with pytest.raises(RuleViolation) as outsider:
        ballots_by_method(Method.SHOW_OF_HANDS, voters, ballots=[], against={uuid.UUID(int=99)})
    assert outsider.value.rule == "MTG-22"
    counter = [Ballot(v, Choice.AGAINST) for v in voters]
    assert ballots_by_method(Method.COUNTER_VOTE, voters, ballots=counter, against=set()) == counter


# -- MTG-23 / MTG-21 / MTG-22 -------------------------------------------------------------------


def test_mtg23_items_are_voted_before_the_whole() -> None:
    require_items_voted(3, {1, 2, 3})
    require_items_voted(0, set())
    with pytest.raises(RuleViolation, match="item by item") as refused:
        require_items_voted(3, {2})
    assert refused.value.rule == "MTG-23" and "1, 3" in str(refused.value.errors)


def test_mtg21_no_proposal_or_other_case_while_voting_is_open() -> None:
    require_voting_not_open(opened_elsewhere=False, opened_here=False)
    for here, elsewhere in ((True, False), (False, True)):
        with pytest.raises(RuleViolation) as refused:
            require_voting_not_open(opened_elsewhere=elsewhere, opened_here=here)
        assert refused.value.rule == "MTG-21"


@given(cast=st.integers(0, 50), taking_part=st.integers(0, 50))
def test_mtg22_every_member_taking_part_votes_for_an_alternative(cast: int, taking_part: int) -> None:
    if cast == taking_part:
        require_all_voted(cast, taking_part)
    else:
        with pytest.raises(RuleViolation):
            require_all_voted(cast, taking_part)


# -- MTG-24 budget run-off ----------------------------------------------------------------------


@given(a=st.integers(0, 30), b=st.integers(0, 30))
def test_mtg24_the_runoff_goes_to_the_larger_or_the_chairs_choice(a: int, b: int) -> None:
    tally = {A: a, B: b}
    if a == b:
        with pytest.raises(RuleViolation) as tied:
            budget_runoff(tally, None)
        assert tied.value.rule == "MTG-25"
        assert budget_runoff(tally, B).winner == B and budget_runoff(tally, B).casting_vote
    else:
        result = budget_runoff(tally, B)
        assert result.winner == (A if a > b else B) and not result.casting_vote


@given(votes=st.lists(st.integers(0, 20), min_size=2, max_size=5))
def test_mtg24_without_a_majority_the_runoff_holds_the_two_largest(votes: list[int]) -> None:
    tally = dict(zip(ids(len(votes)), votes, strict=True))
    test = budget_test_vote(tally)
    if test.majority is None:
        ranked = sorted(votes, reverse=True)
        assert len(test.runoff) >= 2 and {tally[p] for p in test.runoff} >= {ranked[0], ranked[1]}
        assert all(tally[p] >= ranked[1] for p in test.runoff)
    else:
        assert 2 * tally[test.majority] > sum(votes)
