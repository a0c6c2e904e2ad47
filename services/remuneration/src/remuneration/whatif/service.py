"""What-if (REM-34): the council compares models on the real attendance data before choosing. Everything
is computed in memory from the stored data; nothing is written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Problem
from remuneration import computation
from remuneration.claims import service as claims
from remuneration.claims.models import Claim
from remuneration.db import register
from remuneration.domain.model import PayLine, Period, format_nok

Key = tuple[str, str]  # recipient kind, recipient id


def _compared(model: int, active: int) -> dict[str, str]:
    return {"model": format_nok(model), "active": format_nok(active), "difference": format_nok(model - active)}


def _sum(lines: Iterable[PayLine], by: Any) -> dict[Any, int]:
    """What is paid: benefits in kind are reported at their value, not paid, so they cost nothing here."""
    totals: dict[Any, int] = defaultdict(int)
    for line in lines:
        if line.payable and line.item_type.cash:
            totals[by(line)] += line.amount
    return totals


def _item(line: PayLine) -> str:
    return line.item_type.value


def _recipient(line: PayLine) -> Key:
    return line.recipient_kind.value, line.recipient_id


async def _names(session: AsyncSession) -> dict[str, str]:
    p, m = register.person, register.membership
    names = {
        str(r[0]): r[1]
        for r in (await session.execute(select(m.c.person_id, func.max(m.c.person_name)).group_by(m.c.person_id))).all()
    }
    names.update({str(r[0]): r[1] for r in (await session.execute(select(p.c.person_id, p.c.name))).all()})
    return names


async def what_if(session: AsyncSession, rules: computation.Rules, periods: list[Period], model: str) -> dict[str, Any]:
    label = rules.at(periods[0].start).model_named(model)[1].label
    under_model: list[PayLine] = []
    active: list[PayLine] = []
    refused: list[dict[str, Any]] = []
    for period in periods:
        inputs = await computation.period_inputs(session, period)
        under_model += computation.compute_lines(inputs, rules, model)
        active += computation.compute_lines(inputs, rules, None)
        granted = (
            await session.scalars(
                select(Claim)
                .where(Claim.period == period.label, Claim.status.in_(claims.GRANTED))
                .order_by(Claim.received_at)
            )
        ).all()
        for claim in granted:
            active.append(claims.claim_line(claim))
            try:
                under_model.append(await claims.assess(session, rules, claim.id, claim.person_id, claim.details, model))
            except Problem as refusal:
                refused.append({"claim_id": claim.id, "rule": refusal.rule, "reason": refusal.detail})
    items_model, items_active = _sum(under_model, _item), _sum(active, _item)
    who_model, who_active = _sum(under_model, _recipient), _sum(active, _recipient)
    names = await _names(session)
    total_model, total_active = sum(items_model.values()), sum(items_active.values())
    return {
        "periods": [p.label for p in periods],
        "model": model,
        "model_label": label,
        "active_model": computation.active_model(rules, periods[0]),
        "total": _compared(total_model, total_active),
        "by_item_type": [
            {"item_type": item, **_compared(items_model.get(item, 0), items_active.get(item, 0))}
            for item in sorted(items_model.keys() | items_active.keys())
        ],
        "by_recipient": [
            {
                "recipient_kind": kind,
                "recipient_id": rid,
                "name": names.get(rid) if kind == "person" else rid,
                **_compared(who_model.get((kind, rid), 0), who_active.get((kind, rid), 0)),
            }
            for kind, rid in sorted(who_model.keys() | who_active.keys())
        ],
        "rate_pending": {
            "model": sum(1 for line in under_model if not line.payable),
            "active": sum(1 for line in active if not line.payable),
        },
        "claims_refused_under_model": refused,
    }
