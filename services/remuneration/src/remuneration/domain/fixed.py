"""Amounts the administration computes from offices held (REM-03): mayor and deputy mayor pay
(REM-10), severance (REM-12), fixed yearly remuneration (REM-32, REM-34), buyout (REM-40) and
phone allowance (REM-50). Party and representative support (REM-60) is in `support`, the
absence reductions (REM-80/81) in `reductions` and `leave`.

How yearly amounts are paid per quarter (decision):
- Mayor and deputy mayor: monthly twelfths (REM-10); a month held in part pays its share by days.
  One line per month.
- Other yearly amounts: each quarter pays the share for the days the office was held in it, by
  days of the year, rounded telescopically so a full year adds up to exactly the yearly amount.
- A line never straddles a change of rates: spans are cut where the rule version or the reference
  salary changes, and each part is priced with the rates in force on it.

Buyout day rate (decision): §7 pays buyout "at the lost-earnings rates". A bought-out day is a
whole working day released from the official's job, which is what the documented day cap is set
to cover ("so high that all occupations can take part without loss"); the undocumented day amount
is for those without documentable earnings and would make a released day worth less than one
documented meeting day. Default `documented_day_cap` (2 500 in model 1); `undocumented_day` is
configurable. Days per month for part months are shared by days.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from uuid import UUID

from remuneration.domain.leave import leave_note, less_leave
from remuneration.domain.model import (
    Attendance,
    ItemType,
    LeaveFromOffice,
    LineStatus,
    MeetingHeld,
    Office,
    Ore,
    PayLine,
    Period,
    RecipientKind,
)
from remuneration.domain.rates import (
    ONE_DAY,
    Rates,
    RateSource,
    add_months,
    mayor_yearly,
    month_pieces,
    months_held,
    nok_text,
    round_ore,
    year_share,
)
from remuneration.domain.settings import FixedYearlyRule
from remuneration.domain.spans import Span, clip, days, intersect, subtract, union

OfficeKey = tuple[UUID, str, str, str]  # person, body key, body type, role


def office_source(office: Office) -> str:
    return f"office:{office.person_id}/{office.body_key}/{office.role}"


def make_line(
    person: UUID | str,
    period: Period,
    item: ItemType,
    amount: Ore | None,
    rule: str,
    rates: Rates,
    text: str,
    sources: Iterable[str],
    earned_on: date,
    kind: RecipientKind = RecipientKind.PERSON,
) -> PayLine:
    return PayLine(
        recipient_id=str(person),
        recipient_kind=kind,
        period=period,
        item_type=item,
        amount=amount or 0,
        rule=rule,
        rate_version=rates.decision,
        explanation=text if amount is not None else f"{text} — rate pending",
        sources=tuple(sources),
        earned_on=earned_on,
        status=LineStatus.RATE_PENDING if amount is None else LineStatus.COMPUTED,
    )


def _span_text(spans: Sequence[Span]) -> str:
    return ", ".join(f"{a.isoformat()}–{b.isoformat()}" for a, b in spans)


def held_by(offices: Iterable[Office], within: Span) -> dict[OfficeKey, tuple[list[Span], list[Office]]]:
    """Per (person, body key, body type, role): the merged spans held within `within`, and the offices."""
    grouped: dict[OfficeKey, tuple[list[Span], list[Office]]] = {}
    for office in offices:
        span = clip(office.start_date, office.end_date, within)
        if span is None:
            continue
        spans, sources = grouped.setdefault(
            (office.person_id, office.body_key, office.body_type, office.role), ([], [])
        )
        spans.append(span)
        sources.append(office)
    return {key: (union(spans), sources) for key, (spans, sources) in grouped.items()}


# -- REM-10: mayor and deputy mayor ------------------------------------------------------------


def mayor_pay(
    period: Period, source: RateSource, offices: Sequence[Office], *, leaves: Sequence[LeaveFromOffice] = ()
) -> list[PayLine]:
    """REM-10: the yearly remuneration in monthly twelfths, a part month by its days."""
    lines: list[PayLine] = []
    for role, title in (("mayor", "Mayor"), ("deputy_mayor", "Deputy mayor")):
        per_person: dict[UUID, tuple[list[Span], list[str]]] = {}
        for office in offices:
            span = clip(office.start_date, office.end_date, (period.start, period.end)) if office.role == role else None
            if span is not None:
                spans, sources = per_person.setdefault(office.person_id, ([], []))
                spans.append(span)
                sources.append(office_source(office))
        for person, (spans, sources) in per_person.items():
            for start, end, rates in source.spans(period.start, period.end):
                for month_start, month_end in month_pieces(start, end):
                    held = intersect(union(spans), (month_start, month_end))
                    if not held:
                        continue
                    paid, removed = less_leave(held, person, rates, leaves, period.end)
                    annual, basis = mayor_yearly(rates.settings, rates.model, month_start, role)
                    amount = None if annual is None else sum(year_share(annual, a, b, "month") for a, b in paid)
                    whole = held == [(month_start, month_end)] and month_start.day == 1 and not removed
                    share = "1/12" if whole else f"the share for {_span_text(paid) or 'no days'} of 1/12"
                    yearly = f"{nok_text(annual)} a year, {basis}" if annual is not None else basis
                    result = f" = {nok_text(amount)}" if amount is not None else ""
                    text = f"{title}'s remuneration for {month_start:%Y-%m}: {share} of {yearly}{result}"
                    text += f" ({rates.model.label}){leave_note(removed)}"
                    lines.append(
                        make_line(
                            person, period, ItemType.FIXED_PAY, amount, "REM-10", rates, text, sources, month_start
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
                f"Severance month {k + 1} of {float(months):g} ({job}) from {month_start.isoformat()}: "
                f"{fraction} × 1/12 of {yearly}"
            )
            source_ref = f"severance:{case.person_id}/{case.role}/{case.last_day_in_office.isoformat()}"
            lines.append(
                make_line(
                    case.person_id, period, ItemType.SEVERANCE, amount, "REM-12", rates, text, [source_ref], month_start
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
            paid, removed = less_leave(held, person, rates, leaves, known_until)
            for rule in rules:
                annual = rates.amount(rule.rate)
                amount = None if annual is None else sum(year_share(annual, a, b, "day") for a, b in paid)
                text = f"{rule.label}: {rates.describe(rule.rate)} a year, for {_span_text(paid) or 'no days'}"
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


# -- REM-40: buyout -----------------------------------------------------------------------------


def council_group_sizes(offices: Sequence[Office], source: RateSource, day: date) -> dict[str, int]:
    """Members per party group in the council on `day`, from the seats held (REM-40)."""
    support = source(day).settings.party_support
    members: dict[str, set[UUID]] = defaultdict(set)
    for o in offices:
        if (
            o.party_group
            and o.body_type in support.council_body_types
            and o.role in support.seat_roles
            and o.start_date <= day <= (o.end_date or date.max)
        ):
            members[o.party_group].add(o.person_id)
    return {group: len(people) for group, people in members.items()}


def buyout_pay(
    period: Period,
    source: RateSource,
    offices: Sequence[Office],
    *,
    group_sizes: Mapping[str, int] | None = None,
) -> list[PayLine]:
    """REM-40: days per month × the lost-earnings day rate (see the module docstring), per office."""
    lines: list[PayLine] = []
    sizes_on: dict[date, dict[str, int]] = {}
    for key, (spans, held_offices) in held_by(offices, (period.start, period.end)).items():
        person, _, body_type, role = key
        for start, end, rates in source.spans(period.start, period.end):
            held = intersect(spans, (start, end))
            if not held:
                continue
            buyout = rates.settings.buyout
            entitlements: list[tuple[Fraction, str]] = [
                (Fraction(r.days_per_month), r.label)
                for r in buyout.rules
                if body_type in r.body_types and role in r.roles
            ]
            if role in buyout.group_leader_roles:
                group = held_offices[0].party_group
                if group_sizes is not None:
                    sizes = dict(group_sizes)
                else:
                    if held[0][0] not in sizes_on:
                        sizes_on[held[0][0]] = council_group_sizes(offices, source, held[0][0])
                    sizes = sizes_on[held[0][0]]
                size = sizes.get(group or "", 1)
                step = next(s for s in buyout.group_leader_days if s.up_to_members is None or size <= s.up_to_members)
                entitlements.append((Fraction(step.days_per_month), f"§7 d: group leader of a group of {size}"))
            if role == "deputy_mayor" and buyout.deputy_mayor:
                per_month = Fraction(buyout.deputy_mayor_percent) / 100 * rates.settings.working_days_per_year / 12
                entitlements.append((per_month, f"§7 a: deputy mayor, {buyout.deputy_mayor_percent} % of full time"))
            if not entitlements:
                continue
            day_rate_setting = (
                rates.model.lost_earnings.documented_day_cap
                if buyout.day_rate == "documented_day_cap"
                else rates.model.lost_earnings.undocumented_day
            )
            day_rate = rates.amount(day_rate_setting)
            months = sum((months_held(a, b) for a, b in held), Fraction(0))
            what = "documented lost-earnings day cap" if buyout.day_rate == "documented_day_cap" else "undocumented day"
            for per_month, label in entitlements:
                amount = None if day_rate is None else round_ore(day_rate * per_month * months)
                text = (
                    f"Buyout ({label}): {float(per_month):g} days a month × {float(months):.4g} months "
                    f"({_span_text(held)}) × {rates.describe(day_rate_setting)} ({what}, {rates.model.label})"
                )
                if amount is not None:
                    text += f" = {nok_text(amount)}"
                sources = [office_source(o) for o in held_offices]
                lines.append(make_line(person, period, ItemType.BUYOUT, amount, "REM-40", rates, text, sources, start))
    return lines


# -- REM-50: phone allowance --------------------------------------------------------------------


def phone_allowance(period: Period, source: RateSource, offices: Sequence[Office]) -> list[PayLine]:
    """REM-50: the yearly allowance of each office for the days held; none while mayor or deputy mayor.

    Roles add up by default; with `cumulative: false` a person is paid the highest allowance of
    the offices held on each day.
    """
    lines: list[PayLine] = []
    held = held_by(offices, (period.start, period.end))
    per_person: dict[UUID, list[tuple[OfficeKey, list[Span], list[Office]]]] = defaultdict(list)
    for key, (spans, held_offices) in held.items():
        per_person[key[0]].append((key, spans, held_offices))
    for person, entries in per_person.items():
        for start, end, rates in source.spans(period.start, period.end):
            phone = rates.model.phone
            municipal = union(s for key, spans, _ in entries if key[3] in phone.without_allowance_roles for s in spans)
            candidates = []
            for key, spans, held_offices in entries:
                rule = next((r for r in phone.table if r.matches(key[2], key[3])), None)
                days_held = subtract(intersect(spans, (start, end)), municipal)
                if rule is not None and days_held:
                    candidates.append((rule.amount, key, rule.label, days_held, held_offices))
            covered: list[Span] = []
            for amount, _key, label, days_held, held_offices in sorted(
                candidates, key=lambda c: (-c[0], c[1][1], c[1][3])
            ):
                paid = days_held if phone.cumulative else subtract(days_held, covered)
                covered = union([*covered, *days_held])
                if not paid:
                    continue
                total = sum(year_share(amount, a, b, "day") for a, b in paid)
                note = "" if paid == days_held else " (a higher allowance covers the other days)"
                text = (
                    f"Phone allowance, {label}: {nok_text(amount)} a year for {_span_text(paid)} "
                    f"({days(paid)} days){note} = {nok_text(total)}"
                )
                sources = [office_source(o) for o in held_offices]
                lines.append(
                    make_line(person, period, ItemType.PHONE_ALLOWANCE, total, "REM-50", rates, text, sources, start)
                )
    return lines
