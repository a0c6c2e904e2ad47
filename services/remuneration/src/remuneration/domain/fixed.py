"""Amounts the administration computes from offices held (REM-03): mayor and deputy mayor pay
(REM-10), severance (REM-12) and fixed yearly remuneration (REM-32, REM-34) here; buyout
(REM-40, `buyout`), phone allowance (REM-50, `phone`), benefits in kind (REM-11, REM-50 §8,
`benefits`) and party and representative support (REM-60, `support`) are re-exported, so this
module names everything computed from offices.
Absence reductions (REM-80/81) are in `reductions` and `leave`.

How yearly amounts are paid per quarter (decision):
- Mayor and deputy mayor: monthly twelfths (REM-10); a month held in part pays its share by days.
  One line per month, marked monthly so a monthly batch can pay it once the month has ended.
- Other yearly amounts: each quarter pays the share for the days the office was held in it, by
  days of the year, rounded telescopically so a full year adds up to exactly the yearly amount.
- A line never straddles a change of rates: spans are cut where the rule version or the reference
  salary changes, and each part is priced with the rates in force on it.
- Severance is paid month by month from the day after leaving, at the monthly pay of the last
  day in office; the last, part month pays its fraction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from uuid import UUID

from remuneration.domain.benefits import benefits_in_kind
from remuneration.domain.buyout import buyout_pay, council_group_sizes
from remuneration.domain.leave import leave_note, less_leave, sick_pay_note
from remuneration.domain.lines import OfficeKey, held_by, make_line, office_source, span_text
from remuneration.domain.model import Attendance, ItemType, LeaveFromOffice, MeetingHeld, Office, Ore, PayLine, Period
from remuneration.domain.phone import phone_allowance
from remuneration.domain.rates import (
    ONE_DAY,
    Rates,
    RateSource,
    add_months,
    mayor_yearly,
    month_pieces,
    nok_text,
    number_text,
    round_ore,
    year_share,
)
from remuneration.domain.settings import FixedYearlyRule
from remuneration.domain.spans import Span, clip, intersect, union
from remuneration.domain.support import PartyLists, party_support

# The administration's computed amounts, in one place for callers (REM-03).
__all__ = [
    "Accrual",
    "PartyLists",
    "SeveranceCase",
    "benefits_in_kind",
    "buyout_pay",
    "council_group_sizes",
    "fixed_yearly_accruals",
    "fixed_yearly_pay",
    "mayor_pay",
    "party_support",
    "phone_allowance",
    "severance_pay",
]


# -- REM-10: mayor and deputy mayor ------------------------------------------------------------


def mayor_pay(
    period: Period, source: RateSource, offices: Sequence[Office], *, leaves: Sequence[LeaveFromOffice] = ()
) -> list[PayLine]:
    """REM-10: the yearly remuneration in monthly twelfths, a part month by its days."""
    lines: list[PayLine] = []
    for role, title in (("mayor", "Mayor"), ("deputy_mayor", "Deputy mayor")):
        per_person: dict[UUID, tuple[list[Span], list[str], set[str]]] = {}
        for office in offices:
            span = clip(office.start_date, office.end_date, (period.start, period.end)) if office.role == role else None
            if span is not None:
                spans, sources, bodies = per_person.setdefault(office.person_id, ([], [], set()))
                spans.append(span)
                sources.append(office_source(office))
                bodies.add(office.body_key)
        for person, (spans, sources, bodies) in per_person.items():
            for start, end, rates in source.spans(period.start, period.end):
                for month_start, month_end in month_pieces(start, end):
                    held = intersect(union(spans), (month_start, month_end))
                    if not held:
                        continue
                    terms = rates.settings.mayor_terms
                    sick_pay = terms if role in terms.roles else None
                    paid, removed = less_leave(held, person, bodies, rates, leaves, period.end, sick_pay=sick_pay)
                    if not paid:  # a whole month of qualifying leave: nothing to pay
                        continue
                    annual, basis = mayor_yearly(rates.settings, rates.model, month_start, role)
                    amount = None if annual is None else sum(year_share(annual, a, b, "month") for a, b in paid)
                    whole = held == [(month_start, month_end)] and month_start.day == 1 and not removed
                    share = "1/12" if whole else f"the share for {span_text(paid)} of 1/12"
                    yearly = f"{nok_text(annual)} a year, {basis}" if annual is not None else basis
                    result = f" = {nok_text(amount)}" if amount is not None else ""
                    text = f"{title}'s remuneration for {month_start:%Y-%m}: {share} of {yearly}{result}"
                    text += f" ({rates.model.label}){leave_note(removed)}"
                    if sick_pay is not None and leaves:
                        text += sick_pay_note(paid, person, leaves, sick_pay, period.end)
                    lines.append(
                        make_line(
                            person,
                            period,
                            ItemType.FIXED_PAY,
                            amount,
                            "REM-10",
                            rates,
                            text,
                            sources,
                            month_start,
                            monthly=True,
                        )
                    )
    return lines


# -- REM-12: severance --------------------------------------------------------------------------


@dataclass(frozen=True)
class SeveranceCase:
    """An official leaving an office of more than a third of full time (recorded by the administration)."""

    person_id: UUID
    role: str  # mayor | deputy_mayor (the roles with a time share in the settings)
    last_day_in_office: date
    has_job_to_return_to: bool


def severance_pay(period: Period, source: RateSource, cases: Sequence[SeveranceCase]) -> list[PayLine]:
    """REM-12: 1.5 months with a job to return to, 3 months without, at the monthly pay of the last day.

    Paid month by month from the day after leaving; the last, part month pays its fraction.
    """
    lines: list[PayLine] = []
    for case in cases:
        rates = source(case.last_day_in_office)
        rule = rates.settings.severance
        share = rule.time_share.get(case.role)
        if not rule.enabled or share is None or share <= rule.more_than_share:
            continue
        months = rule.months_with_job if case.has_job_to_return_to else rule.months_without_job
        annual, basis = mayor_yearly(rates.settings, rates.model, case.last_day_in_office, case.role)
        first = case.last_day_in_office + ONE_DAY
        job = "with a job to return to" if case.has_job_to_return_to else "without a job to return to"
        for k in range(math.ceil(months)):
            month_start = add_months(first, k)
            if month_start not in period:
                continue
            fraction = min(Fraction(1), months - k)
            amount = None if annual is None else round_ore(annual * fraction / 12)
            yearly = f"{nok_text(annual)} a year ({basis})" if annual is not None else basis
            text = (
                f"Severance month {k + 1} of {number_text(months)} ({job}) from {month_start.isoformat()}: "
                f"{fraction} × 1/12 of {yearly}"
            )
            source_ref = f"severance:{case.person_id}/{case.role}/{case.last_day_in_office.isoformat()}"
            lines.append(
                make_line(
                    case.person_id,
                    period,
                    ItemType.SEVERANCE,
                    amount,
                    "REM-12",
                    rates,
                    text,
                    [source_ref],
                    month_start,
                    monthly=True,
                )
            )
    return lines


# -- REM-32/34: fixed yearly remuneration -------------------------------------------------------


def meeting_counts(
    body_key: str,
    person: UUID,
    held: Sequence[Span],
    meetings_by_body: Mapping[str, Sequence[MeetingHeld]],
    attended: Mapping[int, set[int]],
) -> tuple[list[MeetingHeld], list[MeetingHeld]]:
    """The body's meetings on days the office was held, and those among them the person missed."""
    mine = attended.get(person.int, set())
    during = [m for m in meetings_by_body.get(body_key, ()) if any(a <= m.held_on <= b for a, b in held)]
    return during, [m for m in during if m.meeting_id.int not in mine]


