from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from meetings.db import Base
from meetings.register.models import Versioned


class LegalityAppeal(Versioned, Base):
    __tablename__ = "legality_appeal"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    decision_reference: Mapped[str] = mapped_column(String(200))
    decided_by: Mapped[str] = mapped_column(String(200))  # the body or administrative unit
    decided_on: Mapped[date] = mapped_column(Date)
    agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agenda_item.id"))
    lodged_on: Mapped[date] = mapped_column(Date)
    signatories: Mapped[list[str]] = mapped_column(JSON)
    grounds: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30), default="lodged")
