"""Amounts computed from offices held: mayor and deputy mayor (REM-10), severance (REM-12), fixed
yearly remuneration (REM-32, REM-34), buyout (REM-40) and phone allowance (REM-50)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remuneration.domain.buyout import bought_out_days
from remuneration.domain.fixed import (
    SeveranceCase,
    buyout_pay,
    fixed_yearly_pay,
    mayor_pay,
    phone_allowance,
    severance_pay,
)
from remuneration.domain.model import (
    EarnerCategory,
    ItemType,
    LeaveFromOffice,
    LineStatus,
    LossBasis,
    LossBasisKind,
    Month,
    Period,
    nok,
)
from remuneration.domain.rates import RateSource, round_ore, year_share
from remuneration.domain.settings import rule_book

Q1 = Period(2024, 1)
BOOK = rule_book()


def source(kit: Any, *edits: Any, model: str | None = None) -> RateSource:
    return RateSource(kit.one_version(kit.combine(*edits)) if edits else BOOK.version_at, model)


# -- REM-10 -------------------------------------------------------------------------------------


def test_rem10_mayor_paid_in_monthly_twelfths(kit: Any) -> None:
    mayor = uuid4()
    lines = mayor_pay(Q1, source(kit, kit.with_ceo_salary(1_200_000)), [kit.office(mayor, "mayor")])
    assert [(line.earned_on, line.amount) for line in lines] == [
        (date(2024, 1, 1), nok(100_000)),
        (date(2024, 2, 1), nok(100_000)),
        (date(2024, 3, 1), nok(100_000)),
    ]
    first = lines[0]
    assert (first.rule, first.item_type, first.recipient_id) == ("REM-10", ItemType.FIXED_PAY, str(mayor))
    assert first.sources == (f"office:{mayor}/municipal-council/mayor",)
    assert "1/12 of NOK 1200000.00 a year" in first.explanation
    assert "100 % of the chief executive's base salary" in first.explanation


def test_rem10_deputy_mayor_gets_half_of_the_reference(kit: Any) -> None:
    deputy = uuid4()
    lines = mayor_pay(Q1, source(kit, kit.with_ceo_salary(1_200_000)), [kit.office(deputy, "deputy_mayor")])
    assert [line.amount for line in lines] == [nok(50_000)] * 3


def test_rem10_a_part_month_is_paid_by_its_days(kit: Any) -> None:
    mayor = uuid4()
    lines = mayor_pay(
        Q1, source(kit, kit.with_ceo_salary(1_200_000)), [kit.office(mayor, "mayor", start=date(2024, 2, 15))]
    )
    assert [line.earned_on for line in lines] == [date(2024, 2, 1), date(2024, 3, 1)]
    assert lines[0].amount == round_ore(Fraction(nok(100_000) * 15, 29))
    assert "2024-02-15–2024-02-29" in lines[0].explanation


def test_rem10_the_mayor_holding_seats_in_two_bodies_is_paid_once(kit: Any) -> None:
    mayor = uuid4()
    offices = [
        kit.office(mayor, "mayor"),
        kit.office(mayor, "mayor", body_key="executive-committee", body_type="executive_committee"),
    ]
    lines = mayor_pay(Q1, source(kit, kit.with_ceo_salary(1_200_000)), offices)
    assert sum(line.amount for line in lines) == nok(300_000)
    assert len(lines[0].sources) == 2


def test_rem10_an_unknown_reference_salary_is_rate_pending(kit: Any) -> None:
    lines = mayor_pay(Q1, source(kit), [kit.office(uuid4(), "mayor")])
    assert [line.status for line in lines] == [LineStatus.RATE_PENDING] * 3
    assert all(line.amount == 0 and "is not set" in line.explanation for line in lines)


def test_rem10_model_2_follows_the_mp_pay_and_its_change_on_1_may(kit: Any) -> None:
    mayor = uuid4()
    lines = mayor_pay(Period(2012, 2), source(kit, model="2"), [kit.office(mayor, "mayor", start=date(2011, 10, 1))])
    april, may, _june = lines
    assert april.amount == round_ore(Fraction(nok(784_775) * 4, 12)) - round_ore(Fraction(nok(784_775) * 3, 12))
    assert may.amount == round_ore(Fraction(nok(811_505) * 5, 12)) - round_ore(Fraction(nok(811_505) * 4, 12))
    assert "Innst. 22 S (2012–2013)" in may.explanation


# -- REM-12 -------------------------------------------------------------------------------------


def severance(kit: Any, role: str, last_day: date, job: bool, period: Period, *edits: Any) -> list[Any]:
    case = SeveranceCase(uuid4(), role, last_day, job)
    return severance_pay(period, source(kit, kit.with_ceo_salary(1_200_000), *edits), [case])


def test_rem12_one_and_a_half_months_with_a_job_to_return_to(kit: Any) -> None:
    lines = severance(kit, "mayor", date(2023, 9, 30), True, Period(2023, 4))
    assert [(line.earned_on, line.amount) for line in lines] == [
        (date(2023, 10, 1), nok(100_000)),
        (date(2023, 11, 1), nok(50_000)),
    ]
    assert lines[0].rule == "REM-12" and lines[0].item_type is ItemType.SEVERANCE


def test_rem12_three_months_without(kit: Any) -> None:
    lines = severance(kit, "mayor", date(2023, 9, 30), False, Period(2023, 4))
    assert [line.amount for line in lines] == [nok(100_000)] * 3


def test_rem12_months_fall_in_the_quarter_they_are_paid_in(kit: Any) -> None:
    assert [line.amount for line in severance(kit, "deputy_mayor", date(2023, 12, 15), True, Period(2023, 4))] == [
        nok(50_000)
    ]
    assert [line.amount for line in severance(kit, "deputy_mayor", date(2023, 12, 15), True, Period(2024, 1))] == [
        nok(25_000)
    ]


def test_rem12_only_offices_of_more_than_a_third(kit: Any) -> None:
    assert severance(kit, "group_leader", date(2023, 9, 30), False, Period(2023, 4)) == []
    third = lambda s: s["severance"]["time_share"].update(deputy_mayor="1/3")  # noqa: E731
    assert severance(kit, "deputy_mayor", date(2023, 9, 30), False, Period(2023, 4), third) == []
    off = lambda s: s["severance"].update(enabled=False)  # noqa: E731
    assert severance(kit, "mayor", date(2023, 9, 30), False, Period(2023, 4), off) == []


# -- REM-32/34 ----------------------------------------------------------------------------------


def test_rem32_group_leader_3000_a_year_paid_by_the_days_of_each_quarter(kit: Any) -> None:
    leader = uuid4()
    office = kit.office(leader, "group_leader")
    (q1,) = fixed_yearly_pay(Q1, source(kit), [office])
    assert (q1.amount, q1.rule, q1.item_type) == (
        round_ore(Fraction(nok(3000) * 91, 366)),
        "REM-32",
        ItemType.LEADER_PAY,
    )
    year = sum(line.amount for q in range(1, 5) for line in fixed_yearly_pay(Period(2024, q), source(kit), [office]))
    assert year == nok(3000)


def test_rem32_only_the_days_held(kit: Any) -> None:
    office = kit.office(uuid4(), "group_leader", start=date(2024, 3, 1))
    (line,) = fixed_yearly_pay(Q1, source(kit), [office])
    assert line.amount == year_share(nok(3000), date(2024, 3, 1), date(2024, 3, 31), "day")
    assert "2024-03-01–2024-03-31" in line.explanation


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=365), min_size=1, max_size=6, unique=True))
def test_rem32_yearly_shares_add_up_to_the_yearly_amount(cuts: list[int]) -> None:
    days = sorted(cuts)
    starts = [date(2023, 1, 1)] + [date.fromordinal(date(2023, 1, 1).toordinal() + d) for d in days if d < 365]
    ends = [date.fromordinal(s.toordinal() - 1) for s in starts[1:]] + [date(2023, 12, 31)]
    for annual in (nok(3000), nok(15_000), 123_457):
        assert sum(year_share(annual, a, b, "day") for a, b in zip(starts, ends, strict=True)) == annual
        assert sum(year_share(annual, a, b, "month") for a, b in zip(starts, ends, strict=True)) == annual


def test_rem34_model_3a_reduced_from_the_first_missed_meeting(kit: Any) -> None:
    member = uuid4()
    q3 = Period(2012, 3)
    meetings = [kit.meeting(date(2012, 8, d)) for d in (6, 13, 20, 27)]
    attended = [
        kit.attendance(member, m.held_on, body_key=m.body_key, body_type=m.body_type, meeting=m.meeting_id)
        for m in meetings[:3]
    ]
    office = kit.office(
        member, body_key="executive-committee", body_type="executive_committee", start=date(2011, 10, 1)
    )
    lines = fixed_yearly_pay(q3, source(kit, model="3"), [office], meetings=meetings, attendances=attended)
    (line,) = [line for line in lines if line.item_type is ItemType.FIXED_PAY]
    annual = round_ore(Fraction(nok(811_505) * 5, 100))
    share = year_share(annual, date(2012, 7, 1), date(2012, 9, 30), "day")
    assert line.amount == round_ore(Fraction(share * 3, 4))
    assert line.rule == "REM-34"
    assert "reduced for 1 of 4 meetings missed" in line.explanation
    assert f"meeting:{meetings[3].meeting_id}" in line.sources


def test_rem34_model_3_group_and_committee_leaders_get_a_share_of_the_mayors_pay(kit: Any) -> None:
    leader, chair = uuid4(), uuid4()
    offices = [
        kit.office(leader, "group_leader", start=date(2011, 10, 1)),
        kit.office(chair, "chair", body_key="living", body_type="standing_committee", start=date(2011, 10, 1)),
    ]
    lines = {line.recipient_id: line for line in fixed_yearly_pay(Period(2012, 3), source(kit, model="3"), offices)}
    assert lines[str(leader)].amount == year_share(
        round_ore(nok(811_505) * Fraction(15, 1000)), date(2012, 7, 1), date(2012, 9, 30), "day"
    )
    assert lines[str(chair)].amount == year_share(nok(81_150) + 50, date(2012, 7, 1), date(2012, 9, 30), "day")


# -- REM-40 -------------------------------------------------------------------------------------

CHAIR = {"body_key": "living", "body_type": "standing_committee"}


def documented(person: UUID, kroner: int, start: date = date(2024, 1, 1), end: date | None = None) -> LossBasis:
    return LossBasis(person, LossBasisKind.DOCUMENTED, start, end, nok(kroner), "employer statement 12", uuid4())


def buyout(kit: Any, offices: list[Any], bases: list[LossBasis], *edits: Any, **kw: Any) -> list[Any]:
    earners = kw.pop("earners", {b.person_id: EarnerCategory.WAGE_EARNER for b in bases})
    return buyout_pay(Q1, source(kit, *edits), offices, bases=bases, earners=earners, **kw)


def amounts(lines: list[Any]) -> list[tuple[date, int]]:
    return [(line.earned_on, line.amount) for line in lines]


def test_rem40_buyout_is_paid_at_the_officials_documented_loss_month_by_month(kit: Any) -> None:
    chair, member = uuid4(), uuid4()
    offices = [
        kit.office(chair, "chair", **CHAIR),
        kit.office(member, "member", body_key="executive-committee", body_type="executive_committee"),
    ]
    lines = buyout(kit, offices, [documented(chair, 1800), documented(member, 2200)])
    by_person = {p: [line for line in lines if line.recipient_id == str(p)] for p in (chair, member)}
    # §7 b and c: one day a month, at each one's own documented loss, one line a month.
    assert amounts(by_person[chair]) == [(date(2024, m, 1), nok(1800)) for m in (1, 2, 3)]
    assert amounts(by_person[member]) == [(date(2024, m, 1), nok(2200)) for m in (1, 2, 3)]
    first = by_person[chair][0]
    assert (first.rule, first.item_type, first.monthly) == ("REM-40", ItemType.BUYOUT, True)
    assert "documented loss NOK 1800.00 a day (employer statement 12)" in first.explanation
    assert first.sources[-1].startswith("loss-basis:")


def test_rem40_a_documented_loss_above_the_day_cap_is_paid_up_to_2500(kit: Any) -> None:
    chair = uuid4()
    lines = buyout(kit, [kit.office(chair, "chair", **CHAIR)], [documented(chair, 3100)])
    assert [line.amount for line in lines] == [nok(2500)] * 3
    assert "up to the day cap NOK 2500.00" in lines[0].explanation
    at_cap = buyout(kit, [kit.office(chair, "chair", **CHAIR)], [documented(chair, 2500)])
    assert [line.amount for line in at_cap] == [nok(2500)] * 3


def test_rem40_no_flat_rate_without_a_recorded_loss_the_buyout_is_pending(kit: Any) -> None:
    chair = uuid4()
    lines = buyout(kit, [kit.office(chair, "chair", **CHAIR)], [])
    assert [(line.status, line.amount, line.payable) for line in lines] == [(LineStatus.RATE_PENDING, 0, False)] * 3
    assert "lost-earnings rate is not recorded" in lines[0].explanation


def test_rem40_nothing_is_paid_without_a_loss(kit: Any) -> None:
    chair = uuid4()
    released_with_pay = LossBasis(chair, LossBasisKind.NO_LOSS, date(2023, 1, 1), None, None, "fri med lønn")
    assert buyout(kit, [kit.office(chair, "chair", **CHAIR)], [released_with_pay]) == []


def test_rem40_the_undocumented_day_only_where_rem20_allows_it(kit: Any) -> None:
    chair = uuid4()
    office = [kit.office(chair, "chair", **CHAIR)]
    applied = LossBasis(chair, LossBasisKind.UNDOCUMENTED, date(2024, 1, 1), None, None, "fisker, søknad 3/24")
    # A self-employed fisherman on application: the undocumented day amount, 1 000 (model 1).
    paid = buyout(kit, office, [applied], earners={chair: EarnerCategory.SELF_EMPLOYED})
    assert [line.amount for line in paid] == [nok(1000)] * 3
    assert "undocumented loss on application (fisker, søknad 3/24)" in paid[0].explanation
    # A wage earner never gets undocumented loss, nor someone whose earner category is unknown.
    for earners in ({chair: EarnerCategory.WAGE_EARNER}, {}):
        held = buyout(kit, office, [applied], earners=earners)
        assert all(line.status is LineStatus.RATE_PENDING and line.amount == 0 for line in held)
    assert "not available to a wage earner" in buyout(kit, office, [applied])[0].explanation


def test_rem40_a_later_rate_replaces_the_earlier_one_from_its_day(kit: Any) -> None:
    chair = uuid4()
    bases = [documented(chair, 1500), documented(chair, 2000, start=date(2024, 3, 1))]
    lines = buyout(kit, [kit.office(chair, "chair", **CHAIR)], bases)
    assert amounts(lines) == [
        (date(2024, 1, 1), nok(1500)),
        (date(2024, 2, 1), nok(1500)),
        (date(2024, 3, 1), nok(2000)),
    ]
    # A rate ending mid-month leaves the rest of the month pending, not paid at the old rate.
    ended = buyout(kit, [kit.office(chair, "chair", **CHAIR)], [documented(chair, 1500, end=date(2024, 3, 15))])
    march = [line for line in ended if line.earned_on and line.earned_on.month == 3]
    assert [(line.earned_on, line.status) for line in march] == [
        (date(2024, 3, 1), LineStatus.COMPUTED),
        (date(2024, 3, 16), LineStatus.RATE_PENDING),
    ]
    assert march[0].amount == round_ore(nok(1500) * Fraction(15, 31))


@pytest.mark.parametrize(("size", "days"), [(1, 1), (2, 2), (5, 2), (6, 3), (9, 3)])
def test_rem40_group_leaders_by_group_size(kit: Any, size: int, days: int) -> None:
    leader = uuid4()
    lines = buyout(
        kit, [kit.office(leader, "group_leader", party="Sp")], [documented(leader, 2000)], group_sizes={"Sp": size}
    )
    assert [line.amount for line in lines] == [nok(2000) * days] * 3


def test_rem40_group_size_is_counted_from_council_seats(kit: Any) -> None:
    leader = uuid4()
    seats = [kit.office(uuid4(), "member", party="V") for _ in range(2)] + [kit.office(leader, "member", party="V")]
    lines = buyout(kit, [*seats, kit.office(leader, "group_leader", party="V")], [documented(leader, 2000)])
    assert [line.amount for line in lines] == [nok(2000) * 2] * 3 and "group of 3" in lines[0].explanation


def test_rem40_part_months_by_their_days(kit: Any) -> None:
    office = kit.office(chair := uuid4(), "chair", **CHAIR, start=date(2024, 2, 15))
    lines = buyout(kit, [office], [documented(chair, 2500)])
    assert amounts(lines) == [
        (date(2024, 2, 15), round_ore(nok(2500) * Fraction(15, 29))),
        (date(2024, 3, 1), nok(2500)),
    ]


def test_rem40_the_deputy_mayors_buyout_is_off_by_default(kit: Any) -> None:
    deputy = kit.office(person := uuid4(), "deputy_mayor")
    assert buyout(kit, [deputy], [documented(person, 2500)]) == []
    on = lambda s: s["buyout"].update(deputy_mayor=True)  # noqa: E731
    lines = buyout(kit, [deputy], [documented(person, 2500)], on)
    assert [line.amount for line in lines] == [nok(2500) * 130 // 12] * 3  # 50 % of 260 working days / 12


def test_rem40_leave_from_office_reduces_buyout_by_its_days(kit: Any) -> None:
    chair = uuid4()
    office = [kit.office(chair, "chair", **CHAIR)]
    leave = LeaveFromOffice(chair, date(2024, 2, 1), date(2024, 2, 14))  # shorter than REM-81's three months
    lines = buyout(kit, office, [documented(chair, 2000)], leaves=[leave])
    assert amounts(lines) == [
        (date(2024, 1, 1), nok(2000)),
        (date(2024, 2, 15), round_ore(nok(2000) * Fraction(15, 29))),
        (date(2024, 3, 1), nok(2000)),
    ]
    assert "14 days of leave from office not paid (REM-40)" in lines[1].explanation
    # Leave from another body leaves this office's buyout whole; a whole month of leave pays nothing that month.
    elsewhere = LeaveFromOffice(chair, date(2024, 2, 1), date(2024, 2, 14), frozenset({"harbour-board"}))
    assert [line.amount for line in buyout(kit, office, [documented(chair, 2000)], leaves=[elsewhere])] == [
        nok(2000)
    ] * 3
    february = LeaveFromOffice(chair, date(2024, 2, 1), date(2024, 2, 29), reason="health")
    assert [line.earned_on for line in buyout(kit, office, [documented(chair, 2000)], leaves=[february])] == [
        date(2024, 1, 1),
        date(2024, 3, 1),
    ]


def test_rem40_leave_can_follow_the_fixed_pay_rule_instead(kit: Any) -> None:
    chair = uuid4()
    as_fixed = lambda s: s["buyout"].update(leave="as_fixed_pay")  # noqa: E731
    short = LeaveFromOffice(chair, date(2024, 2, 1), date(2024, 2, 14))
    lines = buyout(kit, [kit.office(chair, "chair", **CHAIR)], [documented(chair, 2000)], as_fixed, leaves=[short])
    assert [line.amount for line in lines] == [nok(2000)] * 3  # REM-81 is off, and the leave is short anyway


def test_rem40_the_days_of_a_month_an_official_is_bought_out_for(kit: Any) -> None:
    member = uuid4()
    offices = [
        kit.office(member, "member", body_key="executive-committee", body_type="executive_committee", party="V"),
        kit.office(member, "group_leader", party="V"),
        *[kit.office(uuid4(), "member", party="V") for _ in range(2)],
        kit.office(member, "member", party="V"),
    ]
    march = Month(2024, 3)
    # §7 c one day and §7 d two days (a group of 3).
    assert bought_out_days(march, member, source(kit), offices) == 3
    leave = LeaveFromOffice(member, date(2024, 3, 1), date(2024, 3, 31), frozenset({"executive-committee"}))
    assert bought_out_days(march, member, source(kit), offices, leaves=[leave]) == 2
    assert bought_out_days(march, uuid4(), source(kit), offices) == 0


# -- REM-50 -------------------------------------------------------------------------------------


def quarter(kit: Any, offices: list[Any], *edits: Any) -> dict[str, list[int]]:
    result: dict[str, list[int]] = {}
    for line in phone_allowance(Q1, source(kit, *edits), offices):
        result.setdefault(line.recipient_id, []).append(line.amount)
    return result


def q1_share(kroner: int) -> int:
    return year_share(nok(kroner), date(2024, 1, 1), date(2024, 3, 31), "day")


def test_rem50_phone_allowance_per_office_held(kit: Any) -> None:
    member, deputy, chair, leader = (uuid4() for _ in range(4))
    offices = [
        kit.office(member),
        kit.office(deputy, "deputy"),
        kit.office(chair, "chair", body_key="living", body_type="standing_committee"),
        kit.office(leader, "chair", body_key="elderly-council", body_type="elderly_council"),
    ]
    assert quarter(kit, offices) == {
        str(member): [q1_share(600)],
        str(deputy): [q1_share(100)],
        str(chair): [q1_share(1000)],
        str(leader): [q1_share(400)],
    }


def test_rem50_roles_add_up_by_default_or_pay_the_highest(kit: Any) -> None:
    person = uuid4()
    offices = [kit.office(person), kit.office(person, "group_leader")]
    assert sorted(quarter(kit, offices)[str(person)]) == [q1_share(600), q1_share(1000)]
    highest = lambda s: s["models"]["1"]["phone"].update(cumulative=False)  # noqa: E731
    assert quarter(kit, offices, highest)[str(person)] == [q1_share(1000)]


def test_rem50_the_mayor_and_deputy_mayor_have_municipal_phones(kit: Any) -> None:
    mayor = uuid4()
    offices = [
        kit.office(mayor, "mayor"),
        kit.office(mayor, "member", body_key="executive-committee", body_type="executive_committee"),
    ]
    assert quarter(kit, offices) == {}


def test_rem50_a_year_of_council_membership_pays_600(kit: Any) -> None:
    office = kit.office(uuid4())
    total = sum(line.amount for q in range(1, 5) for line in phone_allowance(Period(2024, q), source(kit), [office]))
    assert total == nok(600)


def test_rem50_lines_explain_themselves(kit: Any) -> None:
    person: UUID = uuid4()
    (line,) = phone_allowance(Q1, source(kit), [kit.office(person)])
    assert (line.rule, line.item_type) == ("REM-50", ItemType.PHONE_ALLOWANCE)
    assert line.sources == (f"office:{person}/municipal-council/member",)
    assert "council member: NOK 600.00 a year" in line.explanation and "(91 days)" in line.explanation
