"""The procedure rules of the meetings domain, by rule id."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkevalgt_shared.errors import RuleViolation
from meetings.domain.appeals import appeal_deadline, check_legality_appeal
from meetings.domain.deputies import Deputy, OfficeLeave, Unavailable, next_deputy
from meetings.domain.elections import (
    Candidate,
    commitment,
    draw_lots,
    first_round,
    gender_balanced,
    majority_round,
    minimum_per_gender,
    plurality_round,
    tally_ballots,
)
from meetings.domain.notice import NoticeRule, check_notice, latest_notice_day, notice_deadline
from meetings.domain.questions import in_time_for, question_deadline
from meetings.domain.quorum import count_for_case, require_quorum
from meetings.domain.votes import Ballot, Choice, count_ballots, decide

COUNCIL = NoticeRule(notice_days=10, notice_days_budget=14)
COMMITTEE = NoticeRule(notice_days=7)


def ids(n: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=i + 1) for i in range(n)]


# -- MTG-01 / MTG-06 notice -------------------------------------------------------------------


def test_mtg01_council_notice_is_10_days_and_14_for_the_budget() -> None:
    assert latest_notice_day(date(2026, 6, 18), COUNCIL, budget=False) == date(2026, 6, 8)
    assert latest_notice_day(date(2026, 12, 10), COUNCIL, budget=True) == date(2026, 11, 26)
    assert latest_notice_day(date(2026, 6, 18), COMMITTEE, budget=True) == date(2026, 6, 11)


def test_mtg06_notice_deadline_is_the_end_of_the_day_in_oslo() -> None:
    meeting = datetime(2026, 6, 18, 8, 0, tzinfo=UTC)
    deadline = notice_deadline(meeting, COUNCIL, budget=False)
    assert deadline == datetime(2026, 6, 8, 22, 0, tzinfo=UTC)  # midnight Oslo (summer time)
    check_notice(datetime(2026, 6, 8, 21, 59, tzinfo=UTC), meeting, COUNCIL, budget=False)
    with pytest.raises(RuleViolation) as refused:
        check_notice(datetime(2026, 6, 8, 22, 1, tzinfo=UTC), meeting, COUNCIL, budget=False)
    assert refused.value.rule == "MTG-06" and "10 days" in refused.value.detail


def test_mtg06_budget_notice_needs_14_days() -> None:
    meeting = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    published = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # 12 days before: enough for others
    check_notice(published, meeting, COUNCIL, budget=False)
    with pytest.raises(RuleViolation, match="14 days"):
        check_notice(published, meeting, COUNCIL, budget=True)


# -- MTG-10 deputies --------------------------------------------------------------------------

DEPUTIES = [
    Deputy(uuid.UUID(int=100 + i), party, order)
    for i, (party, order) in enumerate([("Ap", 2), ("Ap", 1), ("H", 1), ("Ap", 3), ("H", 2)])
]


def test_mtg10_next_deputy_follows_the_order_of_election_within_the_list() -> None:
    summons = next_deputy(DEPUTIES, "Ap", {})
    assert summons.deputy is not None and summons.deputy.order == 1 and summons.passed_over == ()


def test_mtg10_unavailable_deputies_are_passed_over_with_the_reason() -> None:
    ap1, ap2 = DEPUTIES[1], DEPUTIES[0]
    summons = next_deputy(
        DEPUTIES, "Ap", {ap1.person_id: Unavailable.DISQUALIFIED, ap2.person_id: Unavailable.ON_LEAVE}
    )
    assert summons.deputy == DEPUTIES[3]
    assert summons.passed_over == ((ap1, Unavailable.DISQUALIFIED), (ap2, Unavailable.ON_LEAVE))
    exhausted = next_deputy(DEPUTIES, "H", {d.person_id: Unavailable.ATTENDING for d in DEPUTIES})
    assert exhausted.deputy is None and len(exhausted.passed_over) == 2


@given(st.lists(st.integers(1, 30), min_size=1, max_size=12, unique=True), st.data())
def test_mtg10_the_summoned_deputy_is_the_lowest_available_order(orders: list[int], data: st.DataObject) -> None:
    deputies = [Deputy(uuid.UUID(int=o), "SV", o) for o in orders]
    away = data.draw(st.sets(st.sampled_from(orders)))
    summons = next_deputy(deputies, "SV", {uuid.UUID(int=o): Unavailable.ABSENT for o in away})
    available = sorted(set(orders) - away)
    assert (summons.deputy.order if summons.deputy else None) == (available[0] if available else None)
    assert [d.order for d, _ in summons.passed_over] == sorted(o for o in away if not available or o < available[0])


def test_mtg10_leave_from_office_covers_its_period_and_its_bodies() -> None:
    open_ended = OfficeLeave(date(2026, 3, 1), None, frozenset())
    assert open_ended.covers(date(2026, 3, 1), "council") and open_ended.covers(date(2028, 1, 1), "board")
    assert not open_ended.covers(date(2026, 2, 28), "council")
    spring = OfficeLeave(date(2026, 3, 1), date(2026, 6, 30), frozenset({"council"}))
    assert spring.covers(date(2026, 6, 30), "council")
    assert not spring.covers(date(2026, 7, 1), "council") and not spring.covers(date(2026, 4, 1), "board")


# -- MTG-02 / MTG-15 quorum -------------------------------------------------------------------


def test_mtg02_quorum_is_counted_per_case_without_the_disqualified() -> None:
    present = set(ids(13))
    assert count_for_case(13, present, set()).quorate
    inquorate = count_for_case(13, present, {uuid.UUID(int=1)})
    assert not inquorate.quorate and inquorate.counted == 12
    with pytest.raises(RuleViolation) as refused:
        require_quorum(inquorate)
    assert refused.value.rule == "MTG-02"


# -- MTG-22 / MTG-25 votes --------------------------------------------------------------------


def test_mtg25_tie_is_decided_by_the_chairs_vote() -> None:
    assert decide(12, 12, Choice.FOR).adopted is True
    assert decide(12, 12, Choice.AGAINST).adopted is False
    assert decide(12, 12, Choice.AGAINST).casting_vote is True
    assert decide(13, 12, Choice.AGAINST).adopted is True


def test_mtg22_only_present_members_vote_once_and_all_of_them() -> None:
    members = ids(3)
    with pytest.raises(RuleViolation, match="present"):
        count_ballots(set(members), [Ballot(uuid.UUID(int=99), Choice.FOR)], members[0])
    with pytest.raises(RuleViolation, match="once"):
        count_ballots(set(members), [Ballot(members[0], Choice.FOR)] * 2 + [Ballot(members[1], Choice.FOR)], None)
    with pytest.raises(RuleViolation, match="abstention") as refused:
        count_ballots(set(members), [Ballot(members[0], Choice.FOR)], members[0])
    assert refused.value.rule == "MTG-22"


@given(st.lists(st.sampled_from(list(Choice)), min_size=1, max_size=25), st.integers(0, 24))
def test_mtg25_outcome_is_the_majority_or_the_chairs_side(choices: list[Choice], chair_index: int) -> None:
    members = ids(len(choices))
    chair = members[chair_index % len(members)]
    outcome = count_ballots(set(members), [Ballot(m, c) for m, c in zip(members, choices, strict=True)], chair)
    votes_for = choices.count(Choice.FOR)
    votes_against = len(choices) - votes_for
    assert (outcome.votes_for, outcome.votes_against) == (votes_for, votes_against)
    if votes_for != votes_against:
        assert outcome.adopted == (votes_for > votes_against) and not outcome.casting_vote
    else:
        assert outcome.adopted == (choices[members.index(chair)] is Choice.FOR) and outcome.casting_vote


# -- MTG-26 elections and lots ----------------------------------------------------------------


def test_mtg26_first_round_needs_more_than_half_of_the_votes_cast() -> None:
    a, b, c = ids(3)
    assert first_round({a: 13, b: 12}, cast=25) == [a]
    assert first_round({a: 12, b: 12, c: 1}, cast=25) == []
    with_blank = tally_ballots([[a]] * 12 + [[b]] * 11 + [[]] * 2, places=1)
    assert (with_blank.ballots, with_blank.blank, with_blank.cast) == (25, 2, 23)
    assert first_round(with_blank.votes, cast=with_blank.cast) == [a]  # blank ballots are not votes cast
    blank_cast = tally_ballots([[a]] * 12 + [[b]] * 11 + [[]] * 2, places=1, blank_counts_as_cast=True)
    assert first_round(blank_cast.votes, cast=blank_cast.cast) == []


def test_mtg26_votes_cast_are_the_ballots_not_the_names_on_them() -> None:
    """Seed: 31 ballots for 5 places: more than half is 16 ballots naming the candidate, not half of 155 names."""
    people = ids(7)
    ballots = [people[:5]] * 16 + [people[2:7]] * 15
    counted = tally_ballots(ballots, places=5)
    assert counted.cast == 31 and counted.votes[people[0]] == 16 and counted.votes[people[5]] == 15
    result = majority_round(counted.votes, 5, cast=counted.cast, appointment=False, seed=None)
    assert set(result.elected) == set(people[:5])  # 16 of 31 is more than half; 15 is not
    partly = tally_ballots([people[:2]] * 16 + [people[2:4]] * 15, places=5)
    assert majority_round(partly.votes, 5, cast=partly.cast, appointment=False, seed=None).elected == (
        tuple(sorted(people[:2], key=str))
    )  # round one elects those with a majority even when places are left
    with pytest.raises(ValueError, match="6 candidates for 5"):
        tally_ballots([people[:6]], places=5)
    with pytest.raises(ValueError, match="more than once"):
        tally_ballots([[people[0], people[0]]], places=5)


def test_mtg26_more_majorities_than_places_go_by_most_votes_and_lots() -> None:
    a, b, c = ids(3)
    counted = tally_ballots([[a, b]] * 3 + [[a, c]] * 3 + [[b, c]], places=2)  # a 6, b 4, c 4 of 7
    with pytest.raises(ValueError, match="lots"):
        majority_round(counted.votes, 2, cast=counted.cast, appointment=False, seed=None)
    drawn = majority_round(counted.votes, 2, cast=counted.cast, appointment=False, seed="s")
    assert drawn.elected[0] == a and set(drawn.tied) == {b, c}


def test_mtg26_the_seed_is_committed_by_its_hash() -> None:
    assert commitment("abc") == commitment("abc") != commitment("abd") and len(commitment("abc")) == 64


def test_mtg26_election_tie_is_decided_by_a_reproducible_lottery() -> None:
    a, b, c = ids(3)
    result = plurality_round({a: 10, b: 10, c: 5}, places=1, appointment=False, seed="KST 2026-06-18 sak 42")
    assert result.tied == (a, b) and result.lottery is not None
    again = plurality_round({a: 10, b: 10, c: 5}, places=1, appointment=False, seed="KST 2026-06-18 sak 42")
    assert again.elected == result.elected and again.lottery == result.lottery
    winners = {plurality_round({a: 10, b: 10}, 1, appointment=False, seed=f"s{i}").elected for i in range(40)}
    assert winners == {(a,), (b,)}  # the seed decides, not the order of the candidates
    with pytest.raises(ValueError, match="lots"):
        plurality_round({a: 10, b: 10}, places=1, appointment=False, seed=None)


def test_mtg26_appointment_tie_is_decided_by_the_chair() -> None:
    a, b, c = ids(3)
    result = plurality_round({a: 10, b: 10, c: 11}, places=2, appointment=True, seed=None, chair_pick=[b])
    assert result.elected == (c, b) and result.lottery is None


@given(st.lists(st.text(min_size=1, max_size=3), min_size=1, max_size=8, unique=True), st.text(max_size=10))
def test_mtg26_a_draw_is_a_permutation_fixed_by_its_seed(names: list[str], seed: str) -> None:
    among = [uuid.uuid5(uuid.NAMESPACE_OID, n) for n in names]
    draw = draw_lots(among, seed)
    assert sorted(draw.order, key=str) == sorted(among, key=str)
    assert draw_lots(list(reversed(among)), seed) == draw


# -- MTG-27 gender balance --------------------------------------------------------------------


def test_mtg27_minimum_per_gender() -> None:
    assert [minimum_per_gender(n) for n in (1, 2, 3, 4, 5, 7, 9)] == [0, 1, 1, 2, 2, 3, 4]


def test_mtg27_under_represented_gender_moves_up() -> None:
    ranking = [Candidate(i, g) for i, g in zip(ids(7), ["male"] * 5 + ["female"] * 2, strict=True)]
    chosen = gender_balanced(ranking, 5)
    assert [c.gender for c in chosen] == ["male", "male", "male", "female", "female"]
    assert [c.id for c in chosen] == [ranking[i].id for i in (0, 1, 2, 5, 6)]
    only_men = [Candidate(i, "male") for i in ids(6)]
    assert gender_balanced(only_men, 4) == only_men[:4]  # "as far as possible"


@given(st.lists(st.sampled_from(["female", "male"]), min_size=1, max_size=15), st.integers(1, 11))
def test_mtg27_balance_holds_whenever_the_candidates_allow_it(genders: list[str], places: int) -> None:
    ranking = [Candidate(i, g) for i, g in zip(ids(len(genders)), genders, strict=True)]
    chosen = gender_balanced(ranking, places)
    assert len(chosen) == min(places, len(ranking)) and len({c.id for c in chosen}) == len(chosen)
    needed = minimum_per_gender(min(places, len(ranking)))
    for gender in ("female", "male"):
        available = genders.count(gender)
        assert sum(c.gender == gender for c in chosen) >= min(needed, available)
    # Nobody is moved up further than needed: the chosen of each gender are its best-ranked.
    for gender in ("female", "male"):
        of_gender = [c.id for c in ranking if c.gender == gender]
        picked = [c.id for c in chosen if c.gender == gender]
        assert picked == of_gender[: len(picked)]


# -- MTG-30 questions, MTG-38 legality appeal -------------------------------------------------


def test_mtg30_questions_are_registered_5_working_days_before() -> None:
    meeting = date(2026, 4, 9)  # Thursday after Easter: Maundy Thursday, Good Friday, Easter Monday off
    assert question_deadline(meeting) == date(2026, 3, 30)
    assert in_time_for(meeting, date(2026, 3, 30)) and not in_time_for(meeting, date(2026, 3, 31))


def test_mtg38_legality_appeal_needs_three_council_members_within_three_weeks() -> None:
    council = set(ids(25))
    three = set(ids(3))
    check_legality_appeal(decided_on=date(2026, 6, 18), lodged_on=date(2026, 7, 9), signatories=three, council=council)
    assert appeal_deadline(date(2026, 6, 18)) == date(2026, 7, 9)
    with pytest.raises(RuleViolation, match="three weeks") as late:
        check_legality_appeal(
            decided_on=date(2026, 6, 18), lodged_on=date(2026, 7, 10), signatories=three, council=council
        )
    assert late.value.rule == "MTG-38"
    outsiders = set(ids(2)) | {uuid.UUID(int=999)}
    with pytest.raises(RuleViolation, match="at least 3") as few:
        check_legality_appeal(
            decided_on=date(2026, 6, 18), lodged_on=date(2026, 6, 19), signatories=outsiders, council=council
        )
    assert few.value.rule == "MTG-38"


# -- MTG-14 who takes part in a case ----------------------------------------------------------


def test_mtg14_the_disqualified_leave_and_their_substitutes_join_for_the_case() -> None:
    from meetings.domain.disqualification import taking_part

    a, b, c, deputy = ids(4)
    assert taking_part({a, b, c}, {b}, set()) == {a, c}
    assert taking_part({a, b, c}, {b}, {deputy}) == {a, c, deputy}


# -- MTG-17 cases not in the notice, MTG-24 budget procedure ----------------------------------


def test_mtg17_the_chair_or_a_third_present_block_an_unnoticed_case() -> None:
    from meetings.domain.procedure import require_consent_for_unnoticed_case

    require_consent_for_unnoticed_case(present=25, objecting=8, chair_objects=False)
    for objecting, chair in ((9, False), (0, True)):
        with pytest.raises(RuleViolation) as blocked:
            require_consent_for_unnoticed_case(present=25, objecting=objecting, chair_objects=chair)
        assert blocked.value.rule == "MTG-17"


def test_mtg24_budget_test_vote_majority_or_runoff_of_the_two_largest() -> None:
    from meetings.domain.procedure import budget_test_vote

    assert budget_test_vote({"A": 13, "B": 7, "C": 5}).majority == "A"
    split = budget_test_vote({"A": 10, "B": 8, "C": 7})
    assert split.majority is None and split.runoff == ("A", "B")
    tied = budget_test_vote({"A": 10, "B": 7, "C": 7, "D": 1})
    assert tied.runoff == ("A", "B", "C")


@given(st.dictionaries(st.sampled_from("ABCDEF"), st.integers(0, 25), min_size=2))
def test_mtg24_runoff_keeps_the_two_largest(votes: dict[str, int]) -> None:
    from meetings.domain.procedure import budget_test_vote

    result = budget_test_vote(votes)
    if result.majority is not None:
        assert 2 * votes[result.majority] > sum(votes.values()) and result.runoff == ()
    else:
        top_two = sorted(votes.values(), reverse=True)[:2]
        assert len(result.runoff) >= 2 and all(votes[a] >= top_two[1] for a in result.runoff)
        assert {a for a in votes if votes[a] >= top_two[1]} == set(result.runoff)
