"""Composition of a body: seats (MTG-01), single chairs (MTG-09), deputy order (MTG-10)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkevalgt_shared.errors import InvalidInput, Problem, RuleViolation
from meetings.domain.composition import Tenure, check_tenure, max_concurrent, overlaps

TERM_START, TERM_END = date(2023, 10, 1), date(2027, 9, 30)


def tenure(
    role: str = "member",
    start: date = TERM_START,
    end: date | None = TERM_END,
    *,
    person: UUID | None = None,
    **extra: object,
) -> Tenure:
    return Tenure(id=uuid4(), person_id=person or uuid4(), role=role, start=start, end=end, **extra)  # type: ignore[arg-type]


def refused(seats: int, candidate: Tenure, others: list[Tenure]) -> Problem:
    with pytest.raises(Problem) as caught:
        check_tenure(seats, candidate, others)
    return caught.value


def rule_of(seats: int, candidate: Tenure, others: list[Tenure]) -> str | None:
    problem = refused(seats, candidate, others)
    assert isinstance(problem, RuleViolation)
    return problem.rule


# -- MTG-01: seats -----------------------------------------------------------------------------


def test_mtg01_seats_cannot_exceed_the_body_size() -> None:
    three = [tenure() for _ in range(3)]
    check_tenure(3, three[2], three[:2])  # the third seat is free
    problem = refused(3, tenure(), three)
    assert isinstance(problem, RuleViolation)
    assert problem.rule == "MTG-01"
    assert problem.status == 422
    assert problem.errors == [{"field": "role", "message": "no free seat"}]


def test_mtg01_seats_cannot_exceed_even_for_a_partly_overlapping_period() -> None:
    three = [tenure(start=date(2024, 1, 1), end=date(2024, 12, 31)) for _ in range(3)]
    assert rule_of(3, tenure(start=date(2024, 12, 31), end=None), three) == "MTG-01"
    assert rule_of(3, tenure(start=date(2020, 1, 1), end=date(2024, 1, 1)), three) == "MTG-01"


@pytest.mark.parametrize("role", ["chair", "vice_chair", "mayor", "deputy_mayor"])
def test_mtg01_seats_cannot_exceed_leading_roles_take_a_seat(role: str) -> None:
    others = [tenure(role), tenure(), tenure()]
    assert rule_of(3, tenure(), others) == "MTG-01"
    assert rule_of(3, tenure(role="member"), [tenure(role), tenure("member"), tenure("member")]) == "MTG-01"


def test_mtg01_seats_cannot_exceed_sequential_members_do_not_count_together() -> None:
    # One member ends on 31 Dec, the next starts on 1 Jan: never two on the same day.
    first = tenure(start=date(2023, 10, 1), end=date(2024, 12, 31))
    second = tenure(start=date(2025, 1, 1), end=TERM_END)
    others = [tenure(), tenure(), first, second]
    check_tenure(4, tenure(), [*others[:2], first])
    check_tenure(4, tenure(), others)  # 3 + 1 on any day: 4 seats suffice
    # Overlapping by one day, they do count together.
    overlapping = tenure(start=date(2024, 12, 31), end=TERM_END)
    assert rule_of(4, tenure(), [tenure(), tenure(), first, overlapping]) == "MTG-01"


def test_mtg01_seats_cannot_exceed_a_candidate_filling_a_gap_is_accepted() -> None:
    early = tenure(start=date(2024, 1, 1), end=date(2024, 3, 31))
    late = tenure(start=date(2024, 7, 1), end=date(2024, 9, 30))
    gap = tenure(start=date(2024, 4, 1), end=date(2024, 6, 30))
    check_tenure(1, gap, [early, late])
    assert rule_of(1, tenure(start=date(2024, 3, 31), end=date(2024, 6, 30)), [early, late]) == "MTG-01"


def test_mtg01_seats_cannot_exceed_members_of_other_periods_do_not_count() -> None:
    before = [tenure(start=date(2019, 10, 1), end=date(2023, 9, 30)) for _ in range(3)]
    check_tenure(3, tenure(), before)


def test_mtg01_seats_cannot_exceed_without_voting_right_no_seat_is_taken() -> None:
    employee_reps = [tenure(voting_right=False) for _ in range(2)]
    seated = [tenure(), tenure(), tenure()]
    check_tenure(3, tenure(voting_right=False), seated)  # the candidate takes no seat
    assert rule_of(3, tenure(), seated) == "MTG-01"
    check_tenure(3, tenure(), seated[:2] + employee_reps)  # the others without a vote take none either


def test_mtg01_seats_cannot_exceed_deputies_and_group_leaders_take_no_seat() -> None:
    others = [
        tenure(),
        tenure(),
        tenure("deputy", deputy_order=1, party_group="Ap"),
        tenure("group_leader", party_group="H"),
    ]
    check_tenure(3, tenure(), others)
    check_tenure(2, tenure("deputy", deputy_order=2, party_group="Ap"), [tenure(), tenure()])


def test_mtg01_one_place_per_person_no_two_seats() -> None:
    person = uuid4()
    problem = refused(25, tenure(person=person), [tenure(person=person)])
    assert isinstance(problem, RuleViolation)
    assert problem.rule == "MTG-01"
    assert problem.errors == [{"field": "person_id", "message": "one seat or deputy place per body"}]


def test_mtg01_one_place_per_person_not_member_and_deputy() -> None:
    person = uuid4()
    deputy = tenure("deputy", person=person, deputy_order=1, party_group="Ap")
    assert rule_of(25, tenure(person=person), [deputy]) == "MTG-01"
    assert (
        rule_of(25, tenure("deputy", person=person, deputy_order=2, party_group="Ap"), [tenure(person=person)])
        == "MTG-01"
    )
    assert rule_of(25, tenure("mayor", person=person), [tenure(person=person)]) == "MTG-01"


def test_mtg01_one_place_per_person_in_sequence_or_as_group_leader_is_fine() -> None:
    person = uuid4()
    deputy_first = tenure(
        "deputy", date(2023, 10, 1), date(2024, 12, 31), person=person, deputy_order=1, party_group="Ap"
    )
    check_tenure(25, tenure(start=date(2025, 1, 1), person=person), [deputy_first])  # moved up from deputy
    check_tenure(25, tenure("group_leader", person=person, party_group="Ap"), [tenure(person=person)])
    check_tenure(25, tenure(person=person), [tenure("group_leader", person=person, party_group="Ap")])


# -- MTG-09: one chair (mayor) at a time ----------------------------------------------------------


@pytest.mark.parametrize("role", ["chair", "vice_chair", "mayor", "deputy_mayor"])
def test_mtg09_one_holder_at_a_time(role: str) -> None:
    problem = refused(25, tenure(role), [tenure(role)])
    assert isinstance(problem, RuleViolation)
    assert problem.rule == "MTG-09"
    assert role in problem.detail


def test_mtg09_one_mayor_at_a_time_overlap_by_a_day_is_refused() -> None:
    mayor = tenure("mayor", date(2023, 10, 1), date(2025, 6, 30))
    assert rule_of(25, tenure("mayor", date(2025, 6, 30), None), [mayor]) == "MTG-09"
    check_tenure(25, tenure("mayor", date(2025, 7, 1), None), [mayor])  # the successor


def test_mtg09_one_chair_at_a_time_alongside_a_vice_chair_is_fine() -> None:
    check_tenure(5, tenure("chair"), [tenure("vice_chair"), tenure()])
    check_tenure(25, tenure("deputy_mayor"), [tenure("mayor"), tenure("chair")])


def test_mtg09_one_chair_at_a_time_an_open_ended_chair_blocks_later_ones() -> None:
    chair = tenure("chair", date(2023, 10, 1), None)
    assert rule_of(5, tenure("chair", date(2030, 1, 1), date(2030, 12, 31)), [chair]) == "MTG-09"


# -- MTG-10: deputies in the order they were elected ----------------------------------------------


@pytest.mark.parametrize("order", [None, 0, -1])
def test_mtg10_deputy_needs_order(order: int | None) -> None:
    problem = refused(25, tenure("deputy", deputy_order=order, party_group="Ap"), [])
    assert isinstance(problem, RuleViolation)
    assert problem.rule == "MTG-10"
    assert problem.errors == [{"field": "deputy_order", "message": "required, ≥ 1"}]


def test_mtg10_deputy_order_only_for_deputies() -> None:
    problem = refused(25, tenure(deputy_order=1), [])
    assert isinstance(problem, InvalidInput)
    assert problem.errors and problem.errors[0]["field"] == "deputy_order"


def test_mtg10_deputy_order_unique_per_party_list() -> None:
    first = tenure("deputy", deputy_order=1, party_group="Ap")
    problem = refused(25, tenure("deputy", deputy_order=1, party_group="Ap"), [first])
    assert isinstance(problem, RuleViolation)
    assert problem.rule == "MTG-10"
    assert "Ap" in problem.detail


def test_mtg10_deputy_order_unique_per_party_list_other_groups_may_use_it() -> None:
    others = [tenure("deputy", deputy_order=1, party_group="Ap"), tenure("deputy", deputy_order=2, party_group="Ap")]
    check_tenure(25, tenure("deputy", deputy_order=1, party_group="H"), others)
    check_tenure(25, tenure("deputy", deputy_order=3, party_group="Ap"), others)


def test_mtg10_deputy_order_unique_per_party_list_without_lists() -> None:
    # A committee whose deputies are not elected per list: one numbering for the body.
    first = tenure("deputy", deputy_order=1)
    assert rule_of(5, tenure("deputy", deputy_order=1), [first]) == "MTG-10"
    check_tenure(5, tenure("deputy", deputy_order=1, party_group="Ap"), [first])


def test_mtg10_deputy_order_unique_per_party_list_reusable_after_the_term() -> None:
    old = tenure("deputy", date(2019, 10, 1), date(2023, 9, 30), deputy_order=1, party_group="Ap")
    check_tenure(25, tenure("deputy", deputy_order=1, party_group="Ap"), [old])


# -- group leaders, dates, roles ------------------------------------------------------------------


def test_group_leader_needs_a_party_group() -> None:
    problem = refused(25, tenure("group_leader"), [])
    assert isinstance(problem, InvalidInput)
    assert problem.errors == [{"field": "party_group", "message": "required for group_leader"}]


def test_one_group_leader_per_group_at_a_time() -> None:
    leader = tenure("group_leader", party_group="Ap")
    problem = refused(25, tenure("group_leader", party_group="Ap"), [leader])
    assert isinstance(problem, InvalidInput)
    assert problem.errors and problem.errors[0]["field"] == "party_group"
    check_tenure(25, tenure("group_leader", party_group="H"), [leader])
    check_tenure(25, tenure("group_leader", date(2027, 10, 1), None, party_group="Ap"), [leader])


def test_end_before_start_is_refused() -> None:
    problem = refused(25, tenure(start=date(2024, 1, 2), end=date(2024, 1, 1)), [])
    assert isinstance(problem, InvalidInput)
    assert problem.errors == [{"field": "end_date", "message": "must not be before start_date"}]
    check_tenure(25, tenure(start=date(2024, 1, 1), end=date(2024, 1, 1)), [])  # one day is fine


def test_unknown_role_is_refused() -> None:
    problem = refused(25, tenure("emperor"), [])
    assert isinstance(problem, InvalidInput)
    assert problem.errors == [{"field": "role", "message": "unknown role"}]


# -- overlaps and max_concurrent ------------------------------------------------------------------


def test_overlaps_includes_both_end_days() -> None:
    a = tenure(start=date(2024, 1, 1), end=date(2024, 1, 31))
    assert overlaps(a, tenure(start=date(2024, 1, 31), end=None))
    assert not overlaps(a, tenure(start=date(2024, 2, 1), end=None))
    assert overlaps(tenure(start=date(2024, 1, 1), end=None), tenure(start=date(2099, 1, 1), end=None))


def test_max_concurrent_examples() -> None:
    d = date(2024, 1, 1)
    assert max_concurrent([]) == 0
    assert max_concurrent([(d, d)]) == 1
    assert max_concurrent([(d, d), (d + timedelta(days=1), None)]) == 1  # back to back
    assert max_concurrent([(d, d + timedelta(days=1)), (d + timedelta(days=1), None)]) == 2
    assert max_concurrent([(d, None), (d, None), (d, date.max)]) == 3


WINDOW_START = date(2024, 1, 1)
WINDOW = 60


@st.composite
def periods(draw: st.DrawFn) -> tuple[date, date | None]:
    start = draw(st.integers(0, WINDOW - 1))
    if draw(st.booleans()):
        return WINDOW_START + timedelta(days=start), None
    end = draw(st.integers(start, WINDOW - 1))
    return WINDOW_START + timedelta(days=start), WINDOW_START + timedelta(days=end)


@given(st.lists(periods(), max_size=8))
def test_max_concurrent_equals_a_count_over_each_day(intervals: list[tuple[date, date | None]]) -> None:
    def in_force(day: date) -> int:
        return sum(1 for start, end in intervals if start <= day and (end is None or day <= end))

    brute = max((in_force(WINDOW_START + timedelta(days=n)) for n in range(WINDOW)), default=0)
    assert max_concurrent(intervals) == brute


@given(st.lists(periods(), max_size=6), periods())
def test_mtg01_seats_cannot_exceed_the_check_agrees_with_a_count_over_each_day(
    intervals: list[tuple[date, date | None]],
    candidate_period: tuple[date, date | None],
) -> None:
    seats = 3
    others = [tenure(start=s, end=e) for s, e in intervals]
    candidate = tenure(start=candidate_period[0], end=candidate_period[1])
    days = [WINDOW_START + timedelta(days=n) for n in range(WINDOW)]
    # Any day of the candidate's period on which the others already fill every seat?
    full = any(
        candidate.start <= day
        and (candidate.end is None or day <= candidate.end)
        and sum(1 for t in others if t.start <= day and (t.end is None or day <= t.end)) >= seats
        for day in days
    )
    if full:
        assert rule_of(seats, candidate, others) == "MTG-01"
    else:
        check_tenure(seats, candidate, others)
