"""Powers of attorney by which a resident lets a politician act for them (FBK-13)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from feedback.db import Base
from folkevalgt_shared.types import UTCDateTime, utcnow


class Proxy(Base):
    __tablename__ = "feedback_proxy"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("feedback_item.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)  # the politician acting as proxy
    resident_ref: Mapped[str] = mapped_column(String(100))
    case_numbers: Mapped[list[str]] = mapped_column(JSON)
    written: Mapped[bool] = mapped_column(Boolean)
    power_of_attorney_ref: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date | None] = mapped_column(Date)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))  # active, revoked, ended
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(2000))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
