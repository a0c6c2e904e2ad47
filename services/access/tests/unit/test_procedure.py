"""Requests handled without undue delay (ACC-30), the answer for a whole case (ACC-71), and the settings
the service reads (ACC-20/22/65)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from access.domain.model import Decision, Outcome, Scope
from access.domain.policy import Policy
from access.domain.requests import RequestStatus, due_at, is_overdue, overall


def test_acc30_due_at_the_end_of_the_third_working_day_in_oslo() -> None:
    # Received Wednesday 1 April 2026 (Holy Week): Thursday 2 and Friday 3 are holidays, Monday 6 too.
    received = datetime(2026, 4, 1, 10, tzinfo=UTC)
    assert due_at(received, 3) == datetime(2026, 4, 9, 22, 0, tzinfo=UTC)  # end of Thursday 9 April, CEST
    # Received late on a Friday evening in Oslo, which is still Friday in UTC.
    friday = datetime(2026, 1, 9, 22, 30, tzinfo=UTC)  # 23:30 Friday in Oslo
    assert due_at(friday, 1) == datetime(2026, 1, 12, 23, 0, tzinfo=UTC)  # end of Monday, CET
    assert due_at(friday, 0) == datetime(2026, 1, 9, 23, 0, tzinfo=UTC)


def test_acc30_overdue_from_the_due_moment_and_only_while_pending() -> None:
    due = datetime(2026, 1, 12, 23, 0, tzinfo=UTC)
    assert not is_overdue(RequestStatus.PENDING, due, datetime(2026, 1, 12, 22, 59, 59, tzinfo=UTC))
    assert is_overdue(RequestStatus.PENDING, due, due)
    assert not is_overdue(RequestStatus.DECIDED, due, datetime(2027, 1, 1, tzinfo=UTC))


def d(outcome: str, scope: str, *rules: str) -> Decision:
    return Decision(Outcome(outcome), Scope(scope), rules, "r")


def test_acc71_a_whole_case_answers_from_the_documents_the_person_may_know_of() -> None:
    assert overall([d("allow", "full", "ACC-01"), d("allow", "full", "ACC-60")])[:2] == (Outcome.ALLOW, Scope.FULL)
    assert overall([d("allow", "full"), d("deny", "metadata", "ACC-20")])[:2] == (Outcome.PARTIAL, Scope.REDACTED)
    assert overall([d("deny", "metadata", "ACC-12")]) == (Outcome.DENY, Scope.METADATA, ("ACC-12",))
    assert overall([]) == (Outcome.DENY, Scope.NONE, ("ACC-71",))


@pytest.mark.parametrize(
    ("basis", "secret"),
    [
        ("Offl. § 13 jf. fvl. § 13 (1) nr. 1", True),
        ("offl. §13", True),
        ("Offentleglova § 13, jf. forvaltningsloven § 13 første ledd nr. 1", True),
        ("Taushetsplikt etter helsepersonelloven § 21", True),
        ("bvl. § 6-7", True),
        ("kommuneloven § 11-5 andre ledd bokstav a", True),
        ("Offl. § 14", False),
        ("Offl. § 23 første ledd", False),
        ("Offl. § 25, kommuneloven § 11-5", False),
        ("Offl. § 131", False),
        (None, False),
    ],
)
def test_acc20_acc65_the_settings_tell_a_duty_of_confidentiality_from_other_exemptions(
    basis: str | None, secret: bool, policy: Policy
) -> None:
    assert policy.is_secrecy(basis) is secret


def test_acc22_acc30_sor_varangers_settings(policy: Policy) -> None:
    assert policy.declaration_required and not policy.grants_need_published_decision
    assert policy.request_due_working_days == 3
    assert {"KL", "XX"} <= policy.confidential_codes and "UO" not in policy.confidential_codes
    assert {"elderly_council", "disability_council", "youth_council"} == policy.advisory_types
