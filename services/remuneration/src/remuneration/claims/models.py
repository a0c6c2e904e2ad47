"""Claims (krav) an official raises: lost earnings, care expenses, a meeting fee where no secretariat was
present, travel expenses (REM-03)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime, utcnow
from remuneration.db import Base


class Claim(Base):
    __tablename__ = "claim"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    item_type: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(7), index=True)  # the quarter of the day claimed for (REM-04)
    concerns_on: Mapped[date] = mapped_column(Date)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)  # what was claimed, as submitted
    # submitted → assessed | rate_pending | rejected; assessed → approved | rejected; approved → paid
    status: Mapped[str] = mapped_column(String(20), index=True)
    amount: Mapped[int | None] = mapped_column(BigInteger)  # øre, once assessed
    rule: Mapped[str | None] = mapped_column(String(20))
    rate_version: Mapped[str | None] = mapped_column(String(200))
    explanation: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    # REM-05: a late claim admitted by an authorised override; who, when and why stay on the claim.
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[str | None] = mapped_column(String(200))
    override_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
