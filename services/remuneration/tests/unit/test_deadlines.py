"""Claim and payout deadlines (REM-04) and late claims (REM-05)."""

from __future__ import annotations

from datetime import date

import pytest

from folkevalgt_shared.errors import RuleViolation
from remuneration.domain.deadlines import check_claim_in_time, claim_deadline, payout_deadline
from remuneration.domain.model import Period


@pytest.mark.parametrize(
    ("quarter", "claim", "payout"),
    [
        (1, date(2024, 4, 30), date(2024, 6, 30)),
        (2, date(2024, 7, 31), date(2024, 9, 30)),
        (3, date(2024, 10, 31), date(2024, 12, 31)),
        (4, date(2025, 1, 15), date(2025, 2, 28)),
    ],
)
def test_rem04_deadlines_per_quarter(quarter: int, claim: date, payout: date) -> None:
    period = Period(2024, quarter)
    assert claim_deadline(period) == claim
    assert payout_deadline(period) == payout


def test_rem04_claims_are_due_before_payout_and_after_the_quarter() -> None:
    for year in (2012, 2024, 2028):
        for quarter in range(1, 5):
            period = Period(year, quarter)
            assert period.end < claim_deadline(period) < payout_deadline(period)


def test_rem05_a_claim_received_on_the_deadline_is_in_time() -> None:
    check_claim_in_time(Period(2024, 4), date(2025, 1, 15), override=False)
    check_claim_in_time(Period(2024, 1), date(2024, 2, 1), override=False)


def test_rem05_a_late_claim_is_rejected_naming_the_rule_and_field() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_claim_in_time(Period(2024, 4), date(2025, 1, 16), override=False)
    assert caught.value.rule == "REM-05"
    assert caught.value.status == 422
    assert caught.value.errors == [{"field": "received_on", "message": "after the claim deadline 2025-01-15"}]
    assert "2024Q4" in caught.value.detail


def test_rem05_an_authorised_override_lets_a_late_claim_through() -> None:
    check_claim_in_time(Period(2024, 1), date(2024, 12, 1), override=True)
