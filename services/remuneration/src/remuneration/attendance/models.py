"""What the meetings service told us happened: who attended which meeting (attendance.recorded) and which
meetings were held (meeting.closed). Meeting fees are computed from these rows (REM-30..33)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from remuneration.db import Base


class RecordedAttendance(Base):
    """One person's attendance at one meeting. One row per (meeting, person): an attendance sent again
    with a new event id replaces the row, so it can never pay twice."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    event_id: Mapped[str] = mapped_column(String(36))  # the event the row now stands on (REM-91)
    meeting_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    body_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    body_key: Mapped[str] = mapped_column(String(100))
    body_type: Mapped[str] = mapped_column(String(50))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    role: Mapped[str] = mapped_column(String(30))
    as_deputy: Mapped[bool] = mapped_column(Boolean)
    in_place_of: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    attended_from: Mapped[datetime] = mapped_column(UTCDateTime)
    attended_to: Mapped[datetime] = mapped_column(UTCDateTime)
    held_on: Mapped[date] = mapped_column(Date, index=True)  # Europe/Oslo date of attended_from
    remote: Mapped[bool] = mapped_column(Boolean)
    secretariat_present: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the event's time: an older event never wins
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MeetingHeldRow(Base):
    """A meeting that was held and closed: the count of meetings behind attendance shares (REM-80)."""

    __tablename__ = "meeting_held"
    meeting_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36))
    body_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    body_key: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    attendances: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
