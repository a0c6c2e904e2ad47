"""A quarter's payout batch: computed and stored as a draft, approved (its lines go to payroll, in order),
then marked paid (the recipients are notified, REM-05).

REM-04: a batch pays a period that has ended (the Oslo date is past its last day): amounts for days that
have not happened are never paid ahead. REM-10: fixed pay is paid monthly, so a monthly batch pays the
monthly items (`payout.monthly_items`: fixed pay, severance, buyout) of a month that has ended; the
quarter's batch then pays the rest, and whatever changed since as corrections. One draft at a time per
quarter, monthly or not, so two drafts never pay the same line. The quarter's payout deadline (REM-04) is
shown on the batch and on every line payroll pulls; a batch paid after it, or unpaid past it, is overdue.
Benefits in kind (REM-11, REM-50) are reported at their value, never paid: they are left out of the totals
paid and of the payout notices.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Table, case, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import Payout, PayoutBatchApprovedV1, PayoutPaidV1
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.types import utcnow
from remuneration import computation
from remuneration.audit import service as audit
from remuneration.batches.corrections import BatchLine, PaidLine, batch_lines, line_key
from remuneration.batches.models import Batch, PayLineRow, PayrollSequence
from remuneration.claims import service as claims
from remuneration.claims.models import Claim
from remuneration.domain.deadlines import payout_deadline
from remuneration.domain.model import ItemType, Month, PayLine, Period, RecipientKind, format_nok
from remuneration.domain.payroll import Reporting, reporting_for
from remuneration.domain.settings import RemunerationSettings

LINES: Table = PayLineRow.__table__  # type: ignore[assignment]
SEQUENCE: Table = PayrollSequence.__table__  # type: ignore[assignment]
PAYABLE_CLAIMS = ("approved", "paid")
CASH = LINES.c.item_type != ItemType.BENEFIT_IN_KIND.value  # paid out; a benefit in kind is only reported
# Items whose reporting depends on more than the item and the recipient kind (REM-92: the benefit's tax rule, the
# mayor's June pay); every other line's reporting is looked up once per item, recipient kind and settings.
PER_LINE_REPORTING = frozenset({ItemType.BENEFIT_IN_KIND, ItemType.FIXED_PAY})


async def get(session: AsyncSession, batch_id: uuid.UUID, *, for_update: bool = False) -> Batch:
    batch = await session.get(Batch, batch_id, with_for_update=for_update)
    if batch is None:
        raise NotFound(f"no batch {batch_id}")
    return batch


def _claim_line(claim: Claim) -> BatchLine:
    line = claims.claim_line(claim)
    return BatchLine(line=line, line_key=line_key(line, claim.id), claim_id=claim.id)


def in_month(line: PayLine, month: Month, monthly_items: frozenset[ItemType]) -> bool:
    """REM-10: a line a monthly batch pays — a monthly item cut at the month's ends, earned in the month."""
    return line.item_type in monthly_items and line.earned_on is not None and line.earned_on in month


async def wanted_lines(
    session: AsyncSession,
    period: Period,
    rules: computation.Rules,
    month: Month | None = None,
    inputs: computation.PeriodInputs | None = None,
) -> tuple[list[BatchLine], list[PayLine]]:
    """Everything the period (or the month's monthly items) owes now: the administration's computed amounts
    and the approved claims; and the computed amounts whose rate is not set yet (REM-33), which are not paid."""
    inputs = inputs or await computation.period_inputs(session, period)
    computed, pending = computation.split_pending(computation.compute_lines(inputs, rules, None))
    if month is not None:
        monthly = rules.at(month.start).payout.monthly_items
        computed = [c for c in computed if c.monthly and in_month(c, month, monthly)]
        pending = [c for c in pending if c.monthly and in_month(c, month, monthly)]
        return [BatchLine(line=c, line_key=line_key(c)) for c in computed], pending
    approved = (
        await session.scalars(
            select(Claim)
            .where(Claim.period == period.label, Claim.status.in_(PAYABLE_CLAIMS))
            .order_by(Claim.received_at, Claim.id)
        )
    ).all()
    wanted = [BatchLine(line=c, line_key=line_key(c)) for c in computed] + [_claim_line(c) for c in approved]
    return wanted, pending


def check_ended(period: Period, month: Month | None, today: date) -> None:
    """REM-04: only a period that has ended is paid; REM-10: a monthly batch, only a month that has ended."""
    last = month.end if month is not None else period.end
    if today <= last:
        label, rule = (month.label, "REM-10") if month is not None else (period.label, "REM-04")
        raise RuleViolation(
            f"{label} ends on {last.isoformat()}: a batch pays only a period that has ended (today is "
            f"{today.isoformat()}), never days that have not happened",
            rule=rule,
            errors=[{"field": "period", "message": f"not ended until {last.isoformat()}"}],
        )


