"""LEA-70: sick-leave percentages by kind, the bands, small-group suppression and the target path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from leave.domain.settings import SickLeaveSettings
from leave.domain.sick_leave import (
    Figures,
    HalfYear,
    band,
    half_year_of,
    percent,
    percentages,
    suppressed,
    target_on,
    total,
)

SETTINGS = SickLeaveSettings.model_validate(
    {"baseline": {"at": "2009-12-31", "percent": "11.0"}, "target": {"at": "2013-12-31", "percent": "8.8"}}
)


def unit(code: str, employees: int, possible: int, short: int = 0, child: int = 0, long: int = 0) -> Figures:
    return Figures(code, code, employees, possible * 100, short * 100, child * 100, long * 100)


def test_lea70_percentages_by_kind_to_one_decimal_half_up() -> None:
    # The kinds of the 2012 report: 2.4 % short-term, 0.4 % child's illness, 7.2 % long-term.
    whole = unit("all", 900, 100_000, short=2_400, child=400, long=7_200)
    p = percentages(whole)
    assert (p.short_term, p.child_illness, p.long_term, p.total) == tuple(
        Decimal(x) for x in ("2.4", "0.4", "7.2", "10.0")
    )
    assert percent(10_345, 100_000) == Decimal("10.3") and percent(10_350, 100_000) == Decimal("10.4")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("20.1", "above"), ("20.0", "between"), ("11.0", "between"), ("10.9", None), ("35", "above")],
)
def test_lea70_above_20_is_strictly_above_between_11_and_20_includes_both(value: str, expected: Any) -> None:
    assert band(Decimal(value), SETTINGS) == expected


def test_lea70_a_small_unit_is_hidden_and_one_more_so_it_cannot_be_derived() -> None:
    units = [unit("tiny", 4, 1000), unit("small", 6, 2000), unit("big", 50, 20000)]
    assert suppressed(units, 5) == {"tiny", "small"}
    two_small = [unit("a", 3, 1000), unit("b", 2, 1000), unit("big", 50, 20000), unit("bigger", 60, 20000)]
    assert suppressed(two_small, 5) == {"a", "b"}
    assert suppressed([unit("five", 5, 1000), unit("big", 50, 20000)], 5) == set()


def test_lea70_the_target_path_runs_straight_from_the_baseline_to_the_target() -> None:
    assert target_on(date(2009, 12, 31), SETTINGS) == Decimal("11.0")
    assert target_on(date(2008, 6, 30), SETTINGS) == Decimal("11.0")
    assert target_on(date(2013, 12, 31), SETTINGS) == Decimal("8.8")
    assert target_on(date(2020, 6, 30), SETTINGS) == Decimal("8.8")
    # Half way (31.12.2011, 730 of 1461 days): 11.0 - 2.2 × 730/1461 = 9.90
    assert target_on(date(2011, 12, 31), SETTINGS) == Decimal("9.9")


def test_lea70_half_years() -> None:
    assert half_year_of(date(2012, 6, 30)) == HalfYear(2012, 1) and half_year_of(date(2012, 7, 1)) == HalfYear(2012, 2)
    assert HalfYear(2012, 2).next() == HalfYear(2013, 1) and HalfYear(2012, 1).last_day == date(2012, 6, 30)
    assert total([unit("a", 3, 10, short=1), unit("b", 4, 30, long=2)], "m", "M").absent == 300
