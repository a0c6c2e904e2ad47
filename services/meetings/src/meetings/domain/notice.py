"""Notice of a meeting (innkalling): MTG-01 sets the days, MTG-06 the duty to publish in time.

Notice periods are calendar days before the meeting. "Senest 10 dager før møtet" is read as:
the notice must be out by the end of the day (Oslo time) ten days before the meeting's day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from folkevalgt_shared.calendar import oslo_date, oslo_end_of_day
from folkevalgt_shared.errors import RuleViolation


@dataclass(frozen=True)
class NoticeRule:
    notice_days: int
    notice_days_budget: int | None = None  # economic plan, annual budget, tax (council: 14)

    def days_for(self, *, budget: bool) -> int:
        if budget and self.notice_days_budget is not None:
            return max(self.notice_days, self.notice_days_budget)
        return self.notice_days


def latest_notice_day(meeting_day: date, rule: NoticeRule, *, budget: bool) -> date:
    """MTG-01/MTG-06: the last day on which the notice may be made known."""
    return meeting_day - timedelta(days=rule.days_for(budget=budget))


def notice_deadline(meeting_at: datetime, rule: NoticeRule, *, budget: bool) -> datetime:
    """The deadline as a moment: the end of the latest notice day in Oslo."""
    return oslo_end_of_day(latest_notice_day(oslo_date(meeting_at), rule, budget=budget))


def check_notice(published_at: datetime, meeting_at: datetime, rule: NoticeRule, *, budget: bool) -> None:
    """Refuses a notice published after its deadline (MTG-06), naming the days that apply."""
    deadline = notice_deadline(meeting_at, rule, budget=budget)
    if published_at > deadline:
        days = rule.days_for(budget=budget)
        kind = "economic plan, budget or tax" if budget and rule.notice_days_budget else "this body"
        raise RuleViolation(
            f"notice for {kind} must be made known {days} days before the meeting, by {deadline.isoformat()}",
            rule="MTG-06",
            errors=[{"field": "published_at", "message": f"after the deadline {deadline.isoformat()}"}],
            deadline=deadline.isoformat(),
        )


def check_not_begun(published_at: datetime, meeting_at: datetime) -> None:
    """MTG-06: a notice is made known before the meeting; once it has begun, not even a late one is."""
    if published_at >= meeting_at:
        raise RuleViolation(
            "the meeting has begun: its notice can no longer be published, late or not",
            rule="MTG-06",
            errors=[{"field": "starts_at", "message": f"the meeting began at {meeting_at.isoformat()}"}],
        )
