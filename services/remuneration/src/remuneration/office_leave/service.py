"""Keeping the copy of leaves from office (LEA-60) and reading those that touch a span of days, for the
deduction in fixed remuneration (REM-81)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Table, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.contracts import EventData, OfficeLeaveEndedV1, OfficeLeaveStartedV1
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.events.inbox import Handler
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.register import upsert_newer
from remuneration.domain.model import LeaveFromOffice
from remuneration.office_leave.models import OfficeLeave

TABLE: Table = OfficeLeave.__table__  # type: ignore[assignment]


async def on_office_leave(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
    """Idempotent and order-free: the inbox drops redeliveries, and an older version never
    overwrites a newer one (an `ended` that overtook its `started` keeps its end date)."""
    rows = [{**e.data.model_dump(), "ended": isinstance(e.data, OfficeLeaveEndedV1)} for e in events]
    await upsert_newer(session, TABLE, "leave_id", rows)


HANDLERS: dict[type[EventData], Handler] = {OfficeLeaveStartedV1: on_office_leave, OfficeLeaveEndedV1: on_office_leave}


async def leaves_between(session: AsyncSession, start: date, end: date) -> list[LeaveFromOffice]:
    """Leaves from office with a day from `start` to `end`, whole: whether one is long enough for
    REM-81 depends on its first day, which may lie before `start`."""
    stmt = select(OfficeLeave.person_id, OfficeLeave.start_date, OfficeLeave.end_date, OfficeLeave.body_keys).where(
        OfficeLeave.start_date <= end, or_(OfficeLeave.end_date.is_(None), OfficeLeave.end_date >= start)
    )
    rows = await session.execute(stmt.order_by(OfficeLeave.person_id, OfficeLeave.start_date))
    return [LeaveFromOffice(person, first, last, frozenset(bodies)) for person, first, last, bodies in rows]
