"""The checks on an application and on the manager's decision (LEA-01, LEA-02, LEA-03, LEA-32), and the
overlap rule: no two leaves of one employee on the same hours.

Decisions:
- LEA-02: the channel is `written` (the form, through the line) or, when the leave is urgent, `phone` or
  `in_person`; an oral application that is not urgent is refused.
- Overlap: a whole-day leave occupies its days; leaves of some hours per day may share a day while together
  they take no more than a full-time working day. Pending applications count, so one employee cannot have two
  applications waiting for the same hours.
- LEA-10..25, per occasion: applications naming the same occasion share the reason's maximum, and so does a
  leave continuing one already granted for the reason with no working day between (a second application for
  the days after a death is the same death, whatever it is called).
- LEA-32: the right to leave for a municipal office covers four years counted from the start of a run of such
  leaves; a leave starting less than one election period (`repeat_after_years`) after the previous one ended
  continues its run, later ones start a new right.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from folkevalgt_shared.errors import Conflict, InvalidInput, RuleViolation
from leave.domain.model import Employment, Extent, Hours, add_years, nothing_between
from leave.domain.quota import Split
from leave.domain.reasons import Reason, Source

Channel = Literal["written", "phone", "in_person"]


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors=[{"field": field, "message": message}])


def check_extent(extent: Extent, employment: Employment, *, prefix: str = "") -> None:
    """The dates and hours themselves: order, hours, employment, at least one working day."""
    if extent.end < extent.start:
        raise _invalid(f"{prefix}end_date", "the last day comes before the first")
    if extent.per_day is not None:
        if extent.per_day <= 0:
            raise _invalid(f"{prefix}hours_per_day", "hours per day must be more than 0")
        if extent.per_day > employment.full_time_day:
            raise _invalid(f"{prefix}hours_per_day", "more hours per day than a full-time working day")
    if not employment.employed_on(extent.start):
        raise _invalid(f"{prefix}start_date", "the employee is not employed on the first day")
    if employment.end is not None and extent.end > employment.end:
        raise _invalid(f"{prefix}end_date", "the leave runs beyond the end of the employment")
    if next(extent.working_days(), None) is None:
        raise _invalid(f"{prefix}start_date", "the leave covers no working day")


def check_applicant(reason: Reason, employment: Employment, documentation_ref: str | None = None) -> None:
    """LEA-01: the regulation covers employees in a permanent position; rights under law cover everyone. A reason
    with a precondition needs its documentation (LEA-41)."""
    if reason.documented is not None and not documentation_ref:
        raise RuleViolation(
            f"{reason.rule} ({reason.section}) requires documentation of {reason.documented}",
            rule=reason.rule,
            errors=[{"field": "documentation_ref", "message": f"required: {reason.documented}"}],
        )
    if reason.source is Source.REGULATION and not employment.permanent:
        raise RuleViolation(
            f"the leave regulation ({reason.rule}) applies to employees in a permanent position",
            rule="LEA-01",
            errors=[{"field": "reason", "message": "not available to a temporary employee"}],
        )


def check_channel(channel: Channel, urgent: bool) -> None:
    """LEA-02: written as a rule; in person or by phone only when the leave is urgent."""
    if channel != "written" and not urgent:
        raise RuleViolation(
            "an application is written unless the leave is urgent (LEA-02)",
            rule="LEA-02",
            errors=[{"field": "channel", "message": "phone or in person only for urgent leave"}],
        )


@dataclass(frozen=True)
class Taken:
    """An employee's leave already granted or applied for."""

    id: str
    extent: Extent


def first_clash(new: Extent, taken: Iterable[Taken], full_time_day: Hours) -> tuple[date, Taken] | None:
    """The first working day on which `new` and the leaves already taken would together exceed a full-time day
    (a whole-day leave fills its day), and one of the leaves it clashes with."""
    touching = [t for t in taken if t.extent.touches(new)]
    if not touching:
        return None
    mine = new.per_day if new.per_day is not None else full_time_day + 1
    for day in new.working_days():
        on_day = [t for t in touching if t.extent.start <= day <= t.extent.end]
        if not on_day:
            continue
        total = mine + sum(t.extent.per_day if t.extent.per_day is not None else full_time_day + 1 for t in on_day)
        if total > full_time_day:
            return day, on_day[0]
    return None