def _pending(line: PayLine) -> dict[str, Any]:
    return {
        "recipient_kind": line.recipient_kind.value,
        "recipient_id": line.recipient_id,
        "item_type": line.item_type.value,
        "rule": line.rule,
        "rate_version": line.rate_version,
        "earned_on": line.earned_on.isoformat() if line.earned_on else None,
        "explanation": line.explanation,
        "sources": list(line.sources),
    }


async def paid_lines(session: AsyncSession, period: Period) -> list[PaidLine]:
    """The lines of the period's approved batches (those with a sequence): what payroll already has."""
    rows = (
        await session.execute(select(LINES).where(LINES.c.period == period.label, LINES.c.sequence.is_not(None)))
    ).all()
    return [
        PaidLine(
            id=r.id,
            line_key=r.line_key,
            amount=r.amount,
            sequence=r.sequence,
            claim_id=r.claim_id,
            line=PayLine(
                recipient_id=r.recipient_id,
                recipient_kind=RecipientKind(r.recipient_kind),
                period=period,
                item_type=ItemType(r.item_type),
                amount=r.amount,
                rule=r.rule,
                rate_version=r.rate_version,
                explanation=r.explanation,
                sources=tuple(r.sources),
                earned_on=r.earned_on,
            ),
        )
        for r in rows
    ]


async def create_batch(
    *,
    session: AsyncSession,
    period: Period,
    rules: computation.Rules,
    principal: Principal,
    month: Month | None = None,
    now: datetime | None = None,
) -> Batch:
    """REM-90: the lines the period owes beyond what approved batches paid; changes after an approval
    become correction lines that reference the line they correct, never edits."""
    now = now or utcnow()
    check_ended(period, month, oslo_date(now))
    draft = await session.scalar(select(Batch.id).where(Batch.open_period == period.label))
    if draft is not None:
        raise Conflict(f"batch {draft} for {period.label} is still a draft: approve or discard it first")
    # Payouts follow the model in force on each day; other models are what-ifs (REM-34).
    inputs = await computation.period_inputs(session, period)
    wanted, pending = await wanted_lines(session, period, rules, month, inputs)
    paid = await paid_lines(session, period)
    if month is not None:  # what other months and the quarter's items paid is not this batch's to correct
        monthly = rules.at(month.start).payout.monthly_items
        paid = [p for p in paid if in_month(p.line, month, monthly)]
    lines = batch_lines(wanted, paid, withheld=computation.lapsed_from(inputs))
    if not lines:
        raise Conflict(f"{month.label if month else period.label} has nothing new to pay or correct")
    batch = Batch(
        id=uuid.uuid4(),
        period=period.label,
        month=month.label if month is not None else None,
        open_period=period.label,
        status="draft",
        model=computation.active_model(rules, period),
        rate_pending=[_pending(p) for p in pending],
        created_at=now,
        created_by=principal.subject,
        modified_at=now,
    )
    session.add(batch)
    try:
        await session.flush()
    except IntegrityError as exc:  # a draft for the period was created meanwhile
        raise Conflict(f"a batch for {period.label} is already a draft") from exc
    await store_lines(session, batch.id, period, lines, rules)
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action="batch_computed",
        entity="batch",
        entity_id=batch.id,
        details={"period": period.label, "month": batch.month, "lines": len(lines), "model": batch.model},
    )
    return batch


STORED = (
    "id",
    "batch_id",
    "position",
    "sequence",
    "recipient_id",
    "recipient_kind",
    "period",
    "item_type",
    "amount",
    "benefit_type",
    "reporting_code",
    "tax_treatment",
    "rule",
    "rate_version",
    "explanation",
    "sources",
    "earned_on",
    "claim_id",
    "corrects",
    "line_key",
)


