"""Equivalent remuneration paid under law or special agreement (REM-31), recorded by the administration:
the meeting fee lapses for the meeting, or for the body's meetings over the span."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from remuneration.db import Base


class EquivalentRemunerationRow(Base):
    """One meeting (`meeting_id`) or one body from `start_date` to `end_date` (`body_key`), never both.
    Withdrawn records are kept, so what a correction once named stays readable (REM-91)."""

    __tablename__ = "equivalent_remuneration"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    body_key: Mapped[str | None] = mapped_column(String(100))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)  # the last day covered; none: until further notice
    basis: Mapped[str] = mapped_column(Text)  # the law or agreement that pays instead
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))

    @property
    def version(self) -> int:
        """The ETag for If-Match: a record changes once only, when it is withdrawn."""
        return 1 if self.withdrawn_at is None else 2
