"""Questions and interpellations to the mayor (MTG-30): registered at least 5 working days before
the meeting to be answered in it; a later one is answered at the next meeting or as the chair decides."""

from __future__ import annotations

from datetime import date

from folkevalgt_shared.calendar import add_working_days

WORKING_DAYS_BEFORE = 5


def question_deadline(meeting_day: date) -> date:
    """The last day a question may be registered to be answered at this meeting."""
    return add_working_days(meeting_day, -WORKING_DAYS_BEFORE)


def in_time_for(meeting_day: date, registered_on: date) -> bool:
    return registered_on <= question_deadline(meeting_day)
