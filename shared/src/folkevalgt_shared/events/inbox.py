"""`POST /events`: verify the signature, drop duplicates, run the handler, all in one transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from folkevalgt_shared.contracts import EventData
from folkevalgt_shared.db import Database
from folkevalgt_shared.errors import InvalidInput, Unauthorized, problem_responses
from folkevalgt_shared.events.envelope import ReceivedEvent, read_envelope
from folkevalgt_shared.types import utcnow

Handler = Callable[[AsyncSession, ReceivedEvent], Awaitable[None]]


async def record_once(session: AsyncSession, inbox: Table, event: ReceivedEvent) -> bool:
    """Inserts the event id; False when it was already there (a redelivery)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(inbox)
        .values(event_id=event.id, event_type=event.type, source=event.source, received_at=utcnow())
        .on_conflict_do_nothing(index_elements=["event_id"])
    )
    result: Any = await session.execute(stmt)
    return bool(result.rowcount)


def inbox_router(db: Database, inbox: Table, secret: str, handlers: dict[type[EventData], Handler]) -> APIRouter:
    router = APIRouter(tags=["events"])
    webhook = Webhook(secret)
    by_type = {contract.TYPE: handler for contract, handler in handlers.items()}
    contracts = {contract.TYPE: contract for contract in handlers}

    @router.post(
        "/events",
        summary="Receive an event (CloudEvents 1.0, signed with Standard Webhooks headers)",
        responses=problem_responses(Unauthorized, InvalidInput),
    )
    async def receive_event(request: Request) -> dict[str, str]:
        body = await request.body()
        try:
            webhook.verify(body, dict(request.headers), json_parse=False)
        except WebhookVerificationError as exc:
            raise Unauthorized(f"event signature rejected: {exc}") from exc
        event = read_envelope(body, contracts)
        async with db.transaction() as session:
            if not await record_once(session, inbox, event):
                return {"status": "duplicate", "id": event.id}
            await by_type[event.type](session, event)
        return {"status": "processed", "id": event.id}

    return router
