"""REM-81 (KS guide G, optional): leave from office for at least three consecutive calendar months
gives a proportional deduction in fixed remuneration.

Decisions:
- "At least three calendar months in a row" is measured from the first day of leave: leave from
  15 January qualifies when it lasts through 14 April.
- The deduction is proportional by days: the days of a qualifying leave are simply not paid
  (mayor and deputy mayor pay, REM-10; fixed yearly remuneration, REM-32/34). Meeting fees need
  attendance anyway; phone allowance, buyout and support are not remuneration for the office's
  work and are not reduced.
- Leave still running qualifies once it has lasted the minimum by the end of the period being
  computed; an earlier period it also covered is corrected when that period is recomputed.
- A leave granted for some bodies only (the leave service's `body_keys`; none: every office)
  reduces only what is paid for offices in those bodies: the fixed yearly remuneration of an
  office in another body is paid in full. Mayor and deputy mayor pay (REM-10) is one payment for
  the role, which the person holds in the council and in the executive committee alike: it is
  reduced when the leave covers any body in which they hold that role, since the role cannot be
  carried out while on leave from either.
- Whether a leave qualifies is measured on the leave as a whole, whichever bodies it covers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from uuid import UUID

from remuneration.domain.model import LeaveFromOffice
from remuneration.domain.rates import ONE_DAY, Rates, add_months
from remuneration.domain.spans import Span, subtract


def qualifying_leave(leaves: Iterable[LeaveFromOffice], min_months: int, known_until: date) -> dict[UUID, list[Span]]:
    """Per person, the leave spans long enough for a deduction, as known on `known_until`."""
    result: dict[UUID, list[Span]] = {}
    for leave in leaves:
        end = leave.end_date or known_until
        if end >= add_months(leave.start_date, min_months) - ONE_DAY:
            result.setdefault(leave.person_id, []).append((leave.start_date, end))
    return result


def less_leave(
    held: Sequence[Span],
    person: UUID,
    body_keys: Collection[str],
    rates: Rates,
    leaves: Sequence[LeaveFromOffice],
    known_until: date,
) -> tuple[list[Span], int]:
    """REM-81: the spans held in the bodies `body_keys` without qualifying leave from them (when
    switched on), and the days removed."""
    rule = rates.settings.leave_deduction
    if not rule.enabled or not leaves:
        return list(held), 0
    mine = (lv for lv in leaves if lv.person_id == person and lv.covers_any(body_keys))
    spans = qualifying_leave(mine, rule.min_months, known_until)
    remaining = subtract(held, spans.get(person, []))
    removed = sum((b - a).days + 1 for a, b in held) - sum((b - a).days + 1 for a, b in remaining)
    return remaining, removed


def leave_note(removed: int) -> str:
    return f"; {removed} days of leave from office not paid (REM-81)" if removed else ""
