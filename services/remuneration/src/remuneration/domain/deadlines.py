"""Claim and payout deadlines per quarter (§2, REM-04/05).

| period | claim deadline | payout deadline |
| Q1 | 30 April | 30 June |
| Q2 | 31 July | 30 September |
| Q3 | 31 October | 31 December |
| Q4 | 15 January next year | 28 February next year |

A deadline "on day D" runs to the end of D in Oslo; `received_on` is the Oslo date of receipt.
REM-05 says late claims are rejected "as the main rule": the product decision is an authorised
override with a reason, which the caller records; this module only decides and names the rule.
"""

from __future__ import annotations

from datetime import date

from folkevalgt_shared.errors import RuleViolation
from remuneration.domain.model import Period

# (month, day) of the deadline, and whether it falls in the following year.
_CLAIM = {1: (4, 30, 0), 2: (7, 31, 0), 3: (10, 31, 0), 4: (1, 15, 1)}
_PAYOUT = {1: (6, 30, 0), 2: (9, 30, 0), 3: (12, 31, 0), 4: (2, 28, 1)}


def _deadline(period: Period, table: dict[int, tuple[int, int, int]]) -> date:
    month, day, later = table[period.quarter]
    return date(period.year + later, month, day)


def claim_deadline(period: Period) -> date:
    """REM-04: the last day a claim for `period` may be received."""
    return _deadline(period, _CLAIM)


def payout_deadline(period: Period) -> date:
    """REM-04: the last day the period's approved lines are to be paid."""
    return _deadline(period, _PAYOUT)


def check_claim_in_time(period: Period, received_on: date, override: bool) -> None:
    """REM-05: a claim received after its deadline is rejected unless an authorised override applies."""
    deadline = claim_deadline(period)
    if received_on > deadline and not override:
        raise RuleViolation(
            f"claims for {period.label} had to be received by {deadline.isoformat()}; "
            f"this one was received on {received_on.isoformat()}",
            rule="REM-05",
            errors=[{"field": "received_on", "message": f"after the claim deadline {deadline.isoformat()}"}],
        )
