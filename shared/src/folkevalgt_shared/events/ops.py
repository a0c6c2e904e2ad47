"""Operator endpoints: outbox backlog, dead letters, replay (scopes ops:read / ops:write)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel
from sqlalchemy import Table, func, select, update

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.db import Database
from folkevalgt_shared.errors import NotFound
from folkevalgt_shared.inputs import RowId
from folkevalgt_shared.types import utcnow


class BacklogRow(BaseModel):
    subscriber: str
    status: str
    count: int
    oldest_created_at: datetime | None


class DeadLetter(BaseModel):
    id: int
    event_id: str
    event_type: str
    subscriber: str
    target_url: str
    attempts: int
    last_error: str | None
    created_at: datetime


async def pending_backlog(db: Database, outbox: Table) -> int:
    async with db.transaction() as session:
        return int(
            await session.scalar(select(func.count()).select_from(outbox).where(outbox.c.status == "pending")) or 0
        )


OpsReader = Annotated[Principal, Depends(require_scopes(Scope.OPS_READ))]
OpsWriter = Annotated[Principal, Depends(require_scopes(Scope.OPS_WRITE))]


def ops_router(db: Database, outbox: Table, relay_wake: Any = None) -> APIRouter:
    router = APIRouter(prefix="/ops", tags=["operations"])
    o = outbox

    @router.get("/outbox", summary="Outbox backlog per subscriber and status")
    async def backlog(_: OpsReader) -> list[BacklogRow]:
        stmt = (
            select(o.c.subscriber, o.c.status, func.count(), func.min(o.c.created_at))
            .where(o.c.status != "delivered")
            .group_by(o.c.subscriber, o.c.status)
            .order_by(o.c.subscriber, o.c.status)
        )
        async with db.transaction() as session:
            rows = (await session.execute(stmt)).all()
        return [BacklogRow(subscriber=r[0], status=r[1], count=r[2], oldest_created_at=r[3]) for r in rows]

    @router.get("/dead-letters", summary="Events that could not be delivered after the last retry")
    async def dead_letters(
        _: OpsReader, subscriber: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 100
    ) -> list[DeadLetter]:
        stmt = select(o).where(o.c.status == "dead").order_by(o.c.id).limit(limit)
        if subscriber:
            stmt = stmt.where(o.c.subscriber == subscriber)
        async with db.transaction() as session:
            rows = (await session.execute(stmt)).mappings().all()
        return [DeadLetter.model_validate(dict(r)) for r in rows]

    async def _replay(*conditions: Any) -> int:
        stmt = (
            update(o)
            .where(o.c.status == "dead", *conditions)
            .values(status="pending", attempts=0, next_attempt_at=utcnow())
        )
        async with db.transaction() as session:
            result: Any = await session.execute(stmt)
            count = int(result.rowcount)
        if count and relay_wake is not None:
            relay_wake()
        return count

    @router.post("/dead-letters/{row_id}/replay", summary="Deliver one dead letter again")
    async def replay_one(
        row_id: Annotated[RowId, Path(description="The outbox row's id")], _: OpsWriter
    ) -> dict[str, int]:
        if not await _replay(o.c.id == row_id):
            raise NotFound(f"no dead letter with id {row_id}")
        return {"replayed": 1}

    @router.post("/dead-letters/replay", summary="Deliver all dead letters (of one subscriber) again")
    async def replay_all(_: OpsWriter, subscriber: str | None = None) -> dict[str, int]:
        conditions = [o.c.subscriber == subscriber] if subscriber else []
        return {"replayed": await _replay(*conditions)}

    return router
