"""Payroll reporting per line (REM-92) and the CSV that payroll pulls (REM-90)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest

from remuneration.domain.model import ItemType, LineStatus, PayLine, Period, RecipientKind
from remuneration.domain.payroll import COLUMNS, csv_header, csv_row, payroll_row, render_csv, reporting_for


def line(item: ItemType = ItemType.MEETING_FEE, **fields: Any) -> PayLine:
    base: dict[str, Any] = {
        "recipient_id": "7d0f0c8e-0000-4000-8000-000000000001",
        "recipient_kind": RecipientKind.PERSON,
        "period": Period(2024, 1),
        "item_type": item,
        "amount": 40_000,
        "rule": "REM-30",
        "rate_version": "Reglement, modell 1",
        "explanation": "Meeting fee",
        "sources": ("attendance:a", "attendance:b"),
        "earned_on": date(2024, 3, 5),
    }
    return PayLine(**{**base, **fields})


def test_rem92_reporting_code_and_tax_treatment_per_item_type(kit: Any) -> None:
    settings = kit.settings()
    fee = reporting_for(line(), settings)
    assert (fee.benefit_type, fee.reporting_code, fee.tax_treatment) == (
        "kontantytelse",
        "styrehonorarOgGodtgjoerelseVerv",
        "withholding",
    )
    support = reporting_for(line(ItemType.PARTY_SUPPORT, recipient_kind=RecipientKind.ORGANISATION), settings)
    assert (support.reporting_code, support.tax_treatment) == (None, "not_reportable")
    assert reporting_for(line(ItemType.LOST_EARNINGS), settings).reporting_code == "styrehonorarOgGodtgjoerelseVerv"


def test_rem02_remuneration_to_persons_is_reportable_and_taxable(kit: Any) -> None:
    items = kit.settings().payroll.items
    in_kind = {ItemType.BENEFIT_IN_KIND}
    personal = set(ItemType) - {ItemType.TRAVEL, ItemType.PARTY_SUPPORT, ItemType.REPRESENTATIVE_SUPPORT} - in_kind
    for item in personal:
        assert (items[item].benefit_type, items[item].tax_treatment) == ("kontantytelse", "withholding"), item
        assert items[item].reporting_code == "styrehonorarOgGodtgjoerelseVerv"
    # REM-92: a benefit in kind is reported as one, and withheld on from the cash paid.
    benefit = items[ItemType.BENEFIT_IN_KIND]
    assert (benefit.benefit_type, benefit.tax_treatment) == ("naturalytelse", "withholding")


def test_rem92_the_june_arrangement_pays_the_mayors_june_without_withholding(kit: Any) -> None:
    june = line(
        ItemType.FIXED_PAY, rule="REM-10", earned_on=date(2024, 6, 1), sources=("office:p/municipal-council/mayor",)
    )
    assert reporting_for(june, kit.settings()).tax_treatment == "withholding"
    arranged = kit.settings(lambda s: s["payroll"].update(mayor_june_without_withholding=True))
    assert reporting_for(june, arranged).tax_treatment == "no_withholding"
    may = line(ItemType.FIXED_PAY, rule="REM-10", earned_on=date(2024, 5, 1), sources=june.sources)
    assert reporting_for(may, arranged).tax_treatment == "withholding"
    deputy = line(
        ItemType.FIXED_PAY,
        rule="REM-10",
        earned_on=date(2024, 6, 1),
        sources=("office:p/municipal-council/deputy_mayor",),
    )
    assert reporting_for(deputy, arranged).tax_treatment == "withholding"


def test_rem90_csv_header_and_row(kit: Any) -> None:
    row = payroll_row(line(), kit.settings(), line_id="L-1")
    text = csv_header() + csv_row(row)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert list(parsed[0]) == list(COLUMNS)
    assert parsed == [
        {
            "line_id": "L-1",
            "recipient_id": "7d0f0c8e-0000-4000-8000-000000000001",
            "recipient_kind": "person",
            "period": "2024Q1",
            "payout_deadline": "2024-06-30",
            "item_type": "meeting_fee",
            "amount": "400.00",
            "currency": "NOK",
            "benefit_type": "kontantytelse",
            "reporting_code": "styrehonorarOgGodtgjoerelseVerv",
            "tax_treatment": "withholding",
            "rule": "REM-30",
            "rate_version": "Reglement, modell 1",
            "sources": "attendance:a attendance:b",
            "corrects_line_id": "",
        }
    ]


def test_rem90_a_correction_references_the_line_it_corrects(kit: Any) -> None:
    row = payroll_row(line(amount=-40_000), kit.settings(), line_id="L-2", corrects_line_id="L-1")
    parsed = next(csv.DictReader(io.StringIO(render_csv([row]))))
    assert (parsed["amount"], parsed["corrects_line_id"]) == ("-400.00", "L-1")


def test_rem90_amounts_are_integer_oere() -> None:
    with pytest.raises(TypeError, match="integer øre"):
        csv_row({"line_id": "x", "amount": 400.0})


def test_rem33_a_rate_pending_line_is_never_rendered_for_payment(kit: Any) -> None:
    pending = line(rule="REM-33", amount=0, status=LineStatus.RATE_PENDING)
    with pytest.raises(ValueError, match="rate pending"):
        csv_row(payroll_row(pending, kit.settings(), line_id="L-3"))


def test_rem33_a_pending_line_cannot_carry_an_amount() -> None:
    with pytest.raises(ValueError, match="no amount"):
        line(status=LineStatus.RATE_PENDING)


def test_rem90_text_that_a_spreadsheet_would_run_is_quoted(kit: Any) -> None:
    row = payroll_row(
        line(ItemType.PARTY_SUPPORT, recipient_id="=HYPERLINK(1)", recipient_kind=RecipientKind.ORGANISATION),
        kit.settings(),
        line_id="L-4",
    )
    parsed = next(csv.DictReader(io.StringIO(render_csv([row]))))
    assert parsed["recipient_id"] == "'=HYPERLINK(1)"
    assert parsed["reporting_code"] == ""
