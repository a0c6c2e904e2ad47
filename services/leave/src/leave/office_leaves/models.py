"""Leave from office (permisjon fra vervet, LEA-60): the elected representative's application, the council's
decision and what has been told to meetings and remuneration."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime, utcnow
from leave.db import Base


class OfficeLeave(Base):
    __tablename__ = "leave_from_office"
    __table_args__ = (Index("ix_leave_from_office_due", "status", "ended_published", "start_date"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    body_keys: Mapped[list[str]] = mapped_column(JSON)  # empty: every office
    reason: Mapped[str] = mapped_column(String(20))  # health, work, family, education, other
    justification: Mapped[str] = mapped_column(Text)
    requested_start: Mapped[date] = mapped_column(Date)
    requested_end: Mapped[date] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)  # the last day on leave
    # pending → granted | denied | withdrawn; granted → revoked (a cut short leave stays granted)
    status: Mapped[str] = mapped_column(String(12))
    submitted_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    granted_by: Mapped[str | None] = mapped_column(String(200))  # the body that decided (the council)
    decision_ref: Mapped[str | None] = mapped_column(String(100))  # e.g. "KST 012/26"
    decided_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    started_published: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_version: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
