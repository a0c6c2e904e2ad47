"""Keeping the copy of leaves from office (LEA-60) and reading who is on leave on a meeting's day (MTG-10)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.office_leave import record_office_leaves
from meetings.db import office_leave
from meetings.domain.deputies import OfficeLeave as LeavePeriod


async def record_leaves(session: AsyncSession, events: list[ReceivedEvent]) -> Sequence[Row[Any]]:
    """Keeps the copy (folkevalgt_shared.office_leave) and returns the leaves of `events` as now kept."""
    await record_office_leaves(session, office_leave, events)
    kept = select(office_leave).where(office_leave.c.leave_id.in_({e.data.leave_id for e in events}))
    return (await session.execute(kept)).all()


def period_of(leave: Row[Any]) -> LeavePeriod:
    return LeavePeriod(leave.start_date, leave.end_date, frozenset(leave.body_keys))


async def on_leave(session: AsyncSession, people: Collection[uuid.UUID], day: date, body_key: str) -> set[uuid.UUID]:
    """Those of `people` on leave from their office in the body on `day`."""
    c = office_leave.c
    rows = await session.execute(
        select(c.person_id, c.start_date, c.end_date, c.body_keys).where(c.person_id.in_(people), c.start_date <= day)
    )
    return {
        person
        for person, start, end, bodies in rows
        if LeavePeriod(start, end, frozenset(bodies)).covers(day, body_key)
    }
