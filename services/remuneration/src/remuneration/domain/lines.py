"""Building blocks shared by the computed lines: offices grouped by holder, the line itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from uuid import UUID

from remuneration.domain.model import ItemType, LineStatus, Office, Ore, PayLine, Period, RecipientKind
from remuneration.domain.rates import Rates
from remuneration.domain.spans import Span, clip, union

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
    *,
    monthly: bool = False,
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
        monthly=monthly,
    )


def span_text(spans: Sequence[Span]) -> str:
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