def check_no_clash(new: Extent, taken: Iterable[Taken], full_time_day: Hours) -> None:
    clash = first_clash(new, taken, full_time_day)
    if clash is not None:
        day, other = clash
        raise Conflict(
            f"the employee already has leave on {day.isoformat()} (application {other.id}): "
            "no two leaves on the same hours",
            errors=[{"field": "start_date", "message": f"overlaps {other.id} on {day.isoformat()}"}],
            overlaps=other.id,
        )


@dataclass(frozen=True)
class Earlier:
    """A granted part of the same reason (of another application)."""

    application: str
    first: date
    last: date
    hours: Hours
    occasion: str | None


def occasion_use(new: Extent, occasion: str | None, earlier: Iterable[Earlier]) -> Hours:
    """LEA-10..25: the hours already granted for the occasion of `new`: the grants naming the same occasion,
    and those `new` continues (or that continue it) with no working day between, link by link."""
    parts = list(earlier)
    spans: dict[str, tuple[date, date]] = {}
    for p in parts:
        first, last = spans.get(p.application, (p.first, p.last))
        spans[p.application] = (min(first, p.first), max(last, p.last))
    same = {p.application for p in parts if occasion is not None and p.occasion == occasion}
    low, high, grown = new.start, new.end, True
    while grown:
        grown = False
        for application, (first, last) in spans.items():
            if application in same:
                continue
            touching = first <= high and last >= low
            if (
                touching
                or (last < low and nothing_between(last, low))
                or (first > high and nothing_between(high, first))
            ):
                same.add(application)
                low, high, grown = min(low, first), max(high, last), True
    return sum(p.hours for p in parts if p.application in same)


def run_start(start: date, earlier: Iterable[tuple[date, date]], gap_years: int | None) -> date:
    """LEA-32: where the right's years are counted from: the start of the run of earlier leaves this one continues."""
    if gap_years is None:
        return start
    begin = start
    for first, last in sorted(earlier, reverse=True):
        if first >= begin:
            continue
        if begin < add_years(last, gap_years):  # less than one period between: the same run
            begin = first
        else:
            break
    return begin


@dataclass(frozen=True)
class Proposal:
    outcome: Literal["grant", "deny"]
    note: str


def propose(reason: Reason, split: Split) -> Proposal:
    """LEA-03: what the service proposes to the unit manager."""
    if reason.normally_denied:
        return Proposal(
            "deny",
            f"{reason.rule}: leave for a new position outside the municipality is as a rule not granted; unpaid "
            "leave may be considered for a temporary position of special professional benefit to the municipality",
        )
    if reason.source is Source.STATUTORY:
        return Proposal("grant", f"Recorded under {reason.legal_basis} (LEA-50)")
    parts = []
    if split.paid:
        parts.append("paid within the rules")
    if split.unpaid:
        parts.append("the rest unpaid" if split.paid else "unpaid")
    return Proposal("grant", f"Grant as applied for, {' and '.join(parts)} (LEA-16)")


def check_deny(reason: Reason, split: Split) -> None:
    """A right cannot be denied within its limit (LEA-05, LEA-32)."""
    if split.right:
        raise RuleViolation(
            f"the employee has a right to this leave ({reason.rule}, {reason.section}); it cannot be denied",
            rule=reason.rule,
            errors=[{"field": "outcome", "message": "a right cannot be denied"}],
        )


def check_granted(requested: Extent, granted: Extent, reason: Reason, full: Split, less: Split) -> None:
    """LEA-03: the manager may grant less than applied for, never more, and never less than a right."""
    if granted.start < requested.start or granted.end > requested.end:
        raise InvalidInput(
            "the leave granted must lie within the days applied for",
            errors=[{"field": "end_date" if granted.end > requested.end else "start_date", "message": "outside"}],
        )
    asked = requested.per_day
    if granted.per_day is not None and asked is not None and granted.per_day > asked:
        raise InvalidInput(
            "more hours per day than applied for",
            errors=[{"field": "hours_per_day", "message": "more than applied for"}],
        )
    if asked is not None and granted.per_day is None:
        raise InvalidInput(
            "whole days granted for an application of some hours per day",
            errors=[{"field": "hours_per_day", "message": "more than applied for"}],
        )
    if less.right < full.right:
        raise RuleViolation(
            f"the employee has a right to the whole leave applied for ({reason.rule}); it cannot be granted less",
            rule=reason.rule,
            errors=[{"field": "end_date", "message": "less than the right"}],
        )
