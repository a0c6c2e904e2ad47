"""REM-81 (KS guide G, optional): leave from office for at least three consecutive calendar months
gives a proportional deduction in fixed remuneration.

Decisions:
- "At least three calendar months in a row" is measured from the first day of leave: leave from
  15 January qualifies when it lasts through 14 April.
- The deduction is proportional by days: the days of a qualifying leave are simply not paid
  (mayor and deputy mayor pay, REM-10; fixed yearly remuneration, REM-32/34). Meeting fees need
  attendance anyway; phone allowance and support are not remuneration for the office's work and
  are not reduced. Buyout (REM-40) is compensation for a loss that does not arise while on leave:
  every day of leave is left out of it (`less_any_leave`, see buyout.py).
- REM-11: the mayor and deputy mayor keep their pay through a leave for illness as employees keep
  theirs (sick pay, 52 weeks by default); a qualifying leave for illness reduces the pay only after.
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
from datetime import date, timedelta
from uuid import UUID

from remuneration.domain.model import LeaveFromOffice
from remuneration.domain.rates import ONE_DAY, Rates, add_months
from remuneration.domain.settings import MayorTerms
from remuneration.domain.spans import Span, days, intersect, subtract, union


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
    *,
    sick_pay: MayorTerms | None = None,
) -> tuple[list[Span], int]:
    """REM-81: the spans held in the bodies `body_keys` without qualifying leave from them (when
    switched on), and the days removed. With `sick_pay` (REM-11, the mayor's and deputy mayor's pay), a
    leave for illness is paid as an employee's sick pay for its first weeks and reduced only after them."""
    rule = rates.settings.leave_deduction
    if not rule.enabled or not leaves:
        return list(held), 0
    mine = [lv for lv in leaves if lv.person_id == person and lv.covers_any(body_keys)]
    removal = qualifying_leave(mine, rule.min_months, known_until).get(person, [])
    if sick_pay is not None and removal:
        removal = subtract(removal, sick_pay_spans(mine, sick_pay, known_until))
    remaining = subtract(held, removal)
    return remaining, days(held) - days(remaining)


def sick_pay_spans(leaves: Iterable[LeaveFromOffice], terms: MayorTerms, known_until: date) -> list[Span]:
    """REM-11: the days of leave for illness on which the pay goes on as an employee's sick pay."""
    spans = []
    for lv in leaves:
        if lv.reason in terms.sick_pay_leave_reasons and terms.sick_pay_weeks > 0:
            last = lv.start_date + timedelta(weeks=terms.sick_pay_weeks) - ONE_DAY
            spans.append((lv.start_date, min(last, lv.end_date or known_until)))
    return spans


def sick_pay_note(
    held: Sequence[Span], person: UUID, leaves: Sequence[LeaveFromOffice], terms: MayorTerms, known_until: date
) -> str:
    """The explanation's words for days of illness paid as sick pay (REM-11), if any."""
    mine = [lv for lv in leaves if lv.person_id == person]
    sick = days(intersect_all(held, sick_pay_spans(mine, terms, known_until)))
    return f"; {sick} days of leave for illness paid as sick pay ({terms.sick_pay_basis}, REM-11)" if sick else ""


def intersect_all(spans: Sequence[Span], others: Sequence[Span]) -> list[Span]:
    return [part for other in union(others) for part in intersect(spans, other)]


def less_any_leave(
    held: Sequence[Span], person: UUID, body_keys: Collection[str], leaves: Sequence[LeaveFromOffice], known_until: date
) -> tuple[list[Span], int]:
    """The spans held in the bodies `body_keys` without any day of leave from them (REM-40: no loss arises
    for an office one is on leave from), and the days removed. A leave still running runs to `known_until`."""
    away = [
        (lv.start_date, lv.end_date or known_until)
        for lv in leaves
        if lv.person_id == person and lv.covers_any(body_keys)
    ]
    if not away:
        return list(held), 0
    remaining = subtract(held, away)
    return remaining, days(held) - days(remaining)


def leave_note(removed: int, rule: str = "REM-81") -> str:
    return f"; {removed} days of leave from office not paid ({rule})" if removed else ""
