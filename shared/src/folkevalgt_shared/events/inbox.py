"""`POST /events`: verify the signature, drop duplicates, run the handler, all in one transaction."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from folkevalgt_shared import context
from folkevalgt_shared.contracts import EventData
from folkevalgt_shared.db import Database
from folkevalgt_shared.errors import InvalidInput, Unauthorized, problem_responses
from folkevalgt_shared.events.envelope import BATCH_CONTENT_TYPE, ReceivedEvent, read_batch, read_envelope
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.observability import EventMetrics
from folkevalgt_shared.tracing import CONSUMER, links, parent_context
from folkevalgt_shared.types import utcnow

# The OpenAPI security scheme of `POST /events`: Standard Webhooks signature headers, not a bearer token.
WEBHOOK_SECURITY = "standardWebhooks"

# A handler gets a run of consecutive new events of its type, in the order they were sent, and the
# service's publisher for the events its reaction causes (written to the outbox in the same transaction).
Handler = Callable[[AsyncSession, list[ReceivedEvent], EventPublisher], Awaitable[None]]


@functools.cache
def _record_statement(dialect_name: str, inbox: Table) -> Any:
    # Built once: building a many-row INSERT per delivery cost more than running it. Executed with a
    # list of rows, SQLAlchemy still sends one INSERT ... VALUES (...), (...) ... RETURNING per batch.
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(inbox).on_conflict_do_nothing(index_elements=["event_id"])
    return stmt.returning(inbox.c.event_id)


async def record_new(session: AsyncSession, inbox: Table, events: list[ReceivedEvent]) -> set[str]:
    """Inserts the events' ids in one statement; returns those not seen before (not redeliveries)."""
    now = utcnow()
    rows = [{"event_id": e.id, "event_type": e.type, "source": e.source, "received_at": now} for e in events]
    stmt = _record_statement(session.get_bind().dialect.name, inbox)
    return set((await session.scalars(stmt, rows)).all())


def inbox_router(
    db: Database,
    inbox: Table,
    secret: str,
    handlers: dict[type[EventData], Handler],
    publisher: EventPublisher,
    metrics: EventMetrics | None = None,
    tracer: Any = None,
) -> APIRouter:
    router = APIRouter(tags=["events"])
    webhook = Webhook(secret)
    by_type = {contract.TYPE: handler for contract, handler in handlers.items()}
    contracts = {contract.TYPE: contract for contract in handlers}

    async def handle(session: AsyncSession, run: list[ReceivedEvent]) -> None:
        # The events a handler publishes carry the request id and trace context of the event that
        # caused them, not those of the delivery that brought it.
        first = run[0]
        ctx = context.current.get()
        saved = (ctx.request_id, ctx.traceparent) if ctx is not None else None
        if ctx is not None:
            ctx.request_id = first.request_id or ctx.request_id
            ctx.traceparent = first.traceparent
        try:
            if tracer is None:
                await by_type[first.type](session, run, publisher)
                return
            with tracer.start_as_current_span(
                f"process {first.type}",
                context=parent_context(first.traceparent),
                kind=CONSUMER,
                links=links(e.traceparent for e in run[1:]),
                attributes={"messaging.batch.message_count": len(run)},
            ):
                await by_type[first.type](session, run, publisher)
        finally:
            if ctx is not None and saved is not None:
                ctx.request_id, ctx.traceparent = saved

    @router.post(
        "/events",
        summary="Receive events (CloudEvents 1.0 structured or batch JSON, signed with Standard Webhooks headers)",
        responses=problem_responses(Unauthorized, InvalidInput),
        openapi_extra={"security": [{WEBHOOK_SECURITY: []}]},
    )
    async def receive_events(request: Request) -> dict[str, Any]:
        body = await request.body()
        try:
            webhook.verify(body, dict(request.headers), json_parse=False)
        except WebhookVerificationError as exc:
            raise Unauthorized(f"event signature rejected: {exc}") from exc
        batch = request.headers.get("content-type", "").startswith(BATCH_CONTENT_TYPE)
        events = read_batch(body, contracts) if batch else [read_envelope(body, contracts)]
        # One transaction for the whole batch: every effect and every inbox row, or none.
        async with db.transaction() as session:
            new = await record_new(session, inbox, events)
            fresh = []
            for event in events:
                if event.id in new:
                    new.discard(event.id)  # the same id twice in one batch counts once
                    fresh.append(event)
            for _, run in itertools.groupby(fresh, key=lambda e: e.type):
                await handle(session, list(run))
            processed = len(fresh)
        if metrics is not None:
            metrics.duplicates(len(events) - processed)
        if not batch:
            return {"status": "processed" if processed else "duplicate", "id": events[0].id}
        return {"status": "processed", "processed": processed, "duplicates": len(events) - processed}

    return router
