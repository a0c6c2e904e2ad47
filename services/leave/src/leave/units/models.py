"""Units (virksomheter): where employees work and whose manager decides their leave (LEA-03)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime, utcnow
from leave.db import Base


class Unit(Base):
    __tablename__ = "unit"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(50), unique=True)  # HR's key, used by imports
    name: Mapped[str] = mapped_column(String(200))
    # The virksomhetsleder with delegated authority to decide the unit's leave (LEA-03); an employee.
    manager_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
