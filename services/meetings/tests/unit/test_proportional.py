"""Proportional election (MTG-28, KL 1992 §§ 36–37) with gender balance (MTG-27)."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from meetings.domain.elections import Candidate
from meetings.domain.proportional import (
    CandidateList,
    distribute_seats,
    elect,
    list_gender_shortfall,
    list_minimum_per_gender,
    must_be_majority_election,
)


def uid(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def make_list(n: int, genders: str) -> CandidateList:
    """`genders` as letters, e.g. "mfm": the list's candidates in list order."""
    return CandidateList(
        uid(1000 * n),
        tuple(Candidate(uid(1000 * n + i + 1), "male" if g == "m" else "female") for i, g in enumerate(genders)),
    )


lists_and_votes = st.lists(
    st.tuples(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=12)), min_size=1, max_size=6
)


def test_mtg28_chair_and_vice_chair_are_never_elected_proportionally() -> None:
    assert must_be_majority_election("chair") and must_be_majority_election("vice_chair")
    assert not must_be_majority_election("members")


def test_mtg28_dhondt_divides_by_1_2_3() -> None:
    a, b, c = uid(1), uid(2), uid(3)
    result = distribute_seats({a: 13, b: 8, c: 4}, {a: 9, b: 9, c: 9}, 9, seed=None)
    # quotients 13, 8, 6.5, 4.33, 4, 4, 3.25, 2.67, 2.6 take the 9 places
    assert result.seats == {a: 5, b: 3, c: 1}
    assert distribute_seats({a: 6, b: 3}, {a: 5, b: 5}, 3, seed=None).seats == {a: 2, b: 1}
    assert distribute_seats({a: 17, b: 7, c: 1}, {a: 9, b: 9, c: 9}, 5, seed=None).seats == {a: 4, b: 1, c: 0}


def test_mtg28_equal_quotients_for_the_last_place_go_to_a_recorded_draw() -> None:
    a, b = uid(1), uid(2)
    with pytest.raises(ValueError):
        distribute_seats({a: 6, b: 6}, {a: 5, b: 5}, 3, seed=None)
    drawn = distribute_seats({a: 6, b: 6}, {a: 5, b: 5}, 3, seed="Vitner: Hansen og Olsen")
    assert drawn.lottery is not None and set(drawn.tied) == {a, b}
    assert drawn.seats[drawn.lottery.order[0]] == 2 and sum(drawn.seats.values()) == 3
    assert distribute_seats({a: 6, b: 6}, {a: 5, b: 5}, 3, seed="Vitner: Hansen og Olsen") == drawn


def test_mtg28_a_list_gets_no_more_places_than_it_has_candidates() -> None:
    a, b = uid(1), uid(2)
    result = distribute_seats({a: 20, b: 1}, {a: 2, b: 5}, 5, seed=None)
    assert result.seats == {a: 2, b: 3} and result.unfilled == 0
    short = distribute_seats({a: 20, b: 0}, {a: 2, b: 5}, 5, seed=None)
    assert short.seats == {a: 2, b: 0} and short.unfilled == 3


@given(lists_and_votes, st.integers(min_value=1, max_value=15))
def test_mtg28_places_sum_up_and_respect_list_lengths(spec: list[tuple[int, int]], places: int) -> None:
    votes = {uid(i + 1): v for i, (v, _) in enumerate(spec)}
    capacity = {uid(i + 1): c for i, (_, c) in enumerate(spec)}
    result = distribute_seats(votes, capacity, places, seed="seed")
    fillable = sum(capacity[k] for k, v in votes.items() if v > 0)
    assert sum(result.seats.values()) == min(places, fillable)
    assert result.unfilled == places - sum(result.seats.values())
    assert all(result.seats[k] <= capacity[k] for k in votes)
    assert all(result.seats[k] == 0 for k, v in votes.items() if v == 0)


