"""The remuneration section of the municipality's settings (REM-01, models 1–4, REM-33, REM-92)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from folkevalgt_shared.errors import InvalidInput
from remuneration.domain.model import EarnerCategory, ItemType, nok
from remuneration.domain.settings import Rate, RemunerationSettings, rule_book


def test_rem01_the_file_carries_the_councils_decision_and_model_1_is_in_force() -> None:
    decision, settings = rule_book().version_at(date(2024, 3, 1))
    assert decision == "Reglement for godtgjøring til folkevalgte i Sør-Varanger, modell 1 (dagens ordning)"
    assert settings.model == "1"
    assert sorted(settings.models) == ["1", "2", "3", "4"]
    assert settings.decision_authority


def test_rem01_the_meetings_section_is_untouched_by_the_remuneration_version() -> None:
    from folkevalgt_shared.rules import load_municipality
    from remuneration.domain.settings import DEFAULT_CONFIG

    config = load_municipality(DEFAULT_CONFIG)
    with_meetings = [v for v in config.versions if "meetings" in v.sections]
    assert with_meetings and all("remuneration" not in v.sections for v in with_meetings)


def test_rem20_rem30_model_1_figures_in_oere(kit: Any) -> None:
    model = kit.settings().models["1"]
    lost = model.lost_earnings
    assert (lost.documented_day_cap.nok, lost.undocumented_hourly.nok, lost.undocumented_day.nok) == (
        nok(2500),
        nok(120),
        nok(1000),
    )
    assert EarnerCategory.WAGE_EARNER not in lost.undocumented_categories
    assert [r.rate.nok for r in model.fees.table] == [nok(400), nok(300)]
    assert model.fees.max_per_day == 2
    assert model.fixed_yearly[0].rate.nok == nok(3000)


def test_rem33_the_blank_fee_of_the_regulation_is_pending_in_every_model(kit: Any) -> None:
    for model in kit.settings().models.values():
        assert model.fees.entitled_fee is None
        assert model.fees.entitled_categories == {
            EarnerCategory.PENSIONER,
            EarnerCategory.STUDENT,
            EarnerCategory.HOMEMAKER,
        }


def test_rem33_the_entitled_fee_must_be_written_even_while_blank(kit: Any) -> None:
    with pytest.raises(ValidationError, match="entitled_fee"):
        kit.settings(lambda s: s["models"]["1"]["fees"].pop("entitled_fee"))


def test_rem34_a_paid_fee_rule_must_write_its_rate(kit: Any) -> None:
    with pytest.raises(ValidationError, match="needs `rate`"):
        kit.settings(lambda s: s["models"]["1"]["fees"]["table"][0].pop("rate"))


def test_rem34_models_2_to_4_are_percentages_of_the_mayors_pay(kit: Any) -> None:
    models = kit.settings().models
    assert models["2"].fees.table[0].rate.percent_of_mayor == Decimal("0.2")
    assert models["2"].fees.half_fee_under_hours == 3
    assert models["3"].fixed_yearly[0].reduced_per_missed_meeting
    leader = models["4"].fees.table[1].rate
    assert (leader.percent_of_mayor, leader.plus) == (Decimal("0.2"), nok(200))
    assert models["2"].mayor.reference == "member_of_parliament"


def test_money_is_written_in_kroner_never_as_a_binary_fraction(kit: Any) -> None:
    assert kit.settings(lambda s: s["care"].update(child_day_cap="500.50")).care.child_day_cap == 50050

    with pytest.raises(ValidationError, match="not as a binary fraction"):
        kit.settings(lambda s: s["care"].update(child_day_cap=500.5))
    with pytest.raises(ValidationError, match="at most two decimals"):
        kit.settings(lambda s: s["care"].update(child_day_cap="500.555"))
    with pytest.raises(ValidationError):
        kit.settings(lambda s: s["care"].update(child_day_cap=-1))


def test_a_rate_has_exactly_one_basis() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        Rate.model_validate({"nok": 400, "percent_of_mayor": "0.2"})
    with pytest.raises(ValidationError, match="exactly one"):
        Rate.model_validate({"plus": 200})
    assert Rate.model_validate(400).nok == nok(400)  # kroner in the file, øre in memory


def test_the_active_model_must_exist(kit: Any) -> None:
    with pytest.raises(ValidationError, match="model '9'"):
        kit.settings(lambda s: s.update(model="9"))


def test_rem34_an_unknown_what_if_model_is_a_field_error(kit: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        kit.settings().model_named("7")
    assert caught.value.errors == [{"field": "model", "message": "one of 1, 2, 3, 4"}]


def test_rem92_every_item_type_has_its_reporting(kit: Any) -> None:
    payroll = kit.settings().payroll
    assert set(payroll.items) == set(ItemType)
    assert payroll.items[ItemType.MEETING_FEE].reporting_code == "styrehonorarOgGodtgjoerelseVerv"
    assert payroll.items[ItemType.LOST_EARNINGS].tax_treatment == "withholding"
    assert payroll.items[ItemType.PARTY_SUPPORT].tax_treatment == "not_reportable"
    with pytest.raises(ValidationError, match="missing for travel"):
        kit.settings(lambda s: s["payroll"]["items"].pop("travel"))


def test_rem10_reference_salaries_have_validity(kit: Any) -> None:
    salaries = kit.settings().reference_salaries
    assert salaries.at("member_of_parliament", date(2012, 4, 30)).annual == nok(784_775)
    assert salaries.at("member_of_parliament", date(2012, 5, 1)).annual == nok(811_505)
    assert salaries.at("member_of_parliament", date(2014, 1, 1)) is None  # no known decision: pending
    assert salaries.at("chief_executive_base", date(2024, 1, 1)).annual is None


def test_settings_are_immutable(kit: Any) -> None:
    settings: RemunerationSettings = kit.settings()
    with pytest.raises(ValidationError):
        settings.model = "2"  # type: ignore[misc]


def test_before_the_first_version_there_are_no_rates() -> None:
    with pytest.raises(InvalidInput):
        rule_book().version_at(date(2011, 12, 31))


def test_rem91_explanations_write_quantities_exactly_without_floats() -> None:
    from fractions import Fraction

    from remuneration.domain.rates import hours_text, number_text, percent_text

    assert [number_text(Fraction(3, 2)), number_text(2), number_text(Fraction(8, 3), 3)] == ["1.5", "2", "2.667"]
    assert hours_text(Fraction(1, 3)) == "0.333333 h" and percent_text(Fraction(1, 2)) == "50%"
