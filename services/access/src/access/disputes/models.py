from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from access.db import Base
from folkevalgt_shared.types import UTCDateTime


class DisputeDecision(Base):
    """The mayor's (or deputy mayor's) decision of a dispute about disqualification (ACC-42). Not changed
    afterwards: a new decision is a new record."""

    __tablename__ = "dispute_decision"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    request_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    case_number: Mapped[str] = mapped_column(String(50))
    decided_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    decider_role: Mapped[str] = mapped_column(String(20))  # mayor | deputy_mayor
    disqualified: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(2000))
    decided_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
