from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from access.db import Base, Versioned
from folkevalgt_shared.types import UTCDateTime


class Declaration(Versioned, Base):
    """A signed confidentiality declaration (taushetserklæring, ACC-22)."""

    __tablename__ = "declaration"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    signed_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(200))  # where the signed paper is archived
    recorded_by: Mapped[str] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))
    withdraw_reason: Mapped[str | None] = mapped_column(String(2000))
