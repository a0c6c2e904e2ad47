"""Norwegian working days (Mon–Fri except public holidays) and Oslo-time deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkevalgt_shared.calendar import (
    OSLO,
    add_working_days,
    is_working_day,
    oslo_date,
    oslo_end_of_day,
    working_days_between,
)

# Easter 2026: Maundy Thursday 2 Apr, Good Friday 3 Apr, Easter Monday 6 Apr.
WED_1_APR_2026 = date(2026, 4, 1)
TUE_7_APR_2026 = date(2026, 4, 7)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 2),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2024, 5, 17),
        date(2026, 12, 25),
        date(2027, 1, 1),
    ],
)
def test_public_holidays_on_weekdays_are_not_working_days(day: date) -> None:
    assert day.weekday() < 5
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 3, 28), date(2026, 3, 29), date(2026, 4, 4), date(2026, 4, 5)])
def test_weekends_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day", [date(2026, 3, 30), date(2026, 4, 1), date(2026, 4, 7), date(2026, 12, 24), date(2026, 12, 31)]
)
def test_ordinary_weekdays_are_working_days(day: date) -> None:
    # Christmas Eve and New Year's Eve are not public holidays in Norway.
    assert is_working_day(day)


def test_add_working_days_skips_easter_2026() -> None:
    assert add_working_days(WED_1_APR_2026, 1) == TUE_7_APR_2026
    # Mon 30 Mar → Tue 31 Mar (1), Wed 1 Apr (2), Tue 7 Apr (3).
    assert add_working_days(date(2026, 3, 30), 3) == TUE_7_APR_2026
    assert add_working_days(date(2026, 3, 30), 4) == date(2026, 4, 8)


def test_add_working_days_backwards_across_easter_2026() -> None:
    assert add_working_days(TUE_7_APR_2026, -1) == WED_1_APR_2026
    assert add_working_days(TUE_7_APR_2026, -3) == date(2026, 3, 30)


def test_add_working_days_across_17_may() -> None:
    # 2024: Fri 17 May (Constitution Day), weekend, Mon 20 May (Whit Monday).
    assert add_working_days(date(2024, 5, 16), 1) == date(2024, 5, 21)
    assert add_working_days(date(2024, 5, 21), -1) == date(2024, 5, 16)
    # 2023: Wed 17 May and Thu 18 May (Ascension Day).
    assert add_working_days(date(2023, 5, 16), 1) == date(2023, 5, 19)


def test_add_working_days_across_christmas_and_new_year() -> None:
    # 2026: Fri 25 Dec and Sat 26 Dec are holidays; Fri 1 Jan 2027 too.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 23), 5) == date(2026, 12, 31)
    assert add_working_days(date(2026, 12, 23), 6) == date(2027, 1, 4)
    assert add_working_days(date(2027, 1, 4), -6) == date(2026, 12, 23)


def test_add_zero_working_days_is_the_start() -> None:
    assert add_working_days(date(2026, 4, 3), 0) == date(2026, 4, 3)


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert working_days_between(WED_1_APR_2026, TUE_7_APR_2026) == 1
    assert working_days_between(date(2026, 3, 30), date(2026, 4, 10)) == 6
    assert working_days_between(date(2026, 12, 23), date(2027, 1, 4)) == 6
    assert working_days_between(WED_1_APR_2026, WED_1_APR_2026) == 0


def test_working_days_between_is_negative_when_end_is_earlier() -> None:
    assert working_days_between(TUE_7_APR_2026, WED_1_APR_2026) == -1
    assert working_days_between(date(2027, 1, 4), date(2026, 12, 23)) == -6


def test_oslo_end_of_day_is_local_midnight_in_winter_and_summer() -> None:
    winter = oslo_end_of_day(date(2026, 1, 15))
    summer = oslo_end_of_day(date(2026, 6, 15))
    assert winter.astimezone(UTC) == datetime(2026, 1, 15, 23, 0, tzinfo=UTC)
    assert summer.astimezone(UTC) == datetime(2026, 6, 15, 22, 0, tzinfo=UTC)


def test_oslo_end_of_day_across_spring_dst_change() -> None:
    # Summer time starts Sun 29 Mar 2026 at 02:00: that day has 23 hours.
    saturday = oslo_end_of_day(date(2026, 3, 28))
    sunday = oslo_end_of_day(date(2026, 3, 29))
    assert saturday.utcoffset() == timedelta(hours=1)
    assert sunday.utcoffset() == timedelta(hours=2)
    assert saturday.astimezone(UTC) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert sunday.astimezone(UTC) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert sunday.astimezone(UTC) - saturday.astimezone(UTC) == timedelta(hours=23)


def test_oslo_end_of_day_across_autumn_dst_change() -> None:
    # Summer time ends Sun 25 Oct 2026 at 03:00: that day has 25 hours.
    saturday = oslo_end_of_day(date(2026, 10, 24))
    sunday = oslo_end_of_day(date(2026, 10, 25))
    assert saturday.utcoffset() == timedelta(hours=2)
    assert sunday.utcoffset() == timedelta(hours=1)
    assert saturday.astimezone(UTC) == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    assert sunday.astimezone(UTC) - saturday.astimezone(UTC) == timedelta(hours=25)


def test_oslo_end_of_day_is_the_first_instant_of_the_next_oslo_day() -> None:
    deadline = oslo_end_of_day(date(2026, 3, 28))
    assert oslo_date(deadline) == date(2026, 3, 29)
    assert oslo_date(deadline - timedelta(microseconds=1)) == date(2026, 3, 28)


def test_oslo_date_converts_utc_to_the_oslo_day() -> None:
    assert oslo_date(datetime(2026, 6, 15, 22, 30, tzinfo=UTC)) == date(2026, 6, 16)
    assert oslo_date(datetime(2026, 1, 15, 22, 30, tzinfo=UTC)) == date(2026, 1, 15)
    assert OSLO.key == "Europe/Oslo"


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(start=days, n=st.integers(min_value=0, max_value=400))
def test_add_working_days_then_counting_back_gives_n(start: date, n: int) -> None:
    result = add_working_days(start, n)
    assert working_days_between(start, result) == n
    if n > 0:
        assert is_working_day(result)
        assert result > start


@given(start=days, n=st.integers(min_value=1, max_value=400))
def test_subtracting_working_days_from_a_working_day_counts_back(start: date, n: int) -> None:
    start = add_working_days(start, 1)  # a working day
    result = add_working_days(start, -n)
    assert is_working_day(result)
    assert working_days_between(start, result) == -n
    assert add_working_days(result, n) == start


@given(a=days, b=days)
def test_working_days_between_is_antisymmetric(a: date, b: date) -> None:
    assert working_days_between(a, b) == -working_days_between(b, a)
