"""Legality appeals (lovlighetsklage), MTG-38."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from meetings.db import Base
from meetings.register.models import Versioned


class LegalityAppeal(Versioned, Base):
    """Lodged with the body (or the administration) that made the decision, which upholds or reverses it;
    an upheld decision is forwarded for legality review (MTG-38, seed 2001–2002)."""

    __tablename__ = "legality_appeal"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    decision_reference: Mapped[str] = mapped_column(String(200))
    decided_by: Mapped[str] = mapped_column(String(200))  # the body or administrative unit
    decided_on: Mapped[date] = mapped_column(Date)
    agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agenda_item.id"))
    lodged_on: Mapped[date] = mapped_column(Date)
    signatories: Mapped[list[str]] = mapped_column(JSON)
    grounds: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30), default="lodged")  # lodged | upheld | reversed | forwarded
    # The body that made the decision, with which the appeal is lodged; none: the administration.
    lodged_with_body_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("body.id"), index=True)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    review_agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agenda_item.id"))
    review_note: Mapped[str | None] = mapped_column(Text)
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    forwarded_to: Mapped[str | None] = mapped_column(String(200))
