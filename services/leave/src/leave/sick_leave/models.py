"""Sick-leave figures per unit and half-year as HR reports them (LEA-70): aggregates, never a person's."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime, utcnow
from leave.db import Base


class SickLeaveFigures(Base):
    __tablename__ = "sick_leave_figures"
    __table_args__ = (UniqueConstraint("year", "half", "unit_code", name="uq_sick_leave_figures_period_unit"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    year: Mapped[int] = mapped_column(Integer)
    half: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(50))
    unit_name: Mapped[str] = mapped_column(String(200))
    employees: Mapped[int] = mapped_column(Integer)
    # Days in hundredths of a day (dagsverk).
    possible: Mapped[int] = mapped_column(BigInteger)
    short_term: Mapped[int] = mapped_column(BigInteger)
    child_illness: Mapped[int] = mapped_column(BigInteger)
    long_term: Mapped[int] = mapped_column(BigInteger)
    recorded_by: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
