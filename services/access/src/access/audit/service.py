"""Appends to the audit trail in the caller's transaction: the change and its record, or neither (ACC-70)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Table, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from access.audit.models import AuditEntry
from access.domain.audit import GENESIS, chain_hash

AUDIT: Table = AuditEntry.__table__  # type: ignore[assignment]
# One chain: appends take turns (PostgreSQL: a transaction-scoped advisory lock; SQLite has one writer).
CHAIN_LOCK = 0x41434345  # "ACCE"
_LAST = select(AUDIT.c.seq, AUDIT.c.hash).order_by(AUDIT.c.seq.desc()).limit(1)
_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


def plain(value: Any) -> Any:
    """JSON-plain form of what an entry holds, so its hash is the same when read back."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, uuid.UUID | datetime | date):
        return str(value) if not isinstance(value, datetime) else value.isoformat()
    return value


async def append(
    session: AsyncSession,
    *,
    at: datetime,
    actor: str,
    action: str,
    person_id: object = None,
    case_number: str | None = None,
    document_id: object = None,
    outcome: str | None = None,
    rules: list[str] | tuple[str, ...] = (),
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_LOCK, {"key": CHAIN_LOCK})
    last = (await session.execute(_LAST)).first()
    previous = last.hash if last is not None else GENESIS
    entry: dict[str, Any] = {
        "seq": (last.seq if last is not None else 0) + 1,
        "at": at,
        "actor": actor,
        "action": action,
        "person_id": None if person_id is None else str(person_id),
        "case_number": case_number,
        "document_id": None if document_id is None else str(document_id),
        "outcome": outcome,
        "rules": list(rules),
        "reason": reason,
        "details": plain(details or {}),
        "prev_hash": previous,
    }
    entry["hash"] = chain_hash(previous, entry)
    await session.execute(insert(AUDIT).values(**entry))
    return int(entry["seq"])


async def entries_in_order(session: AsyncSession, batch: int = 1000) -> AsyncIterator[list[dict[str, Any]]]:
    after = 0
    while True:
        rows = (
            (await session.execute(select(AUDIT).where(AUDIT.c.seq > after).order_by(AUDIT.c.seq).limit(batch)))
            .mappings()
            .all()
        )
        if not rows:
            return
        yield [dict(r) for r in rows]
        after = rows[-1]["seq"]
