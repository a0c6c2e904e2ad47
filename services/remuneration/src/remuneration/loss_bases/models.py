"""The official's lost-earnings rate for buyout (REM-40), recorded by the administration: a documented loss
per day, an application for undocumented loss, or that there is no loss."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from remuneration.db import Base


class LossBasisRow(Base):
    """Over the days it covers, a later record replaces an earlier one; withdrawn records are kept, so what a
    line once named stays readable (REM-91)."""

    __tablename__ = "loss_basis"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # documented | undocumented | no_loss
    day_loss: Mapped[int | None] = mapped_column(BigInteger)  # øre a day, documented only
    documentation_kind: Mapped[str | None] = mapped_column(String(30))
    documentation_ref: Mapped[str | None] = mapped_column(String(500))
    justification: Mapped[str | None] = mapped_column(Text)  # undocumented: the application's reasons
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)  # the last day covered; none: until further notice
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))

    @property
    def version(self) -> int:
        """The ETag for If-Match: a record changes once only, when it is withdrawn."""
        return 1 if self.withdrawn_at is None else 2
