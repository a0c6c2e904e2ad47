"""REM-50: phone allowance per office, per year, paid by the days held."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from uuid import UUID

from remuneration.domain.lines import OfficeKey, held_by, make_line, office_source, span_text
from remuneration.domain.model import ItemType, Office, PayLine, Period
from remuneration.domain.rates import RateSource, nok_text, year_share
from remuneration.domain.spans import Span, days, intersect, subtract, union


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
                    f"Phone allowance, {label}: {nok_text(amount)} a year for {span_text(paid)} "
                    f"({days(paid)} days){note} = {nok_text(total)}"
                )
                sources = [office_source(o) for o in held_offices]
                lines.append(
                    make_line(person, period, ItemType.PHONE_ALLOWANCE, total, "REM-50", rates, text, sources, start)
                )
    return lines
