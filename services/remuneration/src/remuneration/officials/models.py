"""An official's earner category (wage earner, self-employed, …): it decides which lost earnings can be
claimed (REM-20, REM-21) and who gets the fee for remote meetings and courses (REM-33)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime, utcnow
from remuneration.db import Base


class OfficialProfile(Base):
    __tablename__ = "official"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    earner_category: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer, default=1)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_by: Mapped[str] = mapped_column(String(200))
