"""A quarter computed as a whole: rates in force on each line's day (old periods keep old rates),
what-if models on the same data (REM-34), and lines that explain themselves (REM-91)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any
from uuid import uuid4

from remuneration.domain.fixed import SeveranceCase
from remuneration.domain.model import (
    EarnerCategory,
    ItemType,
    LineStatus,
    LossBasis,
    LossBasisKind,
    Period,
    RecipientKind,
    nok,
)
from remuneration.domain.period import compute_period
from remuneration.domain.rates import year_share
from remuneration.domain.settings import rule_book
from remuneration.domain.support import PartyLists

NEW_DECISION = "KST 9/24: new rates from 1 February 2024"


def raise_rates(section: dict[str, Any]) -> None:
    model = section["models"]["1"]
    model["fees"]["table"][0]["rate"] = 500
    model["fixed_yearly"][0]["rate"] = 3600


def two_versions(kit: Any) -> Any:
    return kit.book((date(2012, 1, 1), kit.DECISION, None), (date(2024, 2, 1), NEW_DECISION, raise_rates))


def council(kit: Any, start: date = date(2011, 10, 1)) -> tuple[list[Any], Any, Any, Any]:
    mayor, leader, member = uuid4(), uuid4(), uuid4()
    offices = [
        kit.office(mayor, "mayor", party="Ap", start=start),
        kit.office(leader, "member", party="H", start=start),
        kit.office(leader, "group_leader", party="H", start=start),
        kit.office(member, "member", party="Ap", start=start),
        kit.office(
            member, "member", body_key="executive-committee", body_type="executive_committee", party="Ap", start=start
        ),
    ]
    return offices, mayor, leader, member


def compute(
    kit: Any, period: Period, settings_at: Any, offices: list[Any], attendances: list[Any], **kw: Any
) -> list[Any]:
    return compute_period(
        period=period,
        settings_at=settings_at,
        offices=offices,
        attendances=attendances,
        meetings=kw.pop("meetings", []),
        leaves=kw.pop("leaves", []),
        earners=kw.pop("earners", {}),
        **kw,
    )


def test_rem01_each_line_uses_the_rates_in_force_on_its_day(kit: Any) -> None:
    offices, _, leader, member = council(kit)
    january = kit.attendance(member, date(2024, 1, 10))
    february = kit.attendance(member, date(2024, 2, 10))
    lines = compute(kit, Period(2024, 1), two_versions(kit).version_at, offices, [january, february])
    fees = {line.earned_on: line for line in lines if line.item_type is ItemType.MEETING_FEE}
    assert (fees[date(2024, 1, 10)].amount, fees[date(2024, 1, 10)].rate_version) == (nok(400), kit.DECISION)
    assert (fees[date(2024, 2, 10)].amount, fees[date(2024, 2, 10)].rate_version) == (nok(500), NEW_DECISION)
    group_leader = [line for line in lines if line.item_type is ItemType.LEADER_PAY]
    assert [(line.earned_on, line.rate_version, line.amount) for line in group_leader] == [
        (date(2024, 1, 1), kit.DECISION, year_share(nok(3000), date(2024, 1, 1), date(2024, 1, 31), "day")),
        (date(2024, 2, 1), NEW_DECISION, year_share(nok(3600), date(2024, 2, 1), date(2024, 3, 31), "day")),
    ]
    assert all(line.recipient_id == str(leader) for line in group_leader)


def test_rem01_an_old_period_recomputed_keeps_its_old_rates(kit: Any) -> None:
    offices, _, _, member = council(kit)
    lines = compute(
        kit, Period(2023, 4), two_versions(kit).version_at, offices, [kit.attendance(member, date(2023, 11, 7))]
    )
    assert {line.rate_version for line in lines} == {kit.DECISION}
    assert [line.amount for line in lines if line.item_type is ItemType.MEETING_FEE] == [nok(400)]


def test_rem34_what_if_another_model_on_the_same_data(kit: Any) -> None:
    offices, mayor, leader, member = council(kit)
    attendances = [
        kit.attendance(member, date(2012, 8, 7), body_key="executive-committee", body_type="executive_committee"),
        kit.attendance(leader, date(2012, 8, 7)),
        kit.attendance(mayor, date(2012, 8, 7)),
    ]
    book = rule_book().version_at
    model_1 = compute(kit, Period(2012, 3), book, offices, attendances)
    model_3 = compute(kit, Period(2012, 3), book, offices, attendances, model="3")
    fee_1 = sorted(line.amount for line in model_1 if line.item_type is ItemType.MEETING_FEE)
    fee_3 = sorted(line.amount for line in model_3 if line.item_type is ItemType.MEETING_FEE)
    assert fee_1 == [nok(400), nok(400)]
    assert fee_3 == [121_726]  # council 0.15 %; the executive member is paid yearly under model 3 a
    assert any(line.item_type is ItemType.FIXED_PAY and line.recipient_id == str(member) for line in model_3)
    mayor_3 = [line for line in model_3 if line.rule == "REM-10" and line.recipient_id == str(mayor)]
    assert len(mayor_3) == 3 and all(line.status is LineStatus.COMPUTED for line in mayor_3)  # MP pay is known
    mayor_1 = [line for line in model_1 if line.rule == "REM-10"]
    assert all(line.status is LineStatus.RATE_PENDING for line in mayor_1)  # the chief executive's salary is not


def test_rem91_every_line_explains_itself(kit: Any) -> None:
    offices, _, _, member = council(kit)
    pensioner = uuid4()
    offices.append(
        kit.office(
            pensioner,
            "chair",
            body_key="elderly-council",
            body_type="elderly_council",
            party=None,
            start=date(2011, 10, 1),
        )
    )
    attendances = [
        kit.attendance(member, date(2023, 8, 1)),
        kit.attendance(
            pensioner, date(2023, 8, 1), body_key="elderly-council", body_type="elderly_council", remote=True
        ),
    ]
    lines = compute(
        kit,
        Period(2023, 3),
        rule_book().version_at,
        offices,
        attendances,
        earners={pensioner: EarnerCategory.PENSIONER, member: EarnerCategory.WAGE_EARNER},
        party_lists=PartyLists(unrepresented=("Kystpartiet",)),
        severances=[SeveranceCase(uuid4(), "mayor", date(2023, 6, 30), False)],
        bases=[LossBasis(member, LossBasisKind.DOCUMENTED, date(2023, 1, 1), None, nok(2100), "employer statement 9")],
    )
    kinds = Counter(line.item_type for line in lines)
    assert kinds[ItemType.MEETING_FEE] == 2
    assert kinds[ItemType.FIXED_PAY] == 3  # the mayor, rate pending
    assert kinds[ItemType.SEVERANCE] == 3
    assert kinds[ItemType.PARTY_SUPPORT] == 3  # Ap, H, Kystpartiet
    # Month by month: the executive member at her documented rate; the group leader's rate is not recorded.
    assert kinds[ItemType.BUYOUT] == 6 and kinds[ItemType.PHONE_ALLOWANCE] >= 4
    for line in lines:
        assert re.fullmatch(r"REM-\d\d", line.rule)
        assert line.rate_version == kit.DECISION
        assert line.explanation and line.sources
        assert line.period == Period(2023, 3)
        assert line.payable == (line.status is LineStatus.COMPUTED)
        assert line.amount >= 0
        if line.recipient_kind is RecipientKind.ORGANISATION:
            assert line.item_type in {ItemType.PARTY_SUPPORT, ItemType.REPRESENTATIVE_SUPPORT}
    pending = {line.rule for line in lines if line.status is LineStatus.RATE_PENDING}
    assert pending == {"REM-10", "REM-12", "REM-33", "REM-40"}


def test_rem31_fees_only_for_the_periods_oslo_days(kit: Any) -> None:
    offices, _, _, member = council(kit)
    new_year = kit.attendance(member, date(2024, 1, 1), hour=0, hours=1)  # 23:00 UTC on 31 December
    lines = compute(kit, Period(2023, 4), rule_book().version_at, offices, [new_year])
    assert not any(line.item_type is ItemType.MEETING_FEE for line in lines)
    lines = compute(kit, Period(2024, 1), rule_book().version_at, offices, [new_year])
    assert [line.earned_on for line in lines if line.item_type is ItemType.MEETING_FEE] == [date(2024, 1, 1)]
