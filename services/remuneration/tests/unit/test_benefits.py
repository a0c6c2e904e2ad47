"""Benefits in kind (REM-11, REM-50 §8): recorded per official with the tax rule that decides whether they
are reportable, and reported at their taxable value where that rule makes them so, never paid in cash."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from remuneration.domain.benefits import benefits_held, benefits_in_kind
from remuneration.domain.model import ItemType, LineStatus, Period, nok
from remuneration.domain.payroll import reporting_for
from remuneration.domain.rates import RateSource, year_share
from remuneration.domain.settings import rule_book

BOOK = rule_book()
SOURCE = RateSource(BOOK.version_at)


def test_rem11_the_mayors_free_phone_was_a_reportable_benefit_while_the_ek_rules_taxed_it(kit: Any) -> None:
    mayor = uuid4()
    q1_2021 = Period(2021, 1)
    (line,) = benefits_in_kind(q1_2021, SOURCE, [kit.office(mayor, "mayor", start=date(2019, 10, 1))])
    assert (line.item_type, line.rule, line.recipient_id) == (ItemType.BENEFIT_IN_KIND, "REM-11", str(mayor))
    assert line.amount == year_share(nok(4392), date(2021, 1, 1), date(2021, 3, 31), "day")
    assert not ItemType.BENEFIT_IN_KIND.cash and "not paid in cash" in line.explanation
    assert line.sources[0] == "benefit:mobile_phone"
    reporting = reporting_for(line, BOOK.at(date(2021, 1, 1)))
    assert (reporting.benefit_type, reporting.reporting_code, reporting.tax_treatment) == (
        "naturalytelse",
        "elektroniskKommunikasjon",
        "withholding",
    )


def test_rem11_no_benefit_line_after_the_ek_taxation_ended(kit: Any) -> None:
    mayor = uuid4()
    office = [kit.office(mayor, "mayor", start=date(2019, 10, 1))]
    assert benefits_in_kind(Period(2022, 1), SOURCE, office) == []
    # The quarter across the change is not split wrongly: Q4 2021 is reported in full, Q1 2022 not at all.
    (q4,) = benefits_in_kind(Period(2021, 4), SOURCE, office)
    assert q4.amount == year_share(nok(4392), date(2021, 10, 1), date(2021, 12, 31), "day")


def test_rem11_one_phone_for_a_mayor_holding_two_seats(kit: Any) -> None:
    mayor = uuid4()
    offices = [
        kit.office(mayor, "mayor", start=date(2019, 10, 1)),
        kit.office(
            mayor, "mayor", body_key="executive-committee", body_type="executive_committee", start=date(2019, 10, 1)
        ),
    ]
    (line,) = benefits_in_kind(Period(2021, 1), SOURCE, offices)
    assert line.amount == year_share(nok(4392), date(2021, 1, 1), date(2021, 3, 31), "day")


def test_rem11_the_phone_is_reported_for_the_days_the_role_was_held(kit: Any) -> None:
    deputy = uuid4()
    office = [kit.office(deputy, "deputy_mayor", start=date(2021, 2, 1))]
    (line,) = benefits_in_kind(Period(2021, 1), SOURCE, office)
    assert (line.earned_on, line.amount) == (
        date(2021, 2, 1),
        year_share(nok(4392), date(2021, 2, 1), date(2021, 3, 31), "day"),
    )
    # A council member has no phone benefit; the PC, iPad and subscription are not reportable.
    member = [kit.office(uuid4(), "member", start=date(2019, 10, 1))]
    assert benefits_in_kind(Period(2021, 1), SOURCE, member) == []


def test_rem50_the_benefits_held_are_recorded_with_why_they_are_or_are_not_reportable(kit: Any) -> None:
    member = uuid4()
    offices = [
        kit.office(member, "member"),
        kit.office(member, "member", body_key="executive-committee", body_type="executive_committee"),
    ]
    held = benefits_held(BOOK.at(date(2024, 3, 1)), offices, date(2024, 3, 1))
    kinds = {h.benefit.kind: h for h in held}
    assert set(kinds) == {"pc_or_ipad", "subscription"}  # one PC or iPad though both bodies give one
    assert all(h.taxation is not None and not h.taxation.reportable for h in held)
    assert "work tool" in (kinds["pc_or_ipad"].taxation.basis if kinds["pc_or_ipad"].taxation else "")
    assert "trade paper" in (kinds["subscription"].taxation.basis if kinds["subscription"].taxation else "")
    mayor = [kit.office(uuid4(), "mayor", start=date(2019, 10, 1))]
    mayor_2021 = benefits_held(BOOK.at(date(2021, 3, 1)), mayor, date(2021, 3, 1))
    by_kind = {h.benefit.kind: h.taxation for h in mayor_2021}
    assert set(by_kind) == {"mobile_phone", "pc_and_ipad", "subscription"}
    phone = by_kind["mobile_phone"]
    assert phone is not None and phone.reportable and phone.yearly_value == nok(4392)
    # Deputies hold none of the members' benefits; nobody holds anything outside the offices' days.
    assert benefits_held(BOOK.at(date(2024, 3, 1)), [kit.office(uuid4(), "deputy")], date(2024, 3, 1)) == []
    ended = [kit.office(uuid4(), "member", end=date(2024, 2, 29))]
    assert benefits_held(BOOK.at(date(2024, 3, 1)), ended, date(2024, 3, 1)) == []


def test_rem50_a_reportable_benefit_without_a_value_is_held_as_pending(kit: Any) -> None:
    def unknown_value(section: dict[str, Any]) -> None:
        section["benefits_in_kind"][0]["taxation"][0]["yearly_value"] = None

    source = RateSource(kit.one_version(unknown_value))
    (line,) = benefits_in_kind(Period(2021, 1), source, [kit.office(uuid4(), "mayor", start=date(2019, 10, 1))])
    assert (line.status, line.amount) == (LineStatus.RATE_PENDING, 0)
