"""Leave from office (permisjon fra vervet, LEA-60): up to two years, on application, granted by the council;
what to tell meetings and remuneration, and when.

Decisions:
- "Up to 2 years" includes a leave of exactly two years: from 1 March 2026 its last day may be 28 February
  2028, not 1 March 2028. An open-ended leave cannot be granted, so the last day is required.
- `office_leave.started` is published on the first day of the leave, `office_leave.ended` on its last day
  (both at once for a leave granted when its last day has come). A grant whose first day has come is published
  at once, as is any change of a leave already published (cut short, revoked): the new version.
- Revoking a leave that has started ends it the day before: the member is back in office from today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from folkevalgt_shared.errors import InvalidInput, RuleViolation
from leave.domain.model import ONE_DAY, add_years

Publication = Literal["started", "ended"]


def check_span(start: date, end: date, max_years: int, *, prefix: str = "") -> None:
    if end < start:
        raise InvalidInput(
            "the last day comes before the first",
            errors=[{"field": f"{prefix}end_date", "message": "the last day comes before the first"}],
        )
    if end >= add_years(start, max_years):
        raise RuleViolation(
            f"leave from office is granted for up to {max_years} years: the last day can be "
            f"{(add_years(start, max_years) - ONE_DAY).isoformat()} at the latest (LEA-60)",
            rule="LEA-60",
            errors=[{"field": f"{prefix}end_date", "message": f"longer than {max_years} years"}],
        )


@dataclass(frozen=True)
class Published:
    started: bool
    ended: bool


def due(granted: bool, start: date, end: date, published: Published, today: date) -> Publication | None:
    """What is to be published today for a granted leave, idempotently: nothing once it is published."""
    if not granted or published.ended:
        return None
    if end <= today:
        return "ended"
    if start <= today and not published.started:
        return "started"
    return None


def after_change(end: date, published: Published, today: date) -> Publication | None:
    """A leave changed (cut short or revoked): its new version goes out at once if it was already published,
    also when it was over (a correction after the fact)."""
    if not published.started:
        return None
    return "ended" if published.ended or end <= today else "started"


def revoked_end(start: date, end: date, today: date) -> date:
    """The last day on leave of a leave revoked today: none of it if it has not started (the day before its
    start), else yesterday."""
    return min(end, max(start, today) - ONE_DAY)
