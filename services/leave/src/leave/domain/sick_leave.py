"""Sick-leave statistics (LEA-70): sick leave per unit and for the municipality per half-year, split into
short-term/self-certified, child's illness and long-term absence, against the target path; the units above
20 % and between 11 and 20 %.

Decisions (product, not in the seed):
- Aggregates only. A unit with fewer employees than the settings' smallest group is shown without figures;
  where exactly one unit of a report is hidden, the next smallest is hidden too, so the hidden one cannot be
  worked out from the municipality's total. The municipality's total includes every unit.
- Percentages = absence days / possible working days × 100, to one decimal, half up (as the report writes
  10,3 %). "Above 20 %" is strictly above; "between 11 and 20 %" includes both ends.
- The target path is a straight line from the baseline to the target (11.0 % in 2009 → 8.8 % at 31.12.2013),
  read at each half-year's last day; before the baseline it is the baseline, after the target the target.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from leave.domain.settings import SickLeaveSettings

ONE_PLACE = Decimal("0.1")
Band = Literal["above", "between"]


@dataclass(frozen=True)
class HalfYear:
    year: int
    half: int  # 1 or 2

    @property
    def last_day(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"{self.year}H{self.half}"

    def next(self) -> HalfYear:
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)


def half_year_of(day: date) -> HalfYear:
    return HalfYear(day.year, 1 if day.month <= 6 else 2)


@dataclass(frozen=True)
class Figures:
    """One unit's half-year as HR reports it; days in hundredths of a day (dagsverk)."""

    unit_code: str
    unit_name: str
    employees: int
    possible: int
    short_term: int
    child_illness: int
    long_term: int

    @property
    def absent(self) -> int:
        return self.short_term + self.child_illness + self.long_term


@dataclass(frozen=True)
class Percentages:
    short_term: Decimal
    child_illness: Decimal
    long_term: Decimal
    total: Decimal


def percent(days: int, possible: int) -> Decimal:
    if possible <= 0:
        return Decimal(0)
    return (Decimal(days) * 100 / Decimal(possible)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def percentages(f: Figures) -> Percentages:
    return Percentages(
        percent(f.short_term, f.possible),
        percent(f.child_illness, f.possible),
        percent(f.long_term, f.possible),
        percent(f.absent, f.possible),
    )


def total(units: Iterable[Figures], code: str, name: str) -> Figures:
    units = list(units)
    return Figures(
        code,
        name,
        sum(u.employees for u in units),
        sum(u.possible for u in units),
        sum(u.short_term for u in units),
        sum(u.child_illness for u in units),
        sum(u.long_term for u in units),
    )


def band(total_percent: Decimal, settings: SickLeaveSettings) -> Band | None:
    low, high = settings.between_percent
    if total_percent > settings.above_percent:
        return "above"
    if low <= total_percent <= high:
        return "between"
    return None


def suppressed(units: Sequence[Figures], min_group_size: int) -> set[str]:
    """The units shown without figures: too small, and, where only one is, the next smallest with it."""
    hidden = {u.unit_code for u in units if u.employees < min_group_size}
    if len(hidden) == 1:
        shown = sorted((u for u in units if u.unit_code not in hidden), key=lambda u: (u.employees, u.unit_code))
        if shown:
            hidden.add(shown[0].unit_code)
    return hidden


def target_on(day: date, settings: SickLeaveSettings) -> Decimal:
    """The target path's value on `day`, to one decimal."""
    base, goal = settings.baseline, settings.target
    if day <= base.at:
        return base.percent.quantize(ONE_PLACE)
    if day >= goal.at:
        return goal.percent.quantize(ONE_PLACE)
    share = Decimal((day - base.at).days) / Decimal((goal.at - base.at).days)
    return (base.percent + (goal.percent - base.percent) * share).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
