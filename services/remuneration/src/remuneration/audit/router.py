from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import select

from folkevalgt_shared.deps import ReadSessionDep
from remuneration.audit.models import AuditEntry
from remuneration.audit.schemas import AuditEntryOut
from remuneration.deps import Writer

router = APIRouter(tags=["audit"])


@router.get("/audit", summary="The audit trail of decisions about money: overrides, approvals, payouts, profiles")
async def list_audit(
    session: ReadSessionDep,
    _: Writer,
    entity: Literal["claim", "batch", "official", "party_lists"] | None = None,
    entity_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Sequence[AuditEntryOut]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity is not None:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    return [AuditEntryOut.model_validate(e) for e in (await session.scalars(stmt)).all()]