def attended_meetings(attendances: Iterable[Attendance]) -> dict[int, set[int]]:
    """Per person, the meetings (not group meetings or §6 activities) they took part in, by UUID int."""
    result: dict[int, set[int]] = defaultdict(set)
    for a in attendances:
        if a.meeting_kind == "meeting":
            result[a.person_id.int].add(a.meeting_id.int)
    return result


def by_body(meetings: Iterable[MeetingHeld]) -> dict[str, list[MeetingHeld]]:
    result: dict[str, list[MeetingHeld]] = defaultdict(list)
    for meeting in meetings:
        result[meeting.body_key].append(meeting)
    return result


@dataclass(frozen=True)
class Accrual:
    """A fixed yearly amount earned by one office over one span of unchanged rates."""

    key: OfficeKey
    rule: FixedYearlyRule
    rates: Rates
    span: Span
    held: list[Span]
    amount: Ore | None
    text: str
    sources: tuple[str, ...]


def fixed_yearly_accruals(
    within: Span,
    source: RateSource,
    offices: Sequence[Office],
    *,
    meetings: Sequence[MeetingHeld] = (),
    attendances: Sequence[Attendance] = (),
    leaves: Sequence[LeaveFromOffice] = (),
    known_until: date | None = None,
    per_missed_meeting: bool = True,
) -> list[Accrual]:
    """REM-32/34: each office's share of the yearly amounts of the rules matching it, per rate span."""
    known_until = known_until or within[1]
    meetings_by_body: dict[str, list[MeetingHeld]] | None = None
    attended: dict[int, set[int]] = {}
    result: list[Accrual] = []
    for key, (spans, held_offices) in held_by(offices, within).items():
        person, body_key, body_type, role = key
        for start, end, rates in source.spans(*within):
            rules = [r for r in rates.model.fixed_yearly if r.matches(body_type, role)]
            held = intersect(spans, (start, end))
            if not rules or not held:
                continue
            paid, removed = less_leave(held, person, (body_key,), rates, leaves, known_until)
            if not paid:
                continue
            for rule in rules:
                annual = rates.amount(rule.rate)
                amount = None if annual is None else sum(year_share(annual, a, b, "day") for a, b in paid)
                text = f"{rule.label}: {rates.describe(rule.rate)} a year, for {span_text(paid)}"
                sources = [office_source(o) for o in held_offices]
                if rule.reduced_per_missed_meeting and per_missed_meeting and amount is not None:
                    if meetings_by_body is None:  # only model 3 a needs them; they are many
                        meetings_by_body, attended = by_body(meetings), attended_meetings(attendances)
                    during, missed = meeting_counts(body_key, person, paid, meetings_by_body, attended)
                    if during:
                        amount = round_ore(Fraction(amount * (len(during) - len(missed)), len(during)))
                        text += f", reduced for {len(missed)} of {len(during)} meetings missed"
                        sources += [f"meeting:{m.meeting_id}" for m in missed]
                if amount is not None:
                    text += f" = {nok_text(amount)}"
                text += f" ({rates.model.label}){leave_note(removed)}"
                result.append(Accrual(key, rule, rates, (start, end), paid, amount, text, tuple(sources)))
    return result


def fixed_yearly_pay(
    period: Period,
    source: RateSource,
    offices: Sequence[Office],
    *,
    meetings: Sequence[MeetingHeld] = (),
    attendances: Sequence[Attendance] = (),
    leaves: Sequence[LeaveFromOffice] = (),
) -> list[PayLine]:
    """REM-32 (group leader 3 000 a year in model 1), REM-34 (models 2–4): the quarter's share."""
    accruals = fixed_yearly_accruals(
        (period.start, period.end), source, offices, meetings=meetings, attendances=attendances, leaves=leaves
    )
    return [
        make_line(a.key[0], period, a.rule.item_type, a.amount, a.rule.rule, a.rates, a.text, a.sources, a.span[0])
        for a in accruals
    ]
