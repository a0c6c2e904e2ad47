from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from remuneration.audit.models import AuditEntry


async def record(
    session: AsyncSession,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Appends to the audit trail in the caller's transaction: the change and its record, or neither."""
    await session.execute(
        insert(AuditEntry).values(
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            reason=reason,
            details=details or {},
        )
    )
