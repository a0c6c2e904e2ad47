"""Rates in force on a day, and the arithmetic of shares of yearly amounts.

`Rates` is one day's view: the rule version (its decision reference is the `rate_version` of every
line priced with it), the model chosen, and the mayor's yearly remuneration that the percentage
rates of models 2–4 refer to (REM-10). Money is integer øre; shares are exact fractions rounded
half up to the øre only at the end.

Yearly amounts are paid per span with *telescoping* rounding: the share for days a..b is
round(A × position(end of b)) − round(A × position(start of a)), so the spans of a year always add
up to exactly the yearly amount, whatever the rounding of each part.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from remuneration.domain.model import Ore, format_nok
from remuneration.domain.settings import ModelSettings, Rate, RemunerationSettings

SettingsAt = Callable[[date], tuple[str, RemunerationSettings]]
Basis = Literal["day", "month"]
ONE_DAY = timedelta(days=1)


def round_ore(value: Fraction | Decimal | int) -> Ore:
    """Half up, away from zero for negative amounts, so a correction mirrors its line."""
    exact = Fraction(value)
    magnitude = int(abs(exact) + Fraction(1, 2))
    return magnitude if exact >= 0 else -magnitude


def nok_text(amount: Ore) -> str:
    return f"NOK {format_nok(amount)}"


def number_text(value: Fraction | Decimal | int, places: int = 6) -> str:
    """An exact quantity for an explanation (1.5, 2, 0.333333), never passing through a binary fraction."""
    exact = Fraction(value)
    rounded = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal(1).scaleb(-places))
    return format(rounded.normalize(), "f")


def percent_text(share: Fraction | Decimal) -> str:
    return f"{round(Fraction(share) * 100)}%"


def hours_text(hours: Fraction) -> str:
    return f"{number_text(hours)} h"


@dataclass(frozen=True)
class Rates:
    """The rates in force on one day, under one model."""

    decision: str
    settings: RemunerationSettings
    model_name: str
    model: ModelSettings
    mayor_annual: Ore | None  # None: the reference salary is not known for the day
    mayor_basis: str

    def amount(self, rate: Rate | None) -> Ore | None:
        """The rate in øre, or None while it is pending (blank, or its reference is unknown)."""
        if rate is None:
            return None
        if rate.nok is not None:
            return rate.nok + rate.plus
        if self.mayor_annual is None:
            return None
        if rate.percent_of_mayor is not None:
            share = Fraction(rate.percent_of_mayor) / 100
        else:
            assert rate.percent_of_mayor_daily is not None
            share = Fraction(rate.percent_of_mayor_daily) / 100 / self.settings.working_days_per_year
        return round_ore(self.mayor_annual * share) + rate.plus

    def describe(self, rate: Rate | None) -> str:
        """How a rate is reached, for explanations (REM-91)."""
        if rate is None:
            return "an amount the council has not set yet"
        plus = f" + {nok_text(rate.plus)}" if rate.plus else ""
        if rate.nok is not None:
            return nok_text(rate.nok + rate.plus)
        if rate.percent_of_mayor is not None:
            base = f"{rate.percent_of_mayor} % of the mayor's yearly remuneration"
        else:
            base = (
                f"{rate.percent_of_mayor_daily} % of the mayor's daily pay "
                f"(yearly / {self.settings.working_days_per_year} working days)"
            )
        amount = self.amount(rate)
        if amount is None:
            return f"{base}{plus}, while {self.mayor_basis}"
        return f"{base}{plus} = {nok_text(amount)} ({self.mayor_basis})"


def mayor_yearly(settings: RemunerationSettings, model: ModelSettings, day: date, role: str) -> tuple[Ore | None, str]:
    """REM-10: the yearly remuneration of the mayor or deputy mayor on `day`, and how it is reached."""
    mayor = model.mayor
    percent = mayor.mayor_percent if role == "mayor" else mayor.deputy_mayor_percent
    names = {"chief_executive_base": "the chief executive's base salary", "member_of_parliament": "an MP's pay"}
    reference = settings.reference_salaries.at(mayor.reference, day)
    if reference is None or reference.annual is None:
        return None, f"{names[mayor.reference]} in force on {day.isoformat()} is not set"
    amount = round_ore(reference.annual * Fraction(percent) / 100)
    return amount, f"{percent} % of {names[mayor.reference]} {nok_text(reference.annual)} ({reference.source})"


def rates_on(decision: str, settings: RemunerationSettings, day: date, model: str | None = None) -> Rates:
    name, chosen = settings.model_named(model)
    annual, basis = mayor_yearly(settings, chosen, day, "mayor")
    basis = f"the mayor's yearly remuneration is {nok_text(annual)}: {basis}" if annual is not None else basis
    return Rates(decision, settings, name, chosen, annual, basis)


@dataclass
class RateSource:
    """Rates by day for one computation, cached, and split into spans of unchanged rates."""

    settings_at: SettingsAt
    model: str | None = None
    _by_day: dict[date, Rates] = field(default_factory=dict)
    _spans: dict[tuple[date, date], list[tuple[date, date, Rates]]] = field(default_factory=dict)

    def __call__(self, day: date) -> Rates:
        rates = self._by_day.get(day)
        if rates is None:
            decision, settings = self.settings_at(day)
            rates = self._by_day[day] = rates_on(decision, settings, day, self.model)
        return rates

    def spans(self, start: date, end: date) -> list[tuple[date, date, Rates]]:
        """[start, end] cut where the rule version or the mayor's reference salary changes."""
        cached = self._spans.get((start, end))
        if cached is not None:
            return cached
        result: list[tuple[date, date, Rates]] = []
        current = start
        while current <= end:
            version = self.settings_at(current)
            last = self._last_day_of(version, current, end)
            result.extend(self._by_reference(current, last, version[1]))
            current = last + ONE_DAY
        self._spans[(start, end)] = result
        return result

    def _last_day_of(self, version: tuple[str, RemunerationSettings], low: date, end: date) -> date:
        # Versions only follow each other in time, so the last day of this one is found by halving.
        if self.settings_at(end) == version:
            return end
        high = end
        while (high - low).days > 1:
            middle = low + timedelta(days=(high - low).days // 2)
            if self.settings_at(middle) == version:
                low = middle
            else:
                high = middle
        return low

    def _by_reference(self, start: date, end: date, settings: RemunerationSettings) -> list[tuple[date, date, Rates]]:
        _, model = settings.model_named(self.model)
        cuts = set()
        for entry in getattr(settings.reference_salaries, model.mayor.reference):
            cuts.add(entry.valid_from)
            if entry.valid_to is not None:
                cuts.add(entry.valid_to + ONE_DAY)
        starts = [start, *sorted(c for c in cuts if start < c <= end)]
        ends = [s - ONE_DAY for s in starts[1:]] + [end]
        return [(a, b, self(a)) for a, b in zip(starts, ends, strict=True)]


SettingsLike = RemunerationSettings | SettingsAt | RateSource


def rate_source(settings: SettingsLike, *, decision: str | None = None, model: str | None = None) -> RateSource:
    """A RateSource from one version's settings (with its decision reference) or a version_at callable."""
    if isinstance(settings, RateSource):
        return settings
    if isinstance(settings, RemunerationSettings):
        if decision is None:
            raise ValueError("one version's settings need the decision reference that set them")
        version = (decision, settings)
        return RateSource(lambda _day: version, model)
    return RateSource(settings, model)


def _position(day: date, basis: Basis, *, end_of_day: bool) -> Fraction:
    """How far into its calendar year `day` is (0 at 1 January's start, 1 at 31 December's end)."""
    if basis == "month":
        in_month = calendar.monthrange(day.year, day.month)[1]
        return (day.month - 1 + Fraction(day.day - (0 if end_of_day else 1), in_month)) / 12
    in_year = 366 if calendar.isleap(day.year) else 365
    return Fraction(day.timetuple().tm_yday - (0 if end_of_day else 1), in_year)


def year_share(annual: Ore, start: date, end: date, basis: Basis) -> Ore:
    """The part of a yearly amount earned from `start` to `end` (same calendar year), telescoping.

    `basis="month"` pays twelfths (a month split by its days: the mayor's monthly pay, REM-10);
    `basis="day"` pays by days of the year (yearly amounts paid per quarter).
    """
    assert start.year == end.year and start <= end
    return round_ore(annual * _position(end, basis, end_of_day=True)) - round_ore(
        annual * _position(start, basis, end_of_day=False)
    )


def months_held(start: date, end: date) -> Fraction:
    """Calendar months from `start` to `end`, part months by their days (buyout days per month)."""
    total = Fraction(0)
    day = start
    while day <= end:
        in_month = calendar.monthrange(day.year, day.month)[1]
        month_end = date(day.year, day.month, in_month)
        last = min(end, month_end)
        total += Fraction((last - day).days + 1, in_month)
        day = last + ONE_DAY
    return total


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_pieces(start: date, end: date) -> list[tuple[date, date]]:
    """[start, end] cut at month ends."""
    pieces = []
    while start <= end:
        last = min(end, date(start.year, start.month, calendar.monthrange(start.year, start.month)[1]))
        pieces.append((start, last))
        start = last + ONE_DAY
    return pieces


def split_by_year(start: date, end: date) -> list[tuple[date, date]]:
    spans = []
    while start <= end:
        last = min(end, date(start.year, 12, 31))
        spans.append((start, last))
        start = last + ONE_DAY
    return spans
