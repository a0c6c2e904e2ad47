"""Citizens' channels to the municipal council: question time (MTG-32), citizen initiatives (MTG-33)
and delegations (MTG-34). Reglement § 19 (spørretimer) and § 20 (innbyggerinitiativ og delegasjoner)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from enum import StrEnum

from folkevalgt_shared.calendar import add_working_days, oslo_date

# MTG-32: "2 ganger pr. år ... h.h.v. januar og juni"
QUESTION_TIME_MONTHS = (1, 6)
QUESTION_WORKING_DAYS_BEFORE = 5
# MTG-33 (KL 1992 § 39 a): 2 % of the residents, but 300 signatures always suffice; decided within 6 months
INITIATIVE_SHARE_PERCENT = 2
INITIATIVE_SIGNATURES_ALWAYS_ENOUGH = 300
INITIATIVE_DECISION_MONTHS = 6
# MTG-34: notice 5 working days before; accepted delegations meet the group leaders half an hour before
DELEGATION_WORKING_DAYS_BEFORE = 5
DELEGATION_MEETS_GROUP_LEADERS_BEFORE = timedelta(minutes=30)
# The council's term (valgperiode) starts on 1 October of the election year (2011, 2015, …, 2023, 2027).
ELECTION_YEAR_REMAINDER = 3
TERM_STARTS = (10, 1)


def question_time_month_allowed(day: date) -> bool:
    """MTG-32: citizens' question time is held in January and June."""
    return day.month in QUESTION_TIME_MONTHS


def citizen_question_deadline(council_meeting_day: date) -> date:
    """MTG-32: the last day a question is submitted to be answered at this question time: "minst 5 virkedager
    før kommunestyremøtet" (seed 1916), counted from the council meeting, not from the question time."""
    deadline: date = add_working_days(council_meeting_day, -QUESTION_WORKING_DAYS_BEFORE)
    return deadline


class QuestionTiming(StrEnum):
    IN_TIME = "in_time"  # answered at this question time
    LATE = "late"  # only for very special reasons; the chair decides if it is answered at the next meeting
    CLOSED = "closed"  # the council meeting has started


def citizen_question_timing(submitted: datetime, council_meeting_starts: datetime) -> QuestionTiming:
    """MTG-32: by the deadline, in time; after it, questions may still be asked "fram til kommunestyrets
    start" (seed 1918), never after."""
    if submitted >= council_meeting_starts:
        return QuestionTiming.CLOSED
    if oslo_date(submitted) <= citizen_question_deadline(oslo_date(council_meeting_starts)):
        return QuestionTiming.IN_TIME
    return QuestionTiming.LATE


def citizen_question_refusal(
    *, personal_case: bool, confidential: bool, on_coming_agenda: bool, general_interest: bool
) -> str | None:
    """MTG-32: why a question cannot be taken up at question time, or None."""
    if personal_case:
        return "personal cases cannot be taken up at question time"
    if confidential:
        return "matters subject to confidentiality cannot be taken up at question time"
    if on_coming_agenda:
        return "questions about a case on the council meeting's agenda are rejected"
    if not general_interest:
        return "questions must concern municipal matters of general interest to the residents"
    return None


def signatures_needed(population: int) -> int:
    """MTG-33: at least 2 % of the residents, but 300 signatures always suffice."""
    two_percent = -(-population * INITIATIVE_SHARE_PERCENT // 100)  # rounded up: "at least 2 %"
    return min(two_percent, INITIATIVE_SIGNATURES_ALWAYS_ENOUGH)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def initiative_deadline(registered_on: date, *, referred_to_planning_case: bool) -> date | None:
    """MTG-33: the council decides within 6 months, unless the proposal is referred to an ongoing
    planning case under the planning and building act (then no deadline)."""
    if referred_to_planning_case:
        return None
    return add_months(registered_on, INITIATIVE_DECISION_MONTHS)


def initiative_overdue(deadline: date | None, decided_on: date | None, today: date) -> bool:
    return deadline is not None and decided_on is None and today > deadline


def election_period(day: date) -> tuple[date, date]:
    """The council's election period (valgperiode) containing `day`: 1 October of an election year
    to 30 September four years later."""
    year = day.year if (day.month, day.day) >= TERM_STARTS else day.year - 1
    start_year = year - (year - ELECTION_YEAR_REMAINDER) % 4
    start = date(start_year, *TERM_STARTS)
    return start, date(start_year + 4, *TERM_STARTS) - timedelta(days=1)


def same_election_period(a: date, b: date) -> bool:
    """MTG-33: an initiative with the same content as an earlier one, or as a case the council treated,
    is refused in the same election period."""
    return election_period(a) == election_period(b)


def delegation_deadline(meeting_day: date) -> date:
    """MTG-34: the last day a delegation may notify the mayor that it wishes to address the council."""
    deadline: date = add_working_days(meeting_day, -DELEGATION_WORKING_DAYS_BEFORE)
    return deadline


def delegation_meets_group_leaders_at(meeting_starts_at: datetime) -> datetime:
    """MTG-34: an accepted delegation meets the group leaders, led by the mayor, half an hour before the meeting."""
    return meeting_starts_at - DELEGATION_MEETS_GROUP_LEADERS_BEFORE


def delegation_decision_refusal(decided_by: set[object], group_leaders: set[object]) -> str | None:
    """MTG-34 (seed: "Kommunestyrets gruppeledere avgjør om utsendingene skal tas i mot"): the council's group
    leaders decide, so those recorded as deciding must be group leaders of the council, and more than half of
    the group leaders must have taken part for it to be their decision rather than one leader's. None if lawful."""
    if not group_leaders:
        return "the council has no group leaders in the register: their decision cannot be recorded"
    strangers = decided_by - group_leaders
    if strangers:
        return f"{len(strangers)} of those named are not group leaders of the council"
    if 2 * len(decided_by) <= len(group_leaders):
        taking_part = f"{len(decided_by)} of the council's {len(group_leaders)} group leaders"
        return f"{taking_part} is not a decision of the group leaders"
    return None
