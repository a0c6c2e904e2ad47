"""Benefits in kind (REM-11, REM-50 §8): the mayor's and deputy mayor's free mobile phone, PC and iPad,
the council and executive committee members' PC or iPad, the council members' Kommunal Rapport.

The regulation provides them "underlagt skatteregler" (subject to the tax rules), so whether one is
reportable is a setting with the tax rule relied on and its dates (tax law changes by income year, not by
council decision). A reportable benefit gives a line at its taxable value for the days the role was
held: reported in the a-melding as a benefit in kind and withheld on from the cash paid, never paid out
itself (`ItemType.cash`). One benefit per person, however many offices give it (one phone, not two).
Every benefit held, reportable or not, is listed with its reason by `benefits_held` (the official's terms).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from remuneration.domain.lines import make_line, office_source, span_text
from remuneration.domain.model import ItemType, Office, PayLine, Period
from remuneration.domain.rates import Rates, RateSource, nok_text, year_share
from remuneration.domain.settings import BenefitInKind, BenefitTaxation, RemunerationSettings
from remuneration.domain.spans import Span, clip, days, union


@dataclass(frozen=True)
class BenefitHeld:
    benefit: BenefitInKind
    taxation: BenefitTaxation | None  # None: no tax rule is recorded for the day
    offices: tuple[Office, ...]


def benefits_held(settings: RemunerationSettings, offices: Sequence[Office], day: date) -> list[BenefitHeld]:
    """The benefits in kind the offices held on `day` give (one person's offices)."""
    held = [o for o in offices if o.start_date <= day <= (o.end_date or date.max)]
    found = []
    for benefit in settings.benefits_in_kind:
        giving = tuple(o for o in held if benefit.matches(o.body_type, o.role))
        if giving:
            found.append(BenefitHeld(benefit, benefit.taxation_on(day), giving))
    return found


def benefits_in_kind(period: Period, source: RateSource, offices: Sequence[Office]) -> list[PayLine]:
    """REM-11, REM-50 §8: a line at the taxable value for each reportable benefit, per person."""
    per_person: dict[UUID, list[Office]] = defaultdict(list)
    for office in offices:
        if clip(office.start_date, office.end_date, (period.start, period.end)) is not None:
            per_person[office.person_id].append(office)
    lines: list[PayLine] = []
    for start, end, rates in source.spans(period.start, period.end):
        for benefit in rates.settings.benefits_in_kind:
            # Only the tax rules that make the benefit reportable on some day of the span give lines.
            reported = [
                t
                for t in benefit.taxation
                if t.reportable and t.valid_from <= end and (t.valid_to is None or t.valid_to >= start)
            ]
            if not reported:
                continue
            for person, mine in per_person.items():
                giving = [o for o in mine if benefit.matches(o.body_type, o.role)]
                spans = union(s for o in giving if (s := clip(o.start_date, o.end_date, (start, end))) is not None)
                for taxation in reported if spans else ():
                    window = (taxation.valid_from, taxation.valid_to or date.max)
                    taxed = [s for span in spans if (s := clip(span[0], span[1], window)) is not None]
                    if taxed:
                        lines.append(_line(person, period, rates, benefit, taxation, taxed, giving))
    return lines


def _line(
    person: UUID,
    period: Period,
    rates: Rates,
    benefit: BenefitInKind,
    taxation: BenefitTaxation,
    spans: list[Span],
    giving: list[Office],
) -> PayLine:
    value = taxation.yearly_value
    amount = None if value is None else sum(year_share(value, a, b, "day") for a, b in spans)
    yearly = nok_text(value) if value is not None else "a taxable value not set"
    text = (
        f"Benefit in kind, {benefit.label}: reported at {yearly} a year for {span_text(spans)} "
        f"({days(spans)} days), not paid in cash — {taxation.basis}"
    )
    if amount is not None:
        text += f" = {nok_text(amount)}"
    sources = [f"benefit:{benefit.kind}", *dict.fromkeys(office_source(o) for o in giving)]
    return make_line(person, period, ItemType.BENEFIT_IN_KIND, amount, benefit.rule, rates, text, sources, spans[0][0])
