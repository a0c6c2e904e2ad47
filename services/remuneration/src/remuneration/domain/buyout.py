"""REM-40: buyout (frikjøp) in days per month, paid at the lost-earnings rates.

Day rate (decision): §7 pays buyout "at the lost-earnings rates". A bought-out day is a whole
working day released from the official's job, which is what the documented day cap is set to
cover ("so high that all occupations can take part without loss"); the undocumented day amount is
for those without documentable earnings and would make a released day worth less than one
documented meeting day. Default `documented_day_cap` (2 500 in model 1); `undocumented_day` is
configurable. Part months count by their days. A group leader's days follow the group's size:
given as an input, or counted from the council seats held on the first day of the span.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction
from uuid import UUID

from remuneration.domain.lines import held_by, make_line, office_source, span_text
from remuneration.domain.model import ItemType, Office, PayLine, Period
from remuneration.domain.rates import RateSource, months_held, nok_text, number_text, round_ore
from remuneration.domain.spans import intersect


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
                    f"Buyout ({label}): {number_text(per_month)} day{'' if per_month == 1 else 's'} a month "
                    f"× {number_text(months, 3)} months "
                    f"({span_text(held)}) × {rates.describe(day_rate_setting)} ({what}, {rates.model.label})"
                )
                if amount is not None:
                    text += f" = {nok_text(amount)}"
                sources = [office_source(o) for o in held_offices]
                lines.append(make_line(person, period, ItemType.BUYOUT, amount, "REM-40", rates, text, sources, start))
    return lines
