"""Keeping the copy of leaves from office (LEA-60) and reading who is on leave on a meeting's day (MTG-10)."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.contracts import OfficeLeaveEndedV1
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.register import upsert_newer
from meetings.domain.deputies import OfficeLeave as LeavePeriod
from meetings.office_leave.models import OfficeLeave

TABLE: Table = OfficeLeave.__table__  # type: ignore[assignment]


async def record_leaves(session: AsyncSession, events: list[ReceivedEvent]) -> list[OfficeLeave]:
    """Idempotent and order-free: the inbox drops redeliveries, and an older version never
    overwrites a newer one. Returns the leaves as now kept."""
    rows = [{**e.data.model_dump(), "ended": isinstance(e.data, OfficeLeaveEndedV1)} for e in events]
    await upsert_newer(session, TABLE, "leave_id", rows)
    kept = select(OfficeLeave).where(OfficeLeave.leave_id.in_({row["leave_id"] for row in rows}))
    return list((await session.scalars(kept.execution_options(populate_existing=True))).all())


def period_of(leave: OfficeLeave) -> LeavePeriod:
    return LeavePeriod(leave.start_date, leave.end_date, frozenset(leave.body_keys))


async def on_leave(session: AsyncSession, people: Collection[uuid.UUID], day: date, body_key: str) -> set[uuid.UUID]:
    """Those of `people` on leave from their office in the body on `day`."""
    rows = await session.execute(
        select(OfficeLeave.person_id, OfficeLeave.start_date, OfficeLeave.end_date, OfficeLeave.body_keys).where(
            OfficeLeave.person_id.in_(people), OfficeLeave.start_date <= day
        )
    )
    return {
        person
        for person, start, end, bodies in rows
        if LeavePeriod(start, end, frozenset(bodies)).covers(day, body_key)
    }