def _line_rows(
    batch_id: uuid.UUID,
    period: Period,
    lines: list[BatchLine],
    rules: computation.Rules,
    sources_as: Callable[[tuple[str, ...]], Any],
) -> list[tuple[Any, ...]]:
    """The batch's lines as rows in STORED's order, numbered in the batch's order; `sources_as` gives the
    value the sources column is written with."""
    settings_on: dict[date, RemunerationSettings] = {}
    reportings: dict[tuple[int, ItemType, RecipientKind], Reporting] = {}
    ids = uuid_bytes(len(lines))
    rows = []
    for position, b in enumerate(lines, start=1):
        line = b.line
        day = line.earned_on or line.period.start
        settings = settings_on.get(day)
        if settings is None:
            settings = settings_on[day] = rules.at(day)
        if line.item_type in PER_LINE_REPORTING:
            reporting = reporting_for(line, settings)
        else:  # the same for every line of the item, recipient kind and settings
            key = (id(settings), line.item_type, line.recipient_kind)
            reporting = reportings.get(key) or reportings.setdefault(key, reporting_for(line, settings))
        rows.append(
            (
                uuid.UUID(bytes=ids[16 * position - 16 : 16 * position], version=4),
                batch_id,
                position,
                None,
                line.recipient_id,
                line.recipient_kind.value,
                period.label,
                line.item_type.value,
                line.amount,
                reporting.benefit_type,
                reporting.reporting_code,
                reporting.tax_treatment,
                line.rule,
                line.rate_version,
                line.explanation,
                sources_as(line.sources),
                line.earned_on,
                b.claim_id,
                b.corrects,
                b.line_key,
            )
        )
    return rows


def uuid_bytes(count: int) -> bytes:
    """Random bytes for `count` version-4 ids, read from the system at once rather than once an id."""
    return os.urandom(16 * count)


def _json_text(sources: tuple[str, ...]) -> str:
    return orjson.dumps(sources).decode()


async def store_lines(
    session: AsyncSession, batch_id: uuid.UUID, period: Period, lines: list[BatchLine], rules: computation.Rules
) -> None:
    """On PostgreSQL with COPY: tens of thousands of lines a quarter, which an INSERT binds value by value."""
    if session.get_bind().dialect.name != "postgresql":
        rows = _line_rows(batch_id, period, lines, rules, list)
        await session.execute(insert(LINES), [dict(zip(STORED, row, strict=True)) for row in rows])
        return
    connection = await (await session.connection()).get_raw_connection()
    await connection.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
        LINES.name, records=_line_rows(batch_id, period, lines, rules, _json_text), columns=STORED
    )


