"""REM-40: buyout (frikjøp) in days per month, paid at the official's lost-earnings rate.

§7: "Satser for frikjøp settes til godtgjørelse i h.h.t. pkt. om tapt arbeidsfortjeneste" — a bought-out
day is compensated as lost earnings are (§4, REM-20/21), so at the official's own rate, not a flat amount
for everyone in the role:
- a documented loss per day (the employer's statement for a wage earner, the tax assessment for the
  self-employed) is paid up to the model's documented day cap (2 500 in model 1);
- the undocumented day amount (1 000 in model 1) is paid only on application, and only to an earner
  category that REM-20 allows undocumented loss (never a wage earner);
- nothing is paid without a loss ("kun for et faktisk tap", REM-22): an official recorded as having none
  gets no line; one whose rate is not recorded yet gets a line held as pending, never paid, shown to
  the administration until the rate is recorded.

Lines are cut at month ends (buyout is counted and paid by the month, KS guide F 1) and where the rate
version, the reference salary or the official's recorded rate changes. Part months count by their days.
A group leader's days follow the group's size: given as an input, or counted from the council seats held
on the first day of the span.

Leave from office (decision, `leave` setting): no loss arises for an office one is on leave from, so by
default every day of leave from the office's body is left out (`every_day`); `as_fixed_pay` treats buyout
as the fixed pay of REM-81 (qualifying leave only, when that deduction is switched on).

A bought-out day is not also paid as lost earnings (KS guide C: "gis det erstatning dersom de ikke er
frikjøpt"); `bought_out_days` gives the month's count for the claims that would pay it twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from uuid import UUID

from remuneration.domain.leave import leave_note, less_any_leave, less_leave
from remuneration.domain.lines import OfficeKey, held_by, make_line, office_source, span_text
from remuneration.domain.model import (
    EarnerCategory,
    ItemType,
    LeaveFromOffice,
    LossBasis,
    LossBasisKind,
    Month,
    Office,
    Ore,
    PayLine,
    Period,
)
from remuneration.domain.rates import Rates, RateSource, month_pieces, months_held, nok_text, number_text, round_ore
from remuneration.domain.spans import Span, clip, intersect, subtract, union


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


@dataclass(frozen=True)
class Entitlement:
    """Bought-out days per month for one office over one span of unchanged rates, leave left out."""

    key: OfficeKey
    per_month: Fraction
    label: str
    rates: Rates
    held: list[Span]
    leave_days: int
    sources: tuple[str, ...]


def buyout_entitlements(
    within: Span,
    source: RateSource,
    offices: Sequence[Office],
    *,
    group_sizes: Mapping[str, int] | None = None,
    leaves: Sequence[LeaveFromOffice] = (),
    person: UUID | None = None,
) -> list[Entitlement]:
    """§7 a–d: what each office (of `person`, or everyone's) is bought out for, per rate span."""
    result: list[Entitlement] = []
    sizes_on: dict[date, dict[str, int]] = {}
    mine = offices if person is None else [o for o in offices if o.person_id == person]
    for key, (spans, held_offices) in held_by(mine, within).items():
        holder, body_key, body_type, role = key
        for start, end, rates in source.spans(*within):
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
            if buyout.leave == "every_day":
                paid, removed = less_any_leave(held, holder, (body_key,), leaves, end)
            else:
                paid, removed = less_leave(held, holder, (body_key,), rates, leaves, end)
            if not paid:
                continue
            sources = tuple(office_source(o) for o in held_offices)
            for per_month, label in entitlements:
                result.append(Entitlement(key, per_month, label, rates, paid, removed, sources))
    return result


def bought_out_days(
    month: Month,
    person: UUID,
    source: RateSource,
    offices: Sequence[Office],
    *,
    group_sizes: Mapping[str, int] | None = None,
    leaves: Sequence[LeaveFromOffice] = (),
) -> Fraction:
    """The days of `month` the person is bought out for (REM-40), leave left out."""
    found = buyout_entitlements(
        (month.start, month.end), source, offices, group_sizes=group_sizes, leaves=leaves, person=person
    )
    return sum((e.per_month * months_held_all(e.held) for e in found), Fraction(0))


def months_held_all(spans: Sequence[Span]) -> Fraction:
    return sum((months_held(a, b) for a, b in spans), Fraction(0))


def _by_basis(spans: Sequence[Span], bases: Sequence[LossBasis]) -> list[tuple[LossBasis | None, list[Span]]]:
    """The spans cut by the recorded rates covering them (the latest recorded wins); days without one: None."""
    if not bases:
        return [(None, list(spans))]
    parts: list[tuple[LossBasis | None, list[Span]]] = []
    remaining = union(spans)
    for basis in reversed(bases):  # later records replace earlier ones over the days they cover
        covered = [s for s in (clip(a, b, (basis.start_date, basis.end_date or date.max)) for a, b in remaining) if s]
        if covered:
            parts.append((basis, covered))
            remaining = subtract(remaining, covered)
    if remaining:
        parts.append((None, remaining))
    return sorted(parts, key=lambda part: part[1][0])


def day_rate(basis: LossBasis | None, rates: Rates, earner: EarnerCategory | None) -> tuple[Ore | None, str]:
    """REM-40 at the REM-20/21 rates: what one bought-out day pays this official, and how; None: pending."""
    settings = rates.model.lost_earnings
    cap = rates.amount(settings.documented_day_cap)
    if basis is None:
        return None, (
            "the official's lost-earnings rate is not recorded (a documented loss per day, an application for "
            "undocumented loss, or that there is none)"
        )
    if basis.kind is LossBasisKind.DOCUMENTED:
        assert basis.day_loss is not None
        described = f"documented loss {nok_text(basis.day_loss)} a day ({basis.documentation})"
        if cap is None:
            return None, f"{described}, under a day cap not set ({rates.mayor_basis})"
        rate = min(basis.day_loss, cap)
        return rate, f"{described}, up to the day cap {rates.describe(settings.documented_day_cap)} = {nok_text(rate)}"
    category = earner.value.replace("_", " ") if earner is not None else "person of unrecorded earner category"
    if earner is None or earner not in settings.undocumented_categories:
        return None, (
            f"undocumented loss is not available to a {category} (REM-20): record the documented loss per day"
        )
    day = settings.undocumented_day_by_category.get(earner, settings.undocumented_day)
    amount = rates.amount(day)
    described = f"undocumented loss on application ({basis.documentation}): {rates.describe(day)} a day"
    if amount is None:
        return None, described
    if cap is not None and cap < amount:
        amount = cap
        described += f", up to the day cap {nok_text(cap)}"
    return amount, described


def buyout_pay(
    period: Period,
    source: RateSource,
    offices: Sequence[Office],
    *,
    group_sizes: Mapping[str, int] | None = None,
    bases: Sequence[LossBasis] = (),
    earners: Mapping[UUID, EarnerCategory] | None = None,
    leaves: Sequence[LeaveFromOffice] = (),
) -> list[PayLine]:
    """REM-40: days per month × the official's lost-earnings day rate, per office and month."""
    earners = earners or {}
    bases_of: dict[UUID, list[LossBasis]] = defaultdict(list)
    for basis in bases:
        bases_of[basis.person_id].append(basis)
    lines: list[PayLine] = []
    entitlements = buyout_entitlements(
        (period.start, period.end), source, offices, group_sizes=group_sizes, leaves=leaves
    )
    for e in entitlements:
        person = e.key[0]
        earner = earners.get(person)
        by_month: dict[tuple[int, int], list[Span]] = defaultdict(list)
        for a, b in e.held:
            for first, last in month_pieces(a, b):
                by_month[(first.year, first.month)].append((first, last))
        days = f"{number_text(e.per_month)} day{'' if e.per_month == 1 else 's'} a month"
        for pieces in by_month.values():
            for recorded, spans in _by_basis(pieces, bases_of.get(person, [])):
                if recorded is not None and recorded.kind is LossBasisKind.NO_LOSS:
                    continue  # REM-22: no loss, nothing to compensate
                rate, how = day_rate(recorded, e.rates, earner)
                months = months_held_all(spans)
                amount = None if rate is None else round_ore(rate * e.per_month * months)
                text = (
                    f"Buyout ({e.label}): {days} × {number_text(months, 3)} of a month ({span_text(spans)}) "
                    f"× {how} ({e.rates.model.label}){leave_note(e.leave_days, 'REM-40')}"
                )
                if amount is not None:
                    text += f" = {nok_text(amount)}"
                own = [f"loss-basis:{recorded.basis_id}"] if recorded and recorded.basis_id else []
                lines.append(
                    make_line(
                        person,
                        period,
                        ItemType.BUYOUT,
                        amount,
                        "REM-40",
                        e.rates,
                        text,
                        [*e.sources, *own],
                        spans[0][0],
                        monthly=True,
                    )
                )
    return lines
