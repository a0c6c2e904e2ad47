"""When the procedure of a meeting happens (MTG-15, MTG-35): on the meeting's day (Europe/Oslo) and not
before its start. The roll call opens the meeting on its day; what follows (cases, votes, elections, the
close) is never before the start, so the minutes' end is never before their start. A meeting that goes on
past midnight goes on: only its opening is tied to the day."""

from __future__ import annotations

from datetime import datetime

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.errors import RuleViolation


def require_started(starts_at: datetime, now: datetime, what: str) -> None:
    if now < starts_at:
        raise RuleViolation(
            f"the meeting starts {starts_at.isoformat()}; {what} not before it starts",
            rule="MTG-15",
            errors=[{"field": "meeting_id", "message": "the meeting has not started"}],
        )


def require_meeting_day(starts_at: datetime, now: datetime, what: str) -> None:
    require_started(starts_at, now, what)
    if oslo_date(now) != oslo_date(starts_at):
        raise RuleViolation(
            f"the meeting is held on {oslo_date(starts_at).isoformat()}; {what} on that day",
            rule="MTG-15",
            errors=[{"field": "meeting_id", "message": "not the meeting's day"}],
        )
