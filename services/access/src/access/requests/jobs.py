"""The sweep for requests past their due time (ACC-30): each is reported once, as access.request.overdue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.audit import service as audit
from access.requests.models import AccessRequest
from folkevalgt_shared.contracts import AccessRequestOverdueV1
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.jobs import PeriodicJob
from folkevalgt_shared.types import utcnow

BATCH = 500


async def sweep_overdue(session: AsyncSession, publisher: EventPublisher) -> int:
    now = utcnow()
    stmt = (
        select(AccessRequest)
        .where(AccessRequest.status == "pending", AccessRequest.due_at <= now, AccessRequest.overdue_at.is_(None))
        .order_by(AccessRequest.due_at)
        .limit(BATCH)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)  # replicas sweep side by side: each request once
    late = (await session.scalars(stmt)).all()
    for request in late:
        request.overdue_at = now
        await publisher.publish(
            session,
            AccessRequestOverdueV1(
                request_id=request.id,
                person_id=request.person_id,
                case_number=request.case_number,
                kind=request.kind,  # type: ignore[arg-type]
                awaiting=request.awaiting,  # type: ignore[arg-type]
                received_at=request.received_at,
                due_at=request.due_at,
                detected_at=now,
            ),
            subject=str(request.id),
        )
        await audit.append(
            session,
            at=now,
            actor="sweep",
            action="request_overdue",
            person_id=request.person_id,
            case_number=request.case_number,
            rules=["ACC-30"],
            reason=f"pending since {request.received_at.isoformat()}, due {request.due_at.isoformat()}",
            details={"request_id": request.id, "awaiting": request.awaiting},
        )
    await session.flush()
    return len(late)


def overdue_job(interval_seconds: float) -> PeriodicJob:
    return PeriodicJob(name="access-requests-overdue", interval_seconds=interval_seconds, run=sweep_overdue)
