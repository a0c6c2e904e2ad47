"""Status (FBK-21) and who acts next by when (FBK-22).

A forwarded item moves received → registered → assigned → answered → closed; nothing is skipped and
nothing goes back, except that an assigned item may be assigned again to another unit. Every open item
has an owner and a due date in working days (Norwegian holidays), so nothing is lost between the
politician and the administration: the post reception's registration acknowledges the hand-over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from feedback.domain.settings import DueWorkingDays
from folkevalgt_shared.calendar import add_working_days


class Status(StrEnum):
    RECEIVED = "received"
    REGISTERED = "registered"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    CLOSED = "closed"


class Route(StrEnum):
    GUIDE = "guide"  # FBK-10
    FORWARD = "forward"  # FBK-11
    MEETING = "meeting"  # FBK-12
    PROXY = "proxy"  # FBK-13


class Owner(StrEnum):
    POLITICIAN = "politician"
    POST_RECEPTION = "post_reception"
    UNIT = "unit"


# FBK-21: the municipality's steps after forwarding, in order.
_NEXT: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.REGISTERED}),
    Status.REGISTERED: frozenset({Status.ASSIGNED}),
    Status.ASSIGNED: frozenset({Status.ASSIGNED, Status.ANSWERED}),
    Status.ANSWERED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


def transition_refusal(current: Status, target: Status, *, forwarded: bool) -> str | None:
    """FBK-21: why the item cannot move from `current` to `target`, or None. Input not forwarded has no
    case in the municipality: the politician may only close it."""
    if current is Status.CLOSED:
        return "the item is closed"
    if not forwarded:
        if target is Status.CLOSED:
            return None
        return f"the item has not been forwarded to the municipality, so it cannot be {target}"
    if target not in _NEXT[current]:
        allowed = " or ".join(sorted(_NEXT[current])) or "nothing"
        return f"a {current} item moves on to {allowed}, not to {target}"
    return None


@dataclass(frozen=True)
class NextStep:
    owner: Owner | None
    due_on: date | None


def next_step(
    status: Status,
    route: Route | None,
    *,
    since: date,
    days: DueWorkingDays,
    meeting_on: date | None = None,
    proxy_until: date | None = None,
) -> NextStep:
    """FBK-22: who must act next on an open item and by which day, counted in working days from the
    day of the last hand-over (`since`, Oslo date)."""
    if status is Status.CLOSED:
        return NextStep(None, None)
    if status is Status.REGISTERED:
        return NextStep(Owner.POST_RECEPTION, add_working_days(since, days.assignment))
    if status is Status.ASSIGNED:
        return NextStep(Owner.UNIT, add_working_days(since, days.answer))
    if status is Status.ANSWERED:
        return NextStep(Owner.POST_RECEPTION, add_working_days(since, days.closing))
    if route is Route.FORWARD:
        return NextStep(Owner.POST_RECEPTION, add_working_days(since, days.registration))
    if route is Route.MEETING and meeting_on is not None:
        return NextStep(Owner.POLITICIAN, add_working_days(max(meeting_on, since), days.meeting_record))
    if route is Route.PROXY:
        review = add_working_days(since, days.proxy_review)
        return NextStep(Owner.POLITICIAN, min(review, proxy_until) if proxy_until else review)
    return NextStep(Owner.POLITICIAN, add_working_days(since, days.choose_route))


def is_overdue(due_on: date | None, today: date) -> bool:
    """FBK-22: overdue the day after the due day (the due day itself is still in time)."""
    return due_on is not None and today > due_on


def due_date_refusal(due_on: date, today: date) -> str | None:
    """FBK-22: a due date set by hand lies ahead; today is allowed (answer today)."""
    if due_on < today:
        return f"the due date {due_on.isoformat()} is in the past (today is {today.isoformat()})"
    return None
