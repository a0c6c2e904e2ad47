"""The leave domain's vocabulary: hours held exactly, an employee's employment, and the days a leave covers.

Hours are integer micro-hours (`Hours`), never binary fractions: a 33.33 % position's day of 7.5 full-time
hours is 2.49975 hours, and twelve of them must add up exactly (LEA-01).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from folkevalgt_shared.calendar import is_working_day

Hours = int  # micro-hours: 1 hour = 1_000_000
HOUR = 1_000_000
FULL_POSITION = 10_000  # a position percentage in hundredths of a percent: 100 % = 10,000
ONE_DAY = timedelta(days=1)


def hours(value: Decimal | int | str) -> Hours:
    """Exact micro-hours from a decimal number of hours; more than six decimals is refused, not rounded."""
    micro = Decimal(value) * HOUR
    if micro != micro.to_integral_value():
        raise ValueError(f"{value} hours has more than six decimals")
    return int(micro)


def as_decimal(amount: Hours) -> Decimal:
    return (Decimal(amount) / HOUR).normalize()


def format_hours(amount: Hours) -> str:
    """A decimal string without exponent or trailing zeros: "7.5", "2.49975", "12"."""
    return f"{as_decimal(amount):f}"


def as_days(amount: Hours, day: Hours) -> Decimal:
    """`amount` in days of `day` hours, to two places (for display; the arithmetic stays in hours)."""
    return (Decimal(amount) / Decimal(day)).quantize(Decimal("0.01")) if day else Decimal(0)


@dataclass(frozen=True)
class Employment:
    """What the regulation needs to know of an employee (LEA-01)."""

    position: int  # hundredths of a percent, 1..10,000
    full_time_day: Hours  # a full-time working day, e.g. 7.5 hours
    permanent: bool
    start: date
    end: date | None = None

    @property
    def day(self) -> Hours:
        """LEA-01: the employee's own working day, proportional to the position (exact: a full-time day has at
        most two decimals of an hour, a position at most two decimals of a percent)."""
        return self.full_time_day * self.position // FULL_POSITION

    def employed_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Extent:
    """The days a leave covers, first and last included; `per_day` hours of each working day, or the whole
    working day when None."""

    start: date
    end: date
    per_day: Hours | None = None

    def working_days(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            if is_working_day(day):
                yield day
            day += ONE_DAY

    def hours_on(self, employment: Employment) -> Hours:
        """The hours one working day of the leave takes from the employee's day."""
        return self.per_day if self.per_day is not None else employment.day

    def touches(self, other: Extent) -> bool:
        return self.start <= other.end and other.start <= self.end


def nothing_between(last: date, first: date) -> bool:
    """No working day lies after `last` and before `first` (a weekend or holidays at most)."""
    day = last + ONE_DAY
    while day < first:
        if is_working_day(day):
            return False
        day += ONE_DAY
    return True


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)
