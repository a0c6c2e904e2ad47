"""Transactional outbox: the event rows are written in the caller's transaction.

One row per (event, subscriber), so a subscriber that is down delays only its own deliveries.
"""

from __future__ import annotations

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared import context
from folkevalgt_shared.contracts import EventData
from folkevalgt_shared.events.envelope import build_envelope
from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.tracing import current_traceparent
from folkevalgt_shared.types import utcnow

OUTBOX_WRITTEN = "outbox_written"


class EventPublisher:
    def __init__(self, outbox: Table, subscriptions: list[Subscription], source: str) -> None:
        self.outbox = outbox
        self.subscriptions = subscriptions
        self.source = source

    async def publish(self, session: AsyncSession, data: EventData, *, subject: str) -> str | None:
        """Adds the event to the outbox of the current transaction, once per subscriber; returns its
        id, or None when no subscriber takes the type (an event nobody receives is not even built)."""
        receivers = [sub for sub in self.subscriptions if data.TYPE in sub.types or "*" in sub.types]
        if not receivers:
            return None
        ctx = context.current.get()
        event_id, payload = build_envelope(
            data,
            subject=subject,
            source=self.source,
            request_id=ctx.request_id if ctx is not None else None,
            # The span serving this request when tracing is on, else the caller's trace context as received.
            traceparent=current_traceparent() or (ctx.traceparent if ctx is not None else None),
        )
        now = utcnow()
        rows = [
            {
                "event_id": event_id,
                "event_type": data.TYPE,
                "subscriber": sub.name,
                "target_url": sub.url,
                "payload": payload.decode(),
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for sub in receivers
        ]
        await session.execute(insert(self.outbox), rows)
        session.info[OUTBOX_WRITTEN] = True
        return event_id
