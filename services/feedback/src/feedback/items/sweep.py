"""FBK-22: the periodic sweep. Every open item past its due day is published once per due day as
`feedback.item.overdue` (a later due day is reported again); powers of attorney past their last day end
(FBK-13). Rows are claimed with FOR UPDATE SKIP LOCKED, so replicas sweeping at once report each once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.domain.followup import Status
from feedback.items.models import Item
from feedback.proxies import service as proxies
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import FeedbackOverdueV1
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.jobs import JobRun

BATCH = 500


def job(clock: Callable[[], datetime]) -> JobRun:
    async def run(session: AsyncSession, publisher: EventPublisher) -> int:
        return await sweep(session, publisher, clock())

    return run


async def sweep(session: AsyncSession, publisher: EventPublisher, now: datetime) -> int:
    today = oslo_date(now)
    stmt = (
        select(Item)
        .where(
            Item.status != Status.CLOSED.value,
            Item.due_on < today,
            or_(Item.overdue_reported_for.is_(None), Item.overdue_reported_for != Item.due_on),
        )
        .order_by(Item.due_on)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    )
    items = list((await session.scalars(stmt)).all())
    for item in items:
        assert item.due_on is not None and item.owner is not None
        item.overdue_reported_for = item.due_on
        await publisher.publish(
            session,
            FeedbackOverdueV1(
                item_id=item.id,
                person_id=item.received_by,
                status=item.status,
                owner=item.owner,
                due_on=item.due_on,
                journal_number=item.journal_number,
                detected_at=now,
            ),
            subject=f"feedback/items/{item.id}",
        )
    return len(items) + await proxies.end_expired(session, publisher, now)
