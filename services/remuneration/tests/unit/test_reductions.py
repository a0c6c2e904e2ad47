"""Optional reductions of fixed remuneration: attendance over the year (REM-80) and leave from
office of at least three months (REM-81)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any
from uuid import uuid4

from remuneration.domain.fixed import fixed_yearly_pay, mayor_pay
from remuneration.domain.leave import qualifying_leave
from remuneration.domain.model import ItemType, LeaveFromOffice, Period, nok
from remuneration.domain.rates import RateSource, round_ore, year_share
from remuneration.domain.reductions import attendance_reductions

Q1, Q4 = Period(2024, 1), Period(2024, 4)


def reductions_on(section: dict[str, Any]) -> None:
    section["attendance_reduction"]["enabled"] = True


def leave_on(section: dict[str, Any]) -> None:
    section["leave_deduction"]["enabled"] = True


def executive_member_pay(section: dict[str, Any]) -> None:
    section["models"]["1"]["fixed_yearly"].append(
        {
            "label": "executive committee member (test)",
            "rule": "REM-34",
            "item_type": "fixed_pay",
            "body_types": ["executive_committee"],
            "roles": ["member"],
            "rate": 10_000,
        }
    )


def council_year(kit: Any, person: Any, attended: int) -> tuple[list[Any], list[Any]]:
    meetings = [kit.meeting(date(2024, m, 10), "municipal-council", "municipal_council") for m in (2, 3, 5, 6, 9, 11)]
    attendances = [
        kit.attendance(person, m.held_on, meeting=m.meeting_id, body_key=m.body_key, body_type=m.body_type)
        for m in meetings[:attended]
    ]
    return meetings, attendances


# -- REM-80 -------------------------------------------------------------------------------------


def test_rem80_fewer_than_two_thirds_halves_the_years_fixed_remuneration(kit: Any) -> None:
    leader = uuid4()
    meetings, attendances = council_year(kit, leader, attended=3)
    source = RateSource(kit.one_version(reductions_on))
    (line,) = attendance_reductions(
        Q4, source, [kit.office(leader, "group_leader")], meetings=meetings, attendances=attendances
    )
    assert (line.amount, line.rule, line.item_type) == (-nok(1500), "REM-80", ItemType.LEADER_PAY)
    assert "attended 3 of 6 meetings of municipal-council in 2024" in line.explanation
    assert sum(1 for s in line.sources if s.startswith("meeting:")) == 3


def test_rem80_two_thirds_keeps_it_whole(kit: Any) -> None:
    leader = uuid4()
    meetings, attendances = council_year(kit, leader, attended=4)
    source = RateSource(kit.one_version(reductions_on))
    assert (
        attendance_reductions(
            Q4, source, [kit.office(leader, "group_leader")], meetings=meetings, attendances=attendances
        )
        == []
    )


def test_rem80_deputies_earn_a_share_by_attendance(kit: Any) -> None:
    source = RateSource(kit.one_version(kit.combine(reductions_on, executive_member_pay)))
    meetings = [kit.meeting(date(2024, m, 3)) for m in (1, 3, 5, 7, 9, 11)]
    results = {}
    for attended in (1, 2, 4):
        deputy = uuid4()
        attendances = [
            kit.attendance(
                deputy,
                m.held_on,
                meeting=m.meeting_id,
                body_key=m.body_key,
                body_type=m.body_type,
                role="deputy",
                as_deputy=True,
            )
            for m in meetings[:attended]
        ]
        office = kit.office(deputy, "deputy", body_key="executive-committee", body_type="executive_committee")
        results[attended] = [
            line.amount
            for line in attendance_reductions(Q4, source, [office], meetings=meetings, attendances=attendances)
        ]
    assert results == {1: [], 2: [nok(5000)], 4: [nok(10_000)]}


def test_rem80_is_off_by_default_and_only_settled_in_the_fourth_quarter(kit: Any) -> None:
    leader = uuid4()
    meetings, attendances = council_year(kit, leader, attended=0)
    offices = [kit.office(leader, "group_leader")]
    assert (
        attendance_reductions(Q4, RateSource(kit.one_version()), offices, meetings=meetings, attendances=attendances)
        == []
    )
    on = RateSource(kit.one_version(reductions_on))
    assert attendance_reductions(Period(2024, 3), on, offices, meetings=meetings, attendances=attendances) == []


# -- REM-81 -------------------------------------------------------------------------------------


def test_rem81_three_consecutive_months_of_leave_qualify(kit: Any) -> None:
    person = uuid4()
    long = LeaveFromOffice(person, date(2024, 1, 15), date(2024, 4, 14))
    short = LeaveFromOffice(person, date(2024, 1, 15), date(2024, 4, 13))
    assert qualifying_leave([long], 3, date(2024, 6, 30)) == {person: [(date(2024, 1, 15), date(2024, 4, 14))]}
    assert qualifying_leave([short], 3, date(2024, 6, 30)) == {}
    running = LeaveFromOffice(person, date(2024, 1, 15), None)
    assert qualifying_leave([running], 3, date(2024, 3, 31)) == {}
    assert qualifying_leave([running], 3, date(2024, 6, 30)) == {person: [(date(2024, 1, 15), date(2024, 6, 30))]}


def test_rem81_leave_days_are_deducted_from_fixed_remuneration(kit: Any) -> None:
    leader = uuid4()
    leave = [LeaveFromOffice(leader, date(2024, 1, 15), date(2024, 4, 30))]
    offices = [kit.office(leader, "group_leader")]
    (line,) = fixed_yearly_pay(Q1, RateSource(kit.one_version(leave_on)), offices, leaves=leave)
    assert line.amount == year_share(nok(3000), date(2024, 1, 1), date(2024, 1, 14), "day")
    assert "77 days of leave from office not paid (REM-81)" in line.explanation
    (unreduced,) = fixed_yearly_pay(Q1, RateSource(kit.one_version()), offices, leaves=leave)
    assert unreduced.amount == year_share(nok(3000), date(2024, 1, 1), date(2024, 3, 31), "day")


def test_rem81_short_leave_is_not_deducted(kit: Any) -> None:
    leader = uuid4()
    leave = [LeaveFromOffice(leader, date(2024, 1, 15), date(2024, 2, 29))]
    (line,) = fixed_yearly_pay(
        Q1, RateSource(kit.one_version(leave_on)), [kit.office(leader, "group_leader")], leaves=leave
    )
    assert line.amount == year_share(nok(3000), date(2024, 1, 1), date(2024, 3, 31), "day")


def test_rem81_the_mayors_pay_is_deducted_too(kit: Any) -> None:
    mayor = uuid4()
    leave = [LeaveFromOffice(mayor, date(2024, 2, 15), date(2024, 5, 31))]
    source = RateSource(kit.one_version(kit.combine(leave_on, kit.with_ceo_salary(1_200_000))))
    lines = mayor_pay(Q1, source, [kit.office(mayor, "mayor")], leaves=leave)
    assert [line.amount for line in lines] == [nok(100_000), round_ore(Fraction(nok(100_000) * 14, 29))]
    assert "15 days of leave from office not paid (REM-81)" in lines[1].explanation


def test_rem81_leave_from_some_bodies_reduces_only_the_offices_in_them(kit: Any) -> None:
    leader = uuid4()
    offices = [
        kit.office(leader, "group_leader"),
        kit.office(leader, body_key="executive-committee", body_type="executive_committee"),
    ]
    source = RateSource(kit.one_version(kit.combine(leave_on, executive_member_pay)))
    leave = [LeaveFromOffice(leader, date(2024, 1, 1), date(2024, 6, 30), frozenset({"executive-committee"}))]
    lines = {line.rule: line for line in fixed_yearly_pay(Q1, source, offices, leaves=leave)}
    assert lines["REM-32"].amount == year_share(nok(3000), date(2024, 1, 1), date(2024, 3, 31), "day")
    assert "REM-34" not in lines  # the whole quarter on leave from the executive committee: nothing to pay
    everywhere = [LeaveFromOffice(leader, date(2024, 1, 1), date(2024, 6, 30))]
    assert fixed_yearly_pay(Q1, source, offices, leaves=everywhere) == []


def test_rem81_the_mayors_pay_is_deducted_for_leave_from_any_body_where_the_role_is_held(kit: Any) -> None:
    mayor = uuid4()
    offices = [
        kit.office(mayor, "mayor"),
        kit.office(mayor, "mayor", body_key="executive-committee", body_type="executive_committee"),
    ]
    source = RateSource(kit.one_version(kit.combine(leave_on, kit.with_ceo_salary(1_200_000))))
    from_executive = [LeaveFromOffice(mayor, date(2024, 2, 15), date(2024, 5, 31), frozenset({"executive-committee"}))]
    lines = mayor_pay(Q1, source, offices, leaves=from_executive)
    assert [line.amount for line in lines] == [nok(100_000), round_ore(Fraction(nok(100_000) * 14, 29))]
    elsewhere = [LeaveFromOffice(mayor, date(2024, 2, 15), date(2024, 5, 31), frozenset({"harbour-board"}))]
    assert [line.amount for line in mayor_pay(Q1, source, offices, leaves=elsewhere)] == [nok(100_000)] * 3


# -- REM-11: the mayor's sick pay ----------------------------------------------------------------


def test_rem11_the_mayor_keeps_the_pay_through_a_leave_for_illness_as_sick_pay(kit: Any) -> None:
    mayor = uuid4()
    source = RateSource(kit.one_version(kit.combine(leave_on, kit.with_ceo_salary(1_200_000))))
    # The same leave as the REM-81 case above, but for illness: the pay goes on as an employee's would.
    ill = [LeaveFromOffice(mayor, date(2024, 2, 15), date(2024, 5, 31), reason="health")]
    lines = mayor_pay(Q1, source, [kit.office(mayor, "mayor")], leaves=ill)
    assert [line.amount for line in lines] == [nok(100_000)] * 3
    assert "15 days of leave for illness paid as sick pay" in lines[1].explanation and "REM-11" in lines[1].explanation
    # The deputy mayor too; a council member's fixed remuneration is reduced as before (REM-81 only).
    deputy = uuid4()
    deputy_ill = [LeaveFromOffice(deputy, date(2024, 2, 15), date(2024, 5, 31), reason="health")]
    deputy_lines = mayor_pay(Q1, source, [kit.office(deputy, "deputy_mayor")], leaves=deputy_ill)
    assert [line.amount for line in deputy_lines] == [nok(50_000)] * 3
    leader = uuid4()
    leader_ill = [LeaveFromOffice(leader, date(2024, 1, 1), date(2024, 6, 30), reason="health")]
    assert fixed_yearly_pay(Q1, source, [kit.office(leader, "group_leader")], leaves=leader_ill) == []


def test_rem11_sick_pay_ends_after_52_weeks_and_the_rem81_deduction_applies_after(kit: Any) -> None:
    mayor = uuid4()
    source = RateSource(kit.one_version(kit.combine(leave_on, kit.with_ceo_salary(1_200_000))))
    # Ill from 15 February 2023: 52 weeks run to 13 February 2024; from 14 February the leave is deducted.
    ill = [LeaveFromOffice(mayor, date(2023, 2, 15), None, reason="health")]
    lines = mayor_pay(Q1, source, [kit.office(mayor, "mayor")], leaves=ill)
    assert [(line.earned_on, line.amount) for line in lines] == [
        (date(2024, 1, 1), nok(100_000)),
        (date(2024, 2, 1), round_ore(Fraction(nok(100_000) * 13, 29))),
    ]
    assert "13 days of leave for illness paid as sick pay" in lines[1].explanation
    short = lambda s: s["mayor_terms"].update(sick_pay_weeks=0)  # noqa: E731
    none = RateSource(kit.one_version(kit.combine(leave_on, kit.with_ceo_salary(1_200_000), short)))
    assert mayor_pay(Q1, none, [kit.office(mayor, "mayor")], leaves=ill) == []
