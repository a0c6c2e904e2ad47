"""Requests for access and their handling in time (ACC-30, ACC-31, ACC-42)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum

from access.domain.model import Decision, Outcome, Scope
from folkevalgt_shared.calendar import add_working_days, oslo_date, oslo_end_of_day


class RequestStatus(StrEnum):
    DECIDED = "decided"
    PENDING = "pending"  # a person must act: see `Awaiting`
    ANSWERED = "answered"  # an ACC-31 question was answered


class Awaiting(StrEnum):
    ASSESSMENT = "assessment"  # the administration assesses a disclosure (ACC-42)
    MAYOR = "mayor"  # the official disputes the assessment: the mayor decides (ACC-42)
    ANSWER = "answer"  # a question about a case under preparation (ACC-31)


def due_at(received_at: datetime, working_days: int) -> datetime:
    """ACC-30: "without undue delay", as a service level: the end of the n-th working day after receipt (Oslo)."""
    deadline: datetime = oslo_end_of_day(add_working_days(oslo_date(received_at), working_days))
    return deadline.astimezone(UTC)


def is_overdue(status: RequestStatus, due: datetime, now: datetime) -> bool:
    return status is RequestStatus.PENDING and now >= due


def overall(decisions: Sequence[Decision]) -> tuple[Outcome, Scope, tuple[str, ...]]:
    """A request for a whole case: allowed if every listed document is, denied if none is, partial between.

    Give it only the documents the person may know of (ACC-71): a case whose documents are all hidden must
    answer as an empty one."""
    rules = tuple(dict.fromkeys(r for d in decisions for r in d.rules))
    if decisions and all(d.outcome is Outcome.ALLOW for d in decisions):
        return Outcome.ALLOW, Scope.FULL, rules
    if not decisions:
        return Outcome.DENY, Scope.NONE, ("ACC-71",)
    if all(d.outcome is Outcome.DENY for d in decisions):
        return Outcome.DENY, Scope.METADATA, rules
    return Outcome.PARTIAL, Scope.REDACTED, rules
