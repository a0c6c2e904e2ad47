from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    RuleViolation,
    problem_responses,
)
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.inputs import INT64_MAX, Quarter
from folkevalgt_shared.preconditions import etag
from folkevalgt_shared.service import PublisherDep
from remuneration.batches import service
from remuneration.batches.models import Batch
from remuneration.batches.schemas import BatchIn, BatchOut, BatchTotals, LineOut, LinePage, PaidIn
from remuneration.computation import RulesDep, cycle_collection_paused
from remuneration.deps import ClockDep, IfMatch, Reader, Writer, self_or_administration
from remuneration.domain.deadlines import payout_deadline
from remuneration.domain.model import Period, format_nok
from remuneration.payroll.service import LINES, SHOWN, line_item
from remuneration.periods import parse_batch_period, parse_period

router = APIRouter(tags=["payout batches"])
Limit = Annotated[int, Query(ge=1, le=1000)]
PeriodFilter = Annotated[Quarter | None, Query(description="A quarter, e.g. 2026Q1")]
POSITION_MAX = 2**31 - 1  # a line's position within its batch is a 32-bit integer column


def _totals(raw: dict[str, Any]) -> BatchTotals:
    return BatchTotals(
        lines=raw["lines"],
        corrections=raw["corrections"],
        total=format_nok(raw["total"]),
        by_item_type={
            k: {"lines": v["lines"], "amount": format_nok(v["amount"])} for k, v in raw["by_item_type"].items()
        },
        by_recipient=[{**r, "amount": format_nok(r["amount"])} for r in raw["by_recipient"]],
    )


async def _out(session: AsyncSession, batch: Batch, now: datetime) -> BatchOut:
    return BatchOut(
        id=batch.id,
        period=batch.period,
        month=batch.month,
        payout_deadline=payout_deadline(Period.parse(batch.period)),
        overdue=service.is_overdue(batch, oslo_date(now)),
        status=batch.status,  # type: ignore[arg-type]
        model=batch.model,
        rate_pending=batch.rate_pending,  # type: ignore[arg-type]
        created_at=batch.created_at,
        created_by=batch.created_by,
        approved_at=batch.approved_at,
        approved_by=batch.approved_by,
        paid_on=batch.paid_on,
        paid_at=batch.paid_at,
        paid_by=batch.paid_by,
        totals=_totals(await service.totals(session, batch.id)),
        version=batch.version,
    )


@router.post(
    "/batches",
    status_code=201,
    response_model=BatchOut,
    responses=problem_responses(InvalidInput, Conflict, RuleViolation),
    summary="Compute the payout batch (draft) of a quarter that has ended (REM-04), or of a month that has ended "
    "for the monthly items (REM-10): computed amounts, approved claims, corrections (REM-90)",
)
async def create_batch(
    data: BatchIn, session: SessionDep, rules: RulesDep, clock: ClockDep, principal: Writer, idempotency: IdempotencyDep
) -> Response:
    async def produce() -> BatchOut:
        period, month = parse_batch_period(data.period)
        now = clock()
        with cycle_collection_paused():
            batch = await service.create_batch(
                session=session, period=period, month=month, rules=rules, principal=principal, now=now
            )
        return await _out(session, batch, now)

    return await idempotency.respond(principal, produce)


@router.get("/batches", summary="Payout batches, newest first, with their totals")
async def list_batches(
    session: ReadSessionDep, clock: ClockDep, _: Writer, period: PeriodFilter = None, limit: Limit = 100
) -> Sequence[BatchOut]:
    stmt = select(Batch).order_by(Batch.created_at.desc(), Batch.id).limit(limit)
    if period is not None:
        stmt = stmt.where(Batch.period == parse_period(period).label)
    now = clock()
    return [await _out(session, b, now) for b in (await session.scalars(stmt)).all()]


@router.get("/batches/{batch_id}", responses=problem_responses(NotFound), summary="A payout batch with its totals")
async def get_batch(
    batch_id: uuid.UUID, response: Response, session: ReadSessionDep, clock: ClockDep, _: Writer
) -> BatchOut:
    """The ETag is the batch's version, for If-Match on DELETE."""
    batch = await service.get(session, batch_id)
    response.headers.update(etag(batch.version))
    return await _out(session, batch, clock())


