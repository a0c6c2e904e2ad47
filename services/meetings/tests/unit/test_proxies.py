"""Disqualification as proxy (fvl § 6 d, ACC-50): is or has been proxy in the case, on the meeting's day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from meetings.domain.proxies import ProxyTerm, disqualified_by_proxy

START = date(2026, 3, 1)


def test_fvl6d_from_the_first_day_of_the_power_of_attorney_not_before() -> None:
    term = ProxyTerm(START)
    assert disqualified_by_proxy(term, START)
    assert not disqualified_by_proxy(term, START - timedelta(days=1))


def test_acc50_having_been_proxy_still_disqualifies_after_the_end_or_revocation() -> None:
    assert disqualified_by_proxy(ProxyTerm(START, valid_to=START), START + timedelta(days=400))
    assert disqualified_by_proxy(ProxyTerm(START, revoked_on=START), START + timedelta(days=400))


def test_fvl6d_a_power_of_attorney_never_in_force_disqualifies_nobody() -> None:
    day_before = START - timedelta(days=1)
    assert not disqualified_by_proxy(ProxyTerm(START, revoked_on=day_before), START + timedelta(days=10))
    assert not disqualified_by_proxy(ProxyTerm(START, valid_to=day_before), START + timedelta(days=10))


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(start=days, end=st.none() | days, revoked=st.none() | days, day=days)
def test_fvl6d_is_or_has_been_proxy_exactly_when_in_force_by_that_day(
    start: date, end: date | None, revoked: date | None, day: date
) -> None:
    # Independent reading: some day d ≤ `day` on which the power of attorney was in force.
    last = min([d for d in (end, revoked) if d is not None], default=day)
    in_force_by_then = start <= min(last, day)
    assert disqualified_by_proxy(ProxyTerm(start, end, revoked), day) == in_force_by_then
