from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from meetings.db import Base
from meetings.register.models import Versioned


class Participant(Versioned, Base):
    """A person's place at one meeting: a member expected or absent, or a deputy summoned."""

    __tablename__ = "meeting_participant"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))  # the membership role, or "deputy"
    party_group: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))  # expected | absent
    absence_reason: Mapped[str | None] = mapped_column(Text)
    in_place_of: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    deputy_order: Mapped[int | None] = mapped_column(Integer)
    present: Mapped[bool] = mapped_column(Boolean, default=False)  # registered at the roll call (MTG-15)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the roll call, or a later arrival (MTG-16)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # leave from the meeting (MTG-12)
    leave_application: Mapped[str | None] = mapped_column(Text)  # the written application (MTG-12)
