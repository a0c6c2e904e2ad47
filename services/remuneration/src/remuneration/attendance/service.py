"""Consumes the meetings service's attendance.recorded and meeting.closed (REM-03: the administration's
meeting fees come from attendance, not from claims).

The inbox drops an event delivered twice (same event id). An attendance sent again for the same meeting and
person under a new event id replaces the stored one (upsert on the pair), so it cannot pay twice either.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import AttendanceRecordedV1, EventData, MeetingClosedV1
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.events.inbox import Handler
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.types import utcnow
from remuneration.attendance.models import MeetingHeldRow, RecordedAttendance

ATTENDANCE: Table = RecordedAttendance.__table__  # type: ignore[assignment]
MEETINGS: Table = MeetingHeldRow.__table__  # type: ignore[assignment]


# Kept from the first event: the row's id, and when the attendance first reached us (REM-31: a fee from
# attendance yields to a fee claimed before it arrived, and sending it again does not make it later).
KEPT = ("id", "received_at")


@functools.cache
def _upsert(dialect_name: str, table: Table, keys: tuple[str, ...]) -> Any:
    """Insert, or replace the row with the same keys unless the stored event is newer."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(table)
    return stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name not in (*keys, *KEPT)},
        where=table.c.recorded_at <= stmt.excluded.recorded_at,
    )


def _latest_per_key(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    # One statement cannot touch a row twice (PostgreSQL refuses): within a batch the newest wins.
    latest: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        if key not in latest or latest[key]["recorded_at"] <= row["recorded_at"]:
            latest[key] = row
    return list(latest.values())


async def on_attendance(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
    now = utcnow()
    rows = []
    for event in events:
        data = event.data
        assert isinstance(data, AttendanceRecordedV1)
        rows.append(
            {
                **data.model_dump(),
                "id": uuid.uuid4(),
                "event_id": event.id,
                "held_on": oslo_date(data.attended_from),
                "recorded_at": event.time or now,
                "received_at": now,
            }
        )
    keys = ("meeting_id", "person_id")
    stmt = _upsert(session.get_bind().dialect.name, ATTENDANCE, keys)
    await session.execute(stmt, _latest_per_key(rows, keys))


async def on_meeting_closed(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
    now = utcnow()
    rows = []
    for event in events:
        data = event.data
        assert isinstance(data, MeetingClosedV1)
        rows.append(
            {
                **data.model_dump(),
                "event_id": event.id,
                "held_on": oslo_date(data.starts_at),
                "recorded_at": event.time or now,
            }
        )
    keys = ("meeting_id",)
    stmt = _upsert(session.get_bind().dialect.name, MEETINGS, keys)
    await session.execute(stmt, _latest_per_key(rows, keys))


HANDLERS: dict[type[EventData], Handler] = {AttendanceRecordedV1: on_attendance, MeetingClosedV1: on_meeting_closed}


async def attendances_between(session: AsyncSession, start: date, end: date) -> Sequence[Any]:
    """The stored attendances of meetings held from `start` to `end` (Oslo dates), as plain rows."""
    stmt = select(ATTENDANCE).where(ATTENDANCE.c.held_on.between(start, end)).order_by(ATTENDANCE.c.held_on)
    return (await session.execute(stmt)).mappings().all()


async def meetings_between(session: AsyncSession, start: date, end: date) -> Sequence[Any]:
    stmt = select(MEETINGS).where(MEETINGS.c.held_on.between(start, end)).order_by(MEETINGS.c.held_on)
    return (await session.execute(stmt)).mappings().all()