async def _advance_sequence(session: AsyncSession, count: int) -> int:
    """Reserves `count` sequence numbers; returns the last one given before them.

    The upsert holds the counter row's lock until commit, so approvals get their numbers in commit order
    and a payroll pull can never pass a number whose lines are not yet committed."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(SEQUENCE).values(id=1, last=count)
    stmt = stmt.on_conflict_do_update(index_elements=["id"], set_={"last": SEQUENCE.c.last + count})
    last = (await session.execute(stmt.returning(SEQUENCE.c.last))).scalar_one()
    return int(last) - count


async def approve(
    *,
    session: AsyncSession,
    batch_id: uuid.UUID,
    principal: Principal,
    publisher: EventPublisher,
    now: datetime | None = None,
) -> Batch:
    batch = await get(session, batch_id, for_update=True)
    if batch.status != "draft":
        raise Conflict(f"the batch is {batch.status}; only a draft can be approved")
    paid_out = func.coalesce(func.sum(case((CASH, LINES.c.amount), else_=0)), 0)
    stats = (
        await session.execute(
            select(func.count(), paid_out, func.count(LINES.c.corrects)).where(LINES.c.batch_id == batch.id)
        )
    ).one()
    count, total, corrections = int(stats[0]), int(stats[1]), int(stats[2])
    before = await _advance_sequence(session, count)
    await session.execute(update(LINES).where(LINES.c.batch_id == batch.id).values(sequence=LINES.c.position + before))
    now = now or utcnow()
    batch.status, batch.open_period = "approved", None
    batch.approved_at, batch.approved_by, batch.modified_at = now, principal.subject, now
    batch.version += 1
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action="batch_approved",
        entity="batch",
        entity_id=batch.id,
        details={"period": batch.period, "lines": count, "total": format_nok(total)},
    )
    await session.flush()
    await publisher.publish(
        session,
        PayoutBatchApprovedV1(
            batch_id=batch.id,
            period=batch.period,
            lines=count,
            corrections=corrections,
            total=format_nok(total),
            after_sequence=before,
            last_sequence=before + count,
            approved_at=now,
            month=batch.month,
            payout_deadline=payout_deadline(Period.parse(batch.period)),
        ),
        subject=str(batch.id),
    )
    return batch


async def mark_paid(
    *,
    session: AsyncSession,
    batch_id: uuid.UUID,
    paid_on: date | None,
    principal: Principal,
    publisher: EventPublisher,
    now: datetime | None = None,
) -> Batch:
    batch = await get(session, batch_id, for_update=True)
    if batch.status != "approved":
        raise Conflict(f"the batch is {batch.status}; only an approved batch can be marked paid")
    now = now or utcnow()
    today = oslo_date(now)
    approved_on = oslo_date(batch.approved_at) if batch.approved_at else today
    if paid_on is not None and not approved_on <= paid_on <= today:
        raise InvalidInput(
            f"a batch approved on {approved_on.isoformat()} is paid between then and today ({today.isoformat()})",
            errors=[{"field": "paid_on", "message": f"from {approved_on.isoformat()} to {today.isoformat()}"}],
        )
    batch.status, batch.paid_on = "paid", paid_on or today
    batch.paid_at, batch.paid_by, batch.modified_at = now, principal.subject, now
    batch.version += 1
    claim_ids = select(LINES.c.claim_id).where(LINES.c.batch_id == batch.id, LINES.c.claim_id.is_not(None))
    await session.execute(
        update(Claim)
        .where(Claim.id.in_(claim_ids), Claim.status == "approved")
        .values(status="paid", modified_at=now, version=Claim.version + 1)
    )
    totals = (
        await session.execute(
            select(LINES.c.recipient_kind, LINES.c.recipient_id, func.sum(LINES.c.amount))
            .where(LINES.c.batch_id == batch.id, CASH)
            .group_by(LINES.c.recipient_kind, LINES.c.recipient_id)
            .order_by(LINES.c.recipient_kind, LINES.c.recipient_id)
        )
    ).all()
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action="batch_paid",
        entity="batch",
        entity_id=batch.id,
        details={"period": batch.period, "paid_on": batch.paid_on.isoformat()},
    )
    await session.flush()
    # REM-05: representatives and parties are notified when a payout is made.
    await publisher.publish(
        session,
        PayoutPaidV1(
            batch_id=batch.id,
            period=batch.period,
            paid_on=batch.paid_on,
            payouts=[
                Payout(recipient_id=recipient, recipient_kind=kind, amount=format_nok(int(amount)))
                for kind, recipient, amount in totals
            ],
        ),
        subject=str(batch.id),
    )
    return batch


async def discard(
    *, session: AsyncSession, batch_id: uuid.UUID, principal: Principal, if_match: int | None = None
) -> None:
    batch = await get(session, batch_id, for_update=True)
    check_version(batch.version, if_match, f"batch {batch_id}")
    if batch.status != "draft":
        raise Conflict(f"the batch is {batch.status}; only a draft can be discarded")
    await session.execute(delete(LINES).where(LINES.c.batch_id == batch.id))
    await session.delete(batch)
    await audit.record(
        session,
        at=utcnow(),
        actor=principal.subject,
        action="batch_discarded",
        entity="batch",
        entity_id=batch.id,
        details={"period": batch.period},
    )
    await session.flush()


async def totals(session: AsyncSession, batch_id: uuid.UUID) -> dict[str, Any]:
    """Sums per item type and per recipient, and the count of lines and corrections."""
    by_item = (
        await session.execute(
            select(LINES.c.item_type, func.count(), func.sum(LINES.c.amount))
            .where(LINES.c.batch_id == batch_id)
            .group_by(LINES.c.item_type)
            .order_by(LINES.c.item_type)
        )
    ).all()
    by_recipient = (
        await session.execute(
            select(
                LINES.c.recipient_kind,
                LINES.c.recipient_id,
                func.count(),
                func.coalesce(func.sum(case((CASH, LINES.c.amount), else_=0)), 0),
            )
            .where(LINES.c.batch_id == batch_id)
            .group_by(LINES.c.recipient_kind, LINES.c.recipient_id)
            .order_by(LINES.c.recipient_kind, LINES.c.recipient_id)
        )
    ).all()
    corrections = await session.scalar(
        select(func.count()).where(LINES.c.batch_id == batch_id, LINES.c.corrects.is_not(None))
    )
    per_item: dict[str, dict[str, Any]] = defaultdict(dict)
    for item, count, amount in by_item:
        per_item[item] = {"lines": count, "amount": int(amount)}
    cash = {t.value for t in ItemType if t.cash}
    return {
        "lines": sum(v["lines"] for v in per_item.values()),
        "corrections": int(corrections or 0),
        "total": sum(v["amount"] for item, v in per_item.items() if item in cash),
        "by_item_type": dict(per_item),
        "by_recipient": [
            {"recipient_kind": kind, "recipient_id": rid, "lines": count, "amount": int(amount)}
            for kind, rid, count, amount in by_recipient
        ],
    }


def is_overdue(batch: Batch, today: date) -> bool:
    """REM-04: paid after the quarter's payout deadline, or not paid and the deadline has passed."""
    deadline = payout_deadline(Period.parse(batch.period))
    return batch.paid_on > deadline if batch.paid_on is not None else today > deadline
