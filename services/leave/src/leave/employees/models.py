"""Employees the leave regulation covers (LEA-01), as HR keeps them. Not the political register: an employee
who is also an elected representative is linked by `person_id`."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime, utcnow
from leave.db import Base
from leave.domain.model import Employment


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    employee_number: Mapped[str] = mapped_column(String(50), unique=True)  # HR's key, used by imports
    name: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)  # the register's person, if elected
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("unit.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # hundredths of a percent: 100 % = 10,000 (LEA-01)
    full_time_day: Mapped[int] = mapped_column(BigInteger)  # micro-hours of a full-time working day
    permanent: Mapped[bool] = mapped_column(Boolean)
    employment_start: Mapped[date] = mapped_column(Date)
    employment_end: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def employment(self) -> Employment:
        return Employment(self.position, self.full_time_day, self.permanent, self.employment_start, self.employment_end)
