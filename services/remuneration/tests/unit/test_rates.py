"""Rates in force on a day and the arithmetic of shares (REM-01 validity, REM-10 reference salaries)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from remuneration.domain.model import nok
from remuneration.domain.rates import RateSource, months_held, rates_on, round_ore
from remuneration.domain.settings import rule_book


def test_round_ore_is_half_up_and_symmetric() -> None:
    assert [round_ore(Fraction(n, 2)) for n in (1, 3, 5, -1, -3)] == [1, 2, 3, -1, -2]
    assert round_ore(Fraction(4, 3)) == 1 and round_ore(Fraction(5, 3)) == 2


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=1, max_value=1000))
def test_round_ore_is_never_more_than_half_an_oere_off(numerator: int, denominator: int) -> None:
    exact = Fraction(numerator, denominator)
    assert abs(round_ore(exact) - exact) <= Fraction(1, 2)


def test_rem01_spans_are_cut_where_the_version_changes(kit: Any) -> None:
    book = kit.book(
        (date(2012, 1, 1), "v1", None),
        (date(2024, 2, 14), "v2", None),
        (date(2024, 3, 1), "v3", None),
    )
    spans = RateSource(book.version_at).spans(date(2024, 1, 1), date(2024, 3, 31))
    assert [(a, b, r.decision) for a, b, r in spans] == [
        (date(2024, 1, 1), date(2024, 2, 13), "v1"),
        (date(2024, 2, 14), date(2024, 2, 29), "v2"),
        (date(2024, 3, 1), date(2024, 3, 31), "v3"),
    ]


def test_rem10_spans_are_cut_where_the_reference_salary_changes() -> None:
    spans = RateSource(rule_book().version_at, "2").spans(date(2012, 4, 1), date(2012, 6, 30))
    assert [(a, b, r.mayor_annual) for a, b, r in spans] == [
        (date(2012, 4, 1), date(2012, 4, 30), nok(784_775)),
        (date(2012, 5, 1), date(2012, 6, 30), nok(811_505)),
    ]
    later = RateSource(rule_book().version_at, "2").spans(date(2013, 4, 1), date(2013, 6, 30))
    assert [r.mayor_annual for _, _, r in later] == [nok(811_505), None]  # no known decision after April 2013


def test_rem34_percentage_rates_follow_the_mayors_pay(kit: Any) -> None:
    decision, settings = rule_book().version_at(date(2012, 6, 1))
    rates = rates_on(decision, settings, date(2012, 6, 1), "2")
    rule = rates.model.fees.table[0].rate
    assert rates.amount(rule) == 162_301
    assert "0.2 % of the mayor's yearly remuneration = NOK 1623.01" in rates.describe(rule)
    assert rates.amount(None) is None and "not set yet" in rates.describe(None)


def test_months_held_counts_part_months_by_days() -> None:
    assert months_held(date(2024, 1, 1), date(2024, 3, 31)) == 3
    assert months_held(date(2024, 2, 15), date(2024, 3, 31)) == 1 + Fraction(15, 29)
