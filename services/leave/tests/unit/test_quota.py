"""The split of a leave into paid and unpaid hours per rule (LEA-01, LEA-10..42, LEA-50): the boundaries of each
maximum and pot, the second application for one occasion, a leave across New Year, part-time employees."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from folkevalgt_shared.calendar import add_working_days
from leave.domain.model import HOUR, Extent
from leave.domain.quota import History, Split, balances, clip, split
from leave.domain.reasons import BY_CODE

MON = date(2026, 3, 2)  # a Monday with a plain working week after it
DAY = 7_500_000  # 7.5 hours in micro-hours


def days(n: float) -> int:
    return int(n * DAY)


def run(kit: Any, reason: str, start: date, end: date | None = None, *, percent: str = "100", used: float = 0,
        occasion_used: float = 0, settings: Any = None, per_day: str | None = None, run_start: date | None = None,
        pot: str = "welfare") -> Split:  # fmt: skip
    employment = kit.employment(percent)
    used_hours = int(used * employment.day)
    history = History(
        pot_used={(pot, start.year): used_hours} if used else {},
        occasion_used=int(occasion_used * employment.day),
        run_start=run_start,
    )
    return split(BY_CODE[reason], settings or kit.regulation(), employment, kit.extent(start, end, per_day), history)


def pays(s: Split) -> list[tuple[str, int, str]]:
    return [(p.pay, p.days, p.rule) for p in s.parts]


# -- LEA-10..15: the paid welfare reasons and their maxima ---------------------------------------------------------


def test_lea10_serious_illness_pays_five_days_and_the_sixth_is_unpaid(kit: Any) -> None:
    five = run(kit, "serious_illness", MON, date(2026, 3, 6))
    assert five.paid == days(5) and five.unpaid == 0
    six = run(kit, "serious_illness", MON, date(2026, 3, 9))
    assert six.paid == days(5) and six.unpaid == days(1)
    assert pays(six) == [("paid", 5, "LEA-10"), ("unpaid", 1, "LEA-16")]
    assert "maximum of 5 days" in six.parts[-1].why


def test_lea11_death_pays_three_days_and_a_fourth_is_unpaid_under_lea16(kit: Any) -> None:
    s = run(kit, "death", MON, date(2026, 3, 5))
    assert pays(s) == [("paid", 3, "LEA-11"), ("unpaid", 1, "LEA-16")]


def test_lea11_a_second_application_for_the_same_death_shares_the_three_days(kit: Any) -> None:
    s = run(kit, "death", MON, date(2026, 3, 3), occasion_used=2)
    assert pays(s) == [("paid", 1, "LEA-11"), ("unpaid", 1, "LEA-16")]
    nothing_left = run(kit, "death", MON, occasion_used=3)
    assert nothing_left.paid == 0 and nothing_left.unpaid == days(1)


def test_lea12_child_settling_pays_one_day(kit: Any) -> None:
    assert pays(run(kit, "child_settling", MON, date(2026, 3, 3))) == [("paid", 1, "LEA-12"), ("unpaid", 1, "LEA-16")]


@pytest.mark.parametrize(("reason", "rule"), [("first_school_day", "LEA-13"), ("medical", "LEA-14"),
                                               ("blood_donation", "LEA-15")])  # fmt: skip
def test_lea13_lea14_lea15_necessary_hours_are_paid_from_the_pot_without_a_maximum(
    kit: Any, reason: str, rule: str
) -> None:
    two_hours = run(kit, reason, MON, per_day="2")
    assert two_hours.paid == 2 * HOUR and two_hours.parts[0].rule == rule and two_hours.parts[0].pot == "welfare"
    week = run(kit, reason, MON, date(2026, 3, 13))  # ten days: no maximum, only the pot
    assert week.paid == days(10) and week.unpaid == 0


# -- LEA-16/17: the 12-day pot --------------------------------------------------------------------------------------


def test_lea16_the_twelfth_day_is_paid_and_the_thirteenth_is_not(kit: Any) -> None:
    last = run(kit, "medical", MON, used=11)
    assert last.paid == days(1) and last.unpaid == 0
    beyond = run(kit, "medical", MON, date(2026, 3, 3), used=11)
    assert pays(beyond) == [("paid", 1, "LEA-14"), ("unpaid", 1, "LEA-16")]
    assert beyond.parts[-1].why == "beyond the 12 days of the welfare pot for 2026"
    empty = run(kit, "medical", MON, used=12)
    assert empty.paid == 0 and empty.unpaid == days(1) and empty.parts[0].discretionary


def test_lea16_the_death_of_the_issue_ten_days_used_three_asked_two_paid_one_unpaid(kit: Any) -> None:
    s = run(kit, "death", MON, date(2026, 3, 4), used=10)
    assert s.paid == days(2) and s.unpaid == days(1)
    assert [(p.first, p.last, p.pay) for p in s.parts] == [(MON, date(2026, 3, 3), "paid"),
                                                           (date(2026, 3, 4), date(2026, 3, 4), "unpaid")]  # fmt: skip


def test_lea16_the_pot_running_out_within_a_day_splits_that_day(kit: Any) -> None:
    employment = kit.employment()
    history = History(pot_used={("welfare", 2026): days(12) - 2 * HOUR})
    s = split(BY_CODE["medical"], kit.regulation(), employment, kit.extent(MON, date(2026, 3, 3)), history)
    assert [(p.pay, p.per_day, p.first) for p in s.parts] == [
        ("paid", 2 * HOUR, MON),
        ("unpaid", days(1) - 2 * HOUR, MON),
        ("unpaid", days(1), date(2026, 3, 3)),
    ]


def test_lea16_the_tighter_cap_decides_and_is_named(kit: Any) -> None:
    # 4 days of serious illness with 2 left in the pot: the pot, not the 5-day maximum, stops the pay.
    s = run(kit, "serious_illness", MON, date(2026, 3, 5), used=10)
    assert pays(s) == [("paid", 2, "LEA-10"), ("unpaid", 2, "LEA-16")]
    assert "welfare pot" in s.parts[-1].why
    # 7 days with an empty pot: two days lie beyond the maximum too, named as such.
    s = run(kit, "serious_illness", MON, date(2026, 3, 10), used=12)
    assert [p.why.split(" for ")[0] for p in s.parts] == [
        "beyond the 12 days of the welfare pot",
        "beyond LEA-10's maximum of 5 days",
    ]


def test_lea17_a_reason_set_outside_the_pot_is_paid_without_drawing_on_it(kit: Any) -> None:
    def no_pot(section: dict[str, Any]) -> None:
        section["reasons"]["blood_donation"]["pot"] = None

    s = run(kit, "blood_donation", MON, used=12, settings=kit.regulation(no_pot))
    assert s.paid == days(1) and s.drawn() == {}
    by_default = run(kit, "blood_donation", MON, used=12)
    assert by_default.paid == 0  # LEA-17 default: all of chapter 3 counts


# -- LEA-20..26: unpaid welfare leave ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "rule", "maximum"),
    [("house_building", "LEA-20", 2), ("moving", "LEA-21", 1), ("international_sports", "LEA-22", 5),
     ("championship_final", "LEA-23", 2), ("religious_holiday", "LEA-24", 2), ("weighty_reasons", "LEA-25", 3)],
)  # fmt: skip
def test_lea20_to_lea25_unpaid_up_to_the_maximum_then_at_the_managers_discretion(
    kit: Any, reason: str, rule: str, maximum: int
) -> None:
    exact = run(kit, reason, MON, add_working_days(MON, maximum - 1))
    assert pays(exact) == [("unpaid", maximum, rule)] and not exact.parts[0].discretionary
    over = run(kit, reason, MON, add_working_days(MON, maximum))
    assert pays(over) == [("unpaid", maximum, rule), ("unpaid", 1, "LEA-26")]
    assert over.parts[-1].discretionary and over.paid == 0


def test_lea26_other_welfare_reasons_are_unpaid_and_discretionary_without_a_cap(kit: Any) -> None:
    s = run(kit, "other_welfare", MON, date(2026, 3, 20))
    assert pays(s) == [("unpaid", 15, "LEA-26")] and s.parts[0].discretionary


# -- LEA-30..34: public office and trust positions ----------------------------------------------------------------


def test_lea30_public_office_has_its_own_pot_of_twelve_days(kit: Any) -> None:
    s = run(kit, "public_office", MON, date(2026, 3, 3), used=12)  # the welfare pot is empty
    assert s.paid == days(2) and s.drawn() == {("public_office", 2026): days(2)}
    full = run(kit, "public_office", MON, date(2026, 3, 3), used=11, pot="public_office")
    assert pays(full) == [("paid", 1, "LEA-30"), ("unpaid", 1, "LEA-30")]


def test_lea32_meeting_duty_is_a_right_paid_from_the_public_office_pot(kit: Any) -> None:
    s = run(kit, "elected_body_duty", MON, per_day="3")
    assert s.paid == 3 * HOUR and s.parts[0].right and s.parts[0].pot == "public_office"


def test_lea31_full_time_office_is_unpaid_for_the_election_period(kit: Any) -> None:
    s = run(kit, "full_time_office", date(2025, 10, 1), date(2029, 9, 30))
    assert s.paid == 0 and all(p.rule == "LEA-31" and not p.discretionary for p in s.parts)


def test_lea32_four_years_of_municipal_office_are_a_right_and_beyond_them_discretion(kit: Any) -> None:
    inside = run(kit, "municipal_office", date(2023, 10, 2), date(2027, 9, 30))
    assert inside.right == inside.requested and inside.unpaid == inside.requested
    # A second term continuing a run that began four years earlier: the employer's discretion.
    second = run(kit, "municipal_office", date(2027, 10, 4), date(2031, 9, 30), run_start=date(2023, 10, 2))
    assert second.right == 0 and all(p.discretionary for p in second.parts)
    # Crossing the fourth anniversary: the days before it are the right's, after it discretion.
    crossing = run(kit, "municipal_office", date(2027, 9, 27), date(2027, 10, 8), run_start=date(2023, 10, 4))
    assert [(p.first, p.last, p.right) for p in crossing.parts] == [
        (date(2027, 9, 27), date(2027, 10, 1), True),
        (date(2027, 10, 4), date(2027, 10, 8), False),
    ]


def test_lea33_nomination_meetings_are_paid_without_a_pot(kit: Any) -> None:
    s = run(kit, "nomination_meeting", MON, used=12)
    assert s.paid == days(1) and s.drawn() == {}


def test_lea34_other_trust_positions_are_unpaid_and_discretionary(kit: Any) -> None:
    s = run(kit, "other_trust_position", MON)
    assert pays(s) == [("unpaid", 1, "LEA-34")] and s.parts[0].discretionary


# -- LEA-05, LEA-40..42 -------------------------------------------------------------------------------------------


def test_lea05_one_year_of_unpaid_rehabilitation_leave_is_a_right_and_a_day_more_is_not(kit: Any) -> None:
    year = run(kit, "rehabilitation", date(2026, 1, 5), date(2027, 1, 4))
    assert year.right == year.requested and year.paid == 0
    longer = run(kit, "rehabilitation", date(2026, 1, 5), date(2027, 1, 5))
    assert longer.parts[-1].first == date(2027, 1, 5) and longer.parts[-1].discretionary
    assert not longer.parts[-1].right


def test_lea40_a_new_position_outside_the_municipality_is_unpaid_discretion(kit: Any) -> None:
    s = run(kit, "new_position", MON, date(2026, 6, 30))
    assert s.paid == 0 and all(p.discretionary for p in s.parts) and "normally not granted" in s.parts[0].why


@pytest.mark.parametrize("reason", ["judge_trainee", "development_aid"])
def test_lea41_up_to_two_years_unpaid_then_discretion(kit: Any, reason: str) -> None:
    two = run(kit, reason, date(2026, 8, 3), date(2028, 8, 2))
    assert two.paid == 0 and not any(p.discretionary for p in two.parts)
    more = run(kit, reason, date(2026, 8, 3), date(2028, 8, 3))
    assert more.parts[-1].discretionary and more.parts[-1].first == date(2028, 8, 3)


def test_lea41_exchange_between_municipalities_is_paid_and_research_is_discretion(kit: Any) -> None:
    assert run(kit, "municipal_exchange", MON, date(2026, 3, 20)).unpaid == 0
    research = run(kit, "research", MON, date(2026, 3, 20))
    assert research.paid == 0 and research.parts[0].discretionary


def test_lea42_rescue_operations_are_paid(kit: Any) -> None:
    s = run(kit, "rescue_operation", MON, date(2026, 3, 4), used=12)
    assert s.paid == days(3) and s.drawn() == {}


def test_lea50_statutory_leave_is_recorded_with_its_legal_basis_not_computed(kit: Any) -> None:
    s = run(kit, "parental", MON, date(2026, 3, 13), used=12)
    assert s.statutory == days(10) and s.paid == 0 and s.unpaid == 0
    assert "Arbeidsmiljøloven § 12-5" in s.parts[0].why and s.parts[0].rule == "LEA-50"


# -- Calendar: working days, holidays, New Year -------------------------------------------------------------------


def test_lea16_holidays_and_weekends_are_not_charged(kit: Any) -> None:
    # Easter 2026: Maundy Thursday 2 April to Easter Monday 6 April; the week has two working days.
    s = run(kit, "medical", date(2026, 3, 30), date(2026, 4, 6))
    assert s.paid == days(3)


def test_lea16_a_leave_across_new_year_charges_each_years_pot(kit: Any) -> None:
    employment = kit.employment()
    history = History(pot_used={("welfare", 2026): days(11)})
    s = split(BY_CODE["medical"], kit.regulation(), employment, kit.extent(date(2026, 12, 29), date(2027, 1, 5)),
              history)  # fmt: skip
    assert s.drawn() == {("welfare", 2026): days(1), ("welfare", 2027): days(2)}
    assert [(p.year, p.pay, p.days) for p in s.parts] == [(2026, "paid", 1), (2026, "unpaid", 2), (2027, "paid", 2)]


def test_lea10_the_maximum_is_per_occasion_across_new_year(kit: Any) -> None:
    s = run(kit, "serious_illness", date(2026, 12, 28), date(2027, 1, 6))
    # 28–31 December (4) and 4 January is five; 5–6 January lie beyond the maximum.
    assert [(p.year, p.pay, p.days, p.rule) for p in s.parts] == [
        (2026, "paid", 4, "LEA-10"),
        (2027, "paid", 1, "LEA-10"),
        (2027, "unpaid", 2, "LEA-16"),
    ]


# -- LEA-01: part-time ---------------------------------------------------------------------------------------------


def test_lea01_a_half_time_employee_has_half_the_pot_and_half_of_each_maximum(kit: Any) -> None:
    s = run(kit, "death", MON, date(2026, 3, 4), percent="50", used=10)
    assert s.paid == 2 * 3_750_000 and s.unpaid == 3_750_000
    employment = kit.employment("50")
    [welfare] = [b for b in balances(kit.regulation(), employment, {}, {2026}) if b.pot == "welfare"]
    assert welfare.size == 45 * HOUR


def test_lea01_hours_per_day_of_a_part_timer_working_full_days_take_their_full_hours(kit: Any) -> None:
    s = run(kit, "medical", MON, percent="40", per_day="7.5")
    assert s.paid == days(1)  # of a pot of 12 × 3 hours = 36 hours


def test_lea01_scaling_can_be_switched_off(kit: Any) -> None:
    def full(section: dict[str, Any]) -> None:
        section["part_time"] = {"pots": False, "reason_maxima": False}

    s = run(kit, "death", MON, date(2026, 3, 11), percent="50", settings=kit.regulation(full))
    # Days of 3.75 hours against a maximum of 3 × 7.5 hours: six days paid, the rest beyond.
    assert s.paid == 6 * 3_750_000


def test_lea01_an_odd_position_is_held_exactly(kit: Any) -> None:
    employment = kit.employment("33.33")
    assert employment.day == 2_499_750
    s = run(kit, "medical", MON, date(2026, 3, 17), percent="33.33")  # 12 working days
    assert s.paid == 12 * 2_499_750 and s.unpaid == 0


def test_lea16_a_grant_cut_short_gives_the_days_after_back(kit: Any) -> None:
    s = run(kit, "death", MON, date(2026, 3, 5), used=10)
    kept = clip(s.parts, date(2026, 3, 3), list(Extent(MON, date(2026, 3, 3)).working_days()))
    assert Split(kept).paid == days(2) and Split(kept).unpaid == 0
