"""Norwegian working days (Mon–Fri except public holidays) and Oslo-time deadlines."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

OSLO = ZoneInfo("Europe/Oslo")


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NO", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The working day `days` working days after (or before, if negative) `start`."""
    step = 1 if days >= 0 else -1
    current, remaining = start, abs(days)
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))


def oslo_end_of_day(day: date) -> datetime:
    """A deadline "on day D" runs to midnight Oslo time, whatever the season's offset."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=OSLO)


def oslo_date(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()
