"""Publication of the minutes (MTG-37): no later than 2 working days after the meeting."""

from __future__ import annotations

from datetime import date

from folkevalgt_shared.calendar import add_working_days

WORKING_DAYS_AFTER = 2


def publication_deadline(meeting_day: date) -> date:
    deadline: date = add_working_days(meeting_day, WORKING_DAYS_AFTER)
    return deadline


def is_overdue(meeting_day: date, today: date, published_on: date | None) -> bool:
    """Overdue when not published by the deadline (published late counts as having been overdue)."""
    deadline = publication_deadline(meeting_day)
    return (published_on or today) > deadline
