"""Leave from office (permisjon fra vervet) as the leave service reports it (LEA-60, REM-81)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from remuneration.db import Base


class OfficeLeave(Base):
    """A copy of a leave from office, kept from the leave service's office_leave.started/ended events:
    the leave service owns it. No foreign key to person: an event may name someone not (yet) here."""

    __tablename__ = "office_leave"
    leave_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)  # the last day on leave; none: open-ended
    body_keys: Mapped[list[str]] = mapped_column(JSON)  # empty: every office
    reason: Mapped[str] = mapped_column(String(100))
    ended: Mapped[bool] = mapped_column(Boolean)  # from office_leave.ended
    version: Mapped[int] = mapped_column(Integer)  # the leave service's: older events are ignored
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
