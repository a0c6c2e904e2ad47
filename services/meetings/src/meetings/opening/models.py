"""What the opening of a meeting records (MTG-15) and who approves the minutes (MTG-37)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from meetings.db import Base
from meetings.register.models import Versioned


class Opening(Versioned, Base):
    """Godkjenning av innkalling og saksliste, recorded when the meeting is constituted."""

    __tablename__ = "meeting_opening"
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    notice_approved: Mapped[bool] = mapped_column(Boolean)
    agenda_approved: Mapped[bool] = mapped_column(Boolean)
    tacit: Mapped[bool] = mapped_column(Boolean)  # approved without objection (MTG-29 a)
    note: Mapped[str | None] = mapped_column(Text)  # remarks on the notice or agenda, e.g. a case withdrawn
    chair_basis: Mapped[str | None] = mapped_column(String(20))  # MTG-09: leader | deputy_leader | elected
    chair_votes_for: Mapped[int | None] = mapped_column(Integer)  # MTG-09: a chair elected by majority election
    chair_votes_against: Mapped[int | None] = mapped_column(Integer)


class Signatory(Versioned, Base):
    """One approver of the minutes: the chair, or a member appointed at the opening (MTG-15).
    The minutes are approved when every row has `approved_at` (MTG-37)."""

    __tablename__ = "minutes_signatory"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    capacity: Mapped[str] = mapped_column(String(20))  # chair | signatory
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StaffAttendee(Versioned, Base):
    """Someone from the administration at the meeting, as the secretariat records it (MTG-35)."""

    __tablename__ = "meeting_staff"
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    secretary: Mapped[bool] = mapped_column(Boolean, default=False)  # møtesekretær
