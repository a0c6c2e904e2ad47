"""Severance cases (etterlønn, REM-12): an official leaving an office of more than a third of full time,
recorded by the administration with whether they have a job to return to."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from remuneration.db import Base


class SeveranceCaseRow(Base):
    __tablename__ = "severance_case"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    role: Mapped[str] = mapped_column(String(30))
    last_day_in_office: Mapped[date] = mapped_column(Date)
    has_job_to_return_to: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(200))
