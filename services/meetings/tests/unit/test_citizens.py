"""Citizens' channels: question time (MTG-32), citizen initiatives (MTG-33), delegations (MTG-34)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from meetings.domain.citizens import (
    QuestionTiming,
    add_months,
    citizen_question_deadline,
    citizen_question_refusal,
    citizen_question_timing,
    delegation_deadline,
    delegation_meets_group_leaders_at,
    election_period,
    initiative_deadline,
    initiative_overdue,
    question_time_month_allowed,
    same_election_period,
    signatures_needed,
)


def test_mtg32_question_time_is_held_in_january_and_june() -> None:
    assert question_time_month_allowed(date(2027, 1, 14)) and question_time_month_allowed(date(2027, 6, 10))
    assert not any(question_time_month_allowed(date(2027, m, 10)) for m in (2, 3, 4, 5, 7, 8, 9, 10, 11, 12))


def test_mtg32_questions_are_submitted_5_working_days_before() -> None:
    assert citizen_question_deadline(date(2027, 1, 14)) == date(2027, 1, 7)  # Thursday → Thursday before
    assert citizen_question_deadline(date(2026, 6, 1)) == date(2026, 5, 22)  # over Whit Monday (25 May)


def test_mtg32_personal_confidential_and_agenda_questions_are_rejected() -> None:
    ok = {"personal_case": False, "confidential": False, "on_coming_agenda": False, "general_interest": True}
    assert citizen_question_refusal(**ok) is None
    for flag in ("personal_case", "confidential", "on_coming_agenda"):
        assert citizen_question_refusal(**{**ok, flag: True}) is not None
    assert citizen_question_refusal(**{**ok, "general_interest": False}) is not None


def test_mtg33_two_percent_of_residents_but_300_always_suffice() -> None:
    assert signatures_needed(10_000) == 200
    assert signatures_needed(10_001) == 201  # at least 2 %: rounded up
    assert signatures_needed(15_000) == 300 and signatures_needed(100_000) == 300
    assert signatures_needed(1) == 1


@given(st.integers(min_value=1, max_value=10_000_000))
def test_mtg33_signatures_needed_never_exceed_300_nor_2_percent(population: int) -> None:
    needed = signatures_needed(population)
    assert needed <= 300
    assert 100 * needed >= 2 * population or needed == 300
    assert 100 * (needed - 1) < 2 * population


def test_mtg33_decided_within_6_months_unless_referred_to_a_planning_case() -> None:
    assert initiative_deadline(date(2026, 3, 15), referred_to_planning_case=False) == date(2026, 9, 15)
    assert initiative_deadline(date(2026, 8, 31), referred_to_planning_case=False) == date(2027, 2, 28)
    assert initiative_deadline(date(2026, 3, 15), referred_to_planning_case=True) is None
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert initiative_overdue(date(2026, 9, 15), None, date(2026, 9, 16))
    assert not initiative_overdue(date(2026, 9, 15), None, date(2026, 9, 15))
    assert not initiative_overdue(date(2026, 9, 15), date(2026, 10, 1), date(2026, 11, 1))
    assert not initiative_overdue(None, None, date(2030, 1, 1))


def test_mtg33_the_election_period_runs_from_1_october_of_the_election_year() -> None:
    assert election_period(date(2026, 11, 23)) == (date(2023, 10, 1), date(2027, 9, 30))
    assert election_period(date(2023, 9, 30)) == (date(2019, 10, 1), date(2023, 9, 30))
    assert election_period(date(2012, 5, 1)) == (date(2011, 10, 1), date(2015, 9, 30))
    assert same_election_period(date(2023, 10, 1), date(2027, 9, 30))
    assert not same_election_period(date(2023, 9, 30), date(2023, 10, 1))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
def test_mtg33_every_day_lies_in_a_four_year_period(day: date) -> None:
    start, end = election_period(day)
    assert start <= day <= end and start.year % 4 == 3 and (start.month, start.day) == (10, 1)
    assert end == date(start.year + 4, 10, 1) - timedelta(days=1)


def test_mtg34_delegations_notify_5_working_days_before_and_meet_half_an_hour_before() -> None:
    assert delegation_deadline(date(2027, 1, 14)) == date(2027, 1, 7)
    starts = datetime(2027, 1, 14, 17, 0, tzinfo=UTC)
    assert delegation_meets_group_leaders_at(starts) == datetime(2027, 1, 14, 16, 30, tzinfo=UTC)


def test_mtg32_deadline_from_the_council_meeting_late_until_it_starts_then_closed() -> None:
    council_meeting = datetime(2027, 6, 17, 8, tzinfo=UTC)  # Thursday 10:00 in Oslo
    assert citizen_question_timing(datetime(2027, 6, 10, 21, 59, tzinfo=UTC), council_meeting) is QuestionTiming.IN_TIME
    assert citizen_question_timing(datetime(2027, 6, 10, 22, 0, tzinfo=UTC), council_meeting) is QuestionTiming.LATE
    just_before = council_meeting - timedelta(microseconds=1)
    assert citizen_question_timing(just_before, council_meeting) is QuestionTiming.LATE
    assert citizen_question_timing(council_meeting, council_meeting) is QuestionTiming.CLOSED


def test_mtg34_fbk32_the_group_leaders_decide_by_more_than_half_of_them() -> None:
    from meetings.domain.citizens import delegation_decision_refusal

    leaders = {"ap", "h", "sp", "frp"}
    assert delegation_decision_refusal({"ap", "h", "sp"}, leaders) is None
    assert delegation_decision_refusal(set(leaders), leaders) is None
    assert "not a decision" in (delegation_decision_refusal({"ap", "h"}, leaders) or "")  # half is not more than half
    assert "not group leaders" in (delegation_decision_refusal({"ap", "h", "sp", "mayor"}, leaders) or "")
    assert delegation_decision_refusal({"ap"}, {"ap"}) is None  # a council with one group
    assert "no group leaders" in (delegation_decision_refusal({"ap"}, set()) or "")