@given(lists_and_votes, st.integers(min_value=1, max_value=15), st.data())
def test_mtg28_more_votes_never_cost_a_list_places(
    spec: list[tuple[int, int]], places: int, data: st.DataObject
) -> None:
    votes = {uid(i + 1): v for i, (v, _) in enumerate(spec)}
    capacity = {uid(i + 1): c for i, (_, c) in enumerate(spec)}
    gainer = uid(data.draw(st.integers(min_value=1, max_value=len(spec))))
    extra = data.draw(st.integers(min_value=1, max_value=30))
    before = distribute_seats(votes, capacity, places, seed="seed").seats[gainer]
    after = distribute_seats({**votes, gainer: votes[gainer] + extra}, capacity, places, seed="seed").seats[gainer]
    assert after >= before


@given(lists_and_votes, st.integers(min_value=1, max_value=15))
def test_mtg28_a_list_with_more_votes_never_gets_fewer_places(spec: list[tuple[int, int]], places: int) -> None:
    votes = {uid(i + 1): v for i, (v, _) in enumerate(spec)}
    capacity = dict.fromkeys(votes, places)  # enough names everywhere
    seats = distribute_seats(votes, capacity, places, seed="seed").seats
    for a in votes:
        for b in votes:
            if votes[a] > votes[b]:
                assert seats[a] >= seats[b]


def test_mtg27_list_gender_minimum_follows_places_to_elect() -> None:
    assert [list_minimum_per_gender(n) for n in range(1, 12)] == [0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5]
    assert list_gender_shortfall(make_list(1, "mmmf").candidates, 5) == {"female": 1}
    assert list_gender_shortfall(make_list(1, "mmff").candidates, 5) == {}
    assert list_gender_shortfall(make_list(1, "mm").candidates, 3) == {"female": 1}


def test_mtg28_members_in_list_order_and_deputies_are_members_plus_two() -> None:
    a, b = make_list(1, "mfmfmfm"), make_list(2, "fmfm")
    result = elect([a, b], {a.id: 7, b.id: 3}, 3)
    first, second = result.lists
    assert first.members == (a.candidates[0].id, a.candidates[1].id) and first.seats == 2
    assert first.deputies == tuple(c.id for c in a.candidates[2:6])  # 2 members + 2
    assert second.members == (b.candidates[0].id,) and second.deputies == (
        b.candidates[1].id,
        b.candidates[2].id,
        b.candidates[3].id,
    )
    assert result.balanced and not first.moved_up


def test_mtg27_the_under_represented_gender_moves_up_from_the_largest_list_first() -> None:
    a, b = make_list(1, "mmmmff"), make_list(2, "mmff")
    result = elect([a, b], {a.id: 10, b.id: 6}, 5)  # a: 10, 6 ⅔... → a 3 places, b 2 places
    first, second = result.lists
    assert (first.seats, second.seats) == (3, 2)
    # all five would be men; 40 % of 5 = 2 women: one moves up in a, then one in b
    assert first.moved_up == (a.candidates[4].id,) and second.moved_up == (b.candidates[2].id,)
    assert a.candidates[2].id in first.deputies[:1]  # the man moved down is the list's first deputy
    assert result.balanced


def test_mtg27_moving_up_goes_only_as_far_as_possible() -> None:
    a = make_list(1, "mmmm")
    result = elect([a], {a.id: 5}, 4)
    assert not result.balanced and result.lists[0].members == tuple(c.id for c in a.candidates)


@given(st.lists(st.text(alphabet="mf", min_size=0, max_size=8), min_size=1, max_size=4), st.integers(1, 9), st.data())
def test_mtg27_mtg28_elected_and_deputies_are_disjoint_and_within_the_lists(
    genders: list[str], places: int, data: st.DataObject
) -> None:
    lists = [make_list(i + 1, g) for i, g in enumerate(genders)]
    votes = {cl.id: data.draw(st.integers(0, 40)) for cl in lists}
    assume(any(votes.values()))
    result = elect(lists, votes, places, seed="seed")
    for cl, r in zip(lists, result.lists, strict=True):
        names = {c.id for c in cl.candidates}
        assert len(r.members) == r.seats and set(r.members) <= names
        assert set(r.deputies) <= names and not set(r.deputies) & set(r.members)
        assert len(r.deputies) <= r.seats + 2
    assert len(result.members) == len(set(result.members)) <= places
