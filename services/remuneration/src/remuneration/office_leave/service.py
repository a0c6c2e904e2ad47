"""Keeping the copy of leaves from office (LEA-60) and reading those that touch a span of days, for the
deduction in fixed remuneration (REM-81), the mayor's sick pay (REM-11) and buyout (REM-40)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.contracts import EventData, OfficeLeaveEndedV1, OfficeLeaveStartedV1
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.events.inbox import Handler
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.office_leave import record_office_leaves
from remuneration.db import office_leave
from remuneration.domain.model import LeaveFromOffice


async def on_office_leave(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
    await record_office_leaves(session, office_leave, events)


HANDLERS: dict[type[EventData], Handler] = {OfficeLeaveStartedV1: on_office_leave, OfficeLeaveEndedV1: on_office_leave}


async def leaves_between(session: AsyncSession, start: date, end: date) -> list[LeaveFromOffice]:
    """Leaves from office with a day from `start` to `end`, whole: whether one is long enough for
    REM-81 depends on its first day, which may lie before `start`."""
    c = office_leave.c
    stmt = select(c.person_id, c.start_date, c.end_date, c.body_keys, c.reason).where(
        c.start_date <= end, or_(c.end_date.is_(None), c.end_date >= start)
    )
    rows = await session.execute(stmt.order_by(c.person_id, c.start_date))
    return [
        LeaveFromOffice(person, first, last, frozenset(bodies), reason) for person, first, last, bodies, reason in rows
    ]
