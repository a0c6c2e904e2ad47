"""LEA-60: leave from office for up to two years, and when meetings and remuneration are told."""

from __future__ import annotations

from datetime import date

import pytest

from folkevalgt_shared.errors import InvalidInput, RuleViolation
from leave.domain.office_leave import Published, after_change, check_span, due, revoked_end

NOTHING, STARTED, ENDED = Published(False, False), Published(True, False), Published(True, True)


def test_lea60_two_years_exactly_is_allowed_a_day_more_is_not() -> None:
    check_span(date(2026, 3, 1), date(2028, 2, 29), 2)
    with pytest.raises(RuleViolation) as refused:
        check_span(date(2026, 3, 1), date(2028, 3, 1), 2)
    assert refused.value.rule == "LEA-60" and refused.value.errors == [
        {"field": "end_date", "message": "longer than 2 years"}
    ]
    check_span(date(2026, 1, 1), date(2027, 12, 31), 2)
    with pytest.raises(RuleViolation):
        check_span(date(2026, 1, 1), date(2028, 1, 1), 2)


def test_lea60_the_last_day_before_the_first_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_span(date(2026, 3, 2), date(2026, 3, 1), 2)
    assert refused.value.errors == [{"field": "end_date", "message": "the last day comes before the first"}]
    check_span(date(2026, 3, 2), date(2026, 3, 2), 2)  # one day


def test_lea60_started_on_the_first_day_and_ended_on_the_last_once_each() -> None:
    start, end = date(2026, 4, 1), date(2026, 9, 30)
    assert due(True, start, end, NOTHING, date(2026, 3, 31)) is None
    assert due(True, start, end, NOTHING, start) == "started"
    assert due(True, start, end, STARTED, date(2026, 6, 1)) is None
    assert due(True, start, end, STARTED, end) == "ended"
    assert due(True, start, end, ENDED, date(2026, 10, 1)) is None
    # Granted only when it is over: the ended snapshot tells all at once.
    assert due(True, start, end, NOTHING, date(2026, 12, 1)) == "ended"
    assert due(False, start, end, NOTHING, start) is None  # not granted: nothing


def test_lea60_a_change_goes_out_at_once_only_if_told_before() -> None:
    assert after_change(date(2026, 5, 31), NOTHING, date(2026, 3, 1)) is None
    assert after_change(date(2026, 5, 31), STARTED, date(2026, 4, 15)) == "started"
    assert after_change(date(2026, 4, 14), STARTED, date(2026, 4, 15)) == "ended"
    # Corrected after it was over: the new end goes out as a newer ended.
    assert after_change(date(2026, 4, 10), ENDED, date(2026, 4, 15)) == "ended"


def test_lea60_revoked_it_ends_yesterday_or_before_it_began() -> None:
    assert revoked_end(date(2026, 4, 1), date(2026, 9, 30), date(2026, 5, 10)) == date(2026, 5, 9)
    assert revoked_end(date(2026, 4, 1), date(2026, 9, 30), date(2026, 3, 10)) == date(2026, 3, 31)
    assert revoked_end(date(2026, 4, 1), date(2026, 9, 30), date(2026, 4, 1)) == date(2026, 3, 31)