@router.get(
    "/batches/{batch_id}/lines", responses=problem_responses(NotFound), summary="The lines of a batch, explained"
)
async def batch_lines(
    batch_id: uuid.UUID,
    request: Request,
    session: ReadSessionDep,
    _: Writer,
    after: Annotated[int, Query(ge=0, le=POSITION_MAX, description="The last position read")] = 0,
    limit: Limit = 500,
) -> LinePage:
    await service.get(session, batch_id)
    stmt = (
        select(*SHOWN, LINES.c.position)
        .where(LINES.c.batch_id == batch_id, LINES.c.position > after)
        .order_by(LINES.c.position)
        .limit(limit)
    )
    rows = (await session.execute(stmt)).all()
    more = len(rows) == limit
    return LinePage(
        items=[LineOut.model_validate(line_item(r)) for r in rows],
        next=str(request.url.include_query_params(after=rows[-1].position)) if more else None,
    )


@router.post(
    "/batches/{batch_id}/approve",
    response_model=BatchOut,
    responses=problem_responses(NotFound, Conflict),
    summary="Approve a draft batch: its lines go to payroll in order; payout.batch.approved is published",
)
async def approve_batch(
    batch_id: uuid.UUID,
    session: SessionDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> BatchOut:
        now = clock()
        batch = await service.approve(
            session=session, batch_id=batch_id, principal=principal, publisher=publisher, now=now
        )
        return await _out(session, batch, now)

    return await idempotency.respond(principal, produce)


@router.post(
    "/batches/{batch_id}/paid",
    response_model=BatchOut,
    responses=problem_responses(NotFound, Conflict, InvalidInput),
    summary="Mark an approved batch paid; recipients are notified with payout.paid (REM-05)",
)
async def mark_paid(
    batch_id: uuid.UUID,
    session: SessionDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
    data: PaidIn | None = None,
) -> Response:
    async def produce() -> BatchOut:
        now = clock()
        batch = await service.mark_paid(
            session=session,
            batch_id=batch_id,
            paid_on=data.paid_on if data else None,
            principal=principal,
            publisher=publisher,
            now=now,
        )
        return await _out(session, batch, now)

    return await idempotency.respond(principal, produce)


@router.delete(
    "/batches/{batch_id}",
    status_code=204,
    responses=problem_responses(NotFound, Conflict, PreconditionFailed),
    summary="Discard a draft batch (to compute the period again); If-Match: its version",
)
async def discard_batch(batch_id: uuid.UUID, session: SessionDep, principal: Writer, if_match: IfMatch) -> Response:
    await service.discard(session=session, batch_id=batch_id, principal=principal, if_match=if_match)
    return Response(status_code=204)


@router.get(
    "/people/{person_id}/lines",
    responses=problem_responses(Forbidden),
    summary="An official's own approved payout lines, with the rule and the reason for each amount",
)
async def own_lines(
    person_id: uuid.UUID,
    request: Request,
    session: ReadSessionDep,
    principal: Reader,
    period: PeriodFilter = None,
    after: Annotated[int, Query(ge=0, le=INT64_MAX, description="The last sequence read")] = 0,
    limit: Limit = 500,
) -> LinePage:
    """Object-level authorization: an official reads only their own lines (403 for anyone else's)."""
    self_or_administration(principal, person_id)
    stmt = (
        select(*SHOWN)
        .where(
            LINES.c.recipient_kind == "person",
            LINES.c.recipient_id == str(person_id),
            LINES.c.sequence > after,
        )
        .order_by(LINES.c.sequence)
        .limit(limit)
    )
    if period is not None:
        stmt = stmt.where(LINES.c.period == parse_period(period).label)
    rows = (await session.execute(stmt)).all()
    more = len(rows) == limit
    return LinePage(
        items=[LineOut.model_validate(line_item(r)) for r in rows],
        next=str(request.url.include_query_params(after=rows[-1].sequence)) if more else None,
    )
