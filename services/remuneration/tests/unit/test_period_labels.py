"""How a quarter ("2026Q1", REM-04) and a month ("2026-05", REM-10) are written: four ASCII digits of a year
from 1900 to 2099 — the platform's date range — so no label reaches a date the calendar cannot hold."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from remuneration.domain.model import FIRST_YEAR, LAST_YEAR, Month, Period


@pytest.mark.parametrize(
    ("label", "period"),
    [("1900Q1", Period(1900, 1)), ("2099q4", Period(2099, 4)), ("2026Q2", Period(2026, 2))],
)
def test_rem04_a_quarter_is_read_from_its_label_at_both_ends_of_the_range(label: str, period: Period) -> None:
    assert Period.parse(label) == period


@pytest.mark.parametrize(
    "label", ["0000Q1", "1899Q4", "2100Q1", "99999Q1", "026Q1", "2026Q0", "2026Q5", "2026Q11", "", "Q1", "١٩٩٩Q1"]
)
def test_rem04_a_quarter_outside_the_range_or_not_written_as_one_is_refused(label: str) -> None:
    with pytest.raises(ValueError):
        Period.parse(label)


@pytest.mark.parametrize("label", ["1899-12", "2100-01", "0000-01", "2026-00", "2026-13", "2026-1", "٢٠٢٦-05"])
def test_rem10_a_month_outside_the_range_or_not_written_as_one_is_refused(label: str) -> None:
    with pytest.raises(ValueError):
        Month.parse(label)


@given(st.integers(FIRST_YEAR, LAST_YEAR), st.integers(1, 4))
def test_rem04_every_quarter_in_the_range_has_real_first_and_last_days(year: int, quarter: int) -> None:
    period = Period.parse(f"{year}Q{quarter}")
    assert period.start == date(year, 3 * quarter - 2, 1) and period.end.year == year
    assert Period.of(period.end) == period


@given(st.integers(FIRST_YEAR, LAST_YEAR), st.integers(1, 12))
def test_rem10_every_month_in_the_range_lies_in_its_quarter(year: int, month: int) -> None:
    parsed = Month.parse(f"{year}-{month:02d}")
    assert parsed == Month(year, month) and parsed.quarter == Period(year, (month - 1) // 3 + 1)
