"""What payroll needs per line (REM-90/92): reporting code, benefit type and tax treatment from the
settings, and a CSV rendering of approved lines.

Tax treatment is per line, not global: with the KS guide's June arrangement switched on, the
mayor's June remuneration is paid without tax deduction. Rate-pending lines (REM-33) are never
rendered for payment. Text cells that a spreadsheet would read as a formula are quoted with a
leading apostrophe; amounts are decimal strings ("-400.00" stays a number). Each row carries its
quarter's payout deadline (REM-04), the day by which payroll is to have paid it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from remuneration.domain.deadlines import payout_deadline
from remuneration.domain.model import ItemType, LineStatus, PayLine, RecipientKind, format_nok
from remuneration.domain.settings import RemunerationSettings

CURRENCY = "NOK"
COLUMNS = (
    "line_id",
    "recipient_id",
    "recipient_kind",
    "period",
    "item_type",
    "amount",
    "currency",
    "benefit_type",
    "reporting_code",
    "tax_treatment",
    "rule",
    "rate_version",
    "sources",
    "corrects_line_id",
    "payout_deadline",  # REM-04; last, so a reader of the earlier columns by position is not misled
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Reporting:
    benefit_type: str | None
    reporting_code: str | None
    tax_treatment: str


SUPPORT = frozenset({ItemType.PARTY_SUPPORT, ItemType.REPRESENTATIVE_SUPPORT})


def reporting_for(line: PayLine, settings: RemunerationSettings) -> Reporting:
    """REM-92: how payroll reports this line."""
    item = settings.payroll.items[line.item_type]
    if line.item_type in SUPPORT and line.recipient_kind is RecipientKind.PERSON:
        item = settings.payroll.support_to_a_person  # REM-60: an independent representative's support
    reporting_code = item.reporting_code
    if line.item_type is ItemType.BENEFIT_IN_KIND:
        reporting_code = _benefit_code(line, settings) or reporting_code
    treatment = item.tax_treatment
    is_mayors_june = (
        line.item_type is ItemType.FIXED_PAY
        and line.rule == "REM-10"
        and line.earned_on is not None
        and line.earned_on.month == 6
        and any(source.startswith("office:") and source.endswith("/mayor") for source in line.sources)
    )
    if settings.payroll.mayor_june_without_withholding and is_mayors_june:
        treatment = "no_withholding"
    return Reporting(item.benefit_type, reporting_code, treatment)


def _benefit_code(line: PayLine, settings: RemunerationSettings) -> str | None:
    """The a-melding description of a benefit in kind, from the tax rule in force on the line's day."""
    kinds = [s.removeprefix("benefit:") for s in line.sources if s.startswith("benefit:")]
    day = line.earned_on or line.period.start
    for benefit in settings.benefits_in_kind:
        if benefit.kind in kinds and (taxation := benefit.taxation_on(day)) is not None:
            return taxation.reporting_code
    return None


def payroll_row(
    line: PayLine, settings: RemunerationSettings, *, line_id: str, corrects_line_id: str | None = None
) -> dict[str, Any]:
    """The mapping `csv_row` renders, for a computed line."""
    reporting = reporting_for(line, settings)
    return {
        "line_id": line_id,
        "recipient_id": line.recipient_id,
        "recipient_kind": line.recipient_kind.value,
        "period": line.period.label,
        "payout_deadline": payout_deadline(line.period),
        "item_type": line.item_type.value,
        "amount": line.amount,
        "benefit_type": reporting.benefit_type,
        "reporting_code": reporting.reporting_code,
        "tax_treatment": reporting.tax_treatment,
        "rule": line.rule,
        "rate_version": line.rate_version,
        "sources": line.sources,
        "corrects_line_id": corrects_line_id,
        "status": line.status.value,
    }


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str and name != "sources":  # most cells: no attribute to look for
        return f"'{value}" if value.startswith(_FORMULA_START) else value
    if name == "amount":
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"amount must be integer øre, not {type(value).__name__}")
        return format_nok(value)
    if name == "sources" and not isinstance(value, str):
        value = " ".join(str(v) for v in value)
    text = getattr(value, "label", None) if name == "period" else None
    text = text if isinstance(text, str) else str(getattr(value, "value", value))
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def csv_header() -> str:
    return _render([list(COLUMNS)])


def csv_row(line: Mapping[str, Any]) -> str:
    """One CSV line (with its line ending) for a line-like mapping; `currency` is always NOK."""
    return csv_rows([line])


def csv_rows(lines: Iterable[Mapping[str, Any]]) -> str:
    """The CSV lines of many line-like mappings, written by one writer (a page of a pull at a time)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    computed = LineStatus.COMPUTED.value
    for line in lines:
        if line.get("status", computed) != computed:
            raise ValueError(f"line {line.get('line_id')} is rate pending and cannot be paid")
        writer.writerow([CURRENCY if name == "currency" else _cell(name, line.get(name)) for name in COLUMNS])
    return buffer.getvalue()


def render_csv(lines: Iterable[Mapping[str, Any]]) -> str:
    return csv_header() + csv_rows(lines)


def _render(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
