"""Minutes remarks (protokolltilførsel) and how they were decided (MTG-36)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from meetings.db import Base
from meetings.register.models import Versioned


class Remark(Versioned, Base):
    __tablename__ = "minutes_remark"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agenda_item.id"))  # none: the meeting
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    text: Mapped[str] = mapped_column(Text)
    formal_error: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))  # pending | allowed | refused
    chair_ruled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    chair_reason: Mapped[str | None] = mapped_column(Text)
    protested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    body_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    body_votes_for: Mapped[int | None] = mapped_column(Integer)
    body_votes_against: Mapped[int | None] = mapped_column(Integer)
