from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from meetings.db import Base
from meetings.register.models import Versioned


class Disqualification(Versioned, Base):
    __tablename__ = "disqualification"
    __table_args__ = (UniqueConstraint("agenda_item_id", "person_id"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    ground: Mapped[str] = mapped_column(String(40))
    explanation: Mapped[str | None] = mapped_column(Text)
    substitute_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    substitute_order: Mapped[int | None] = mapped_column(Integer)
    substitute_present: Mapped[bool] = mapped_column(Boolean, default=False)


class DisqualificationNotice(Versioned, Base):
    """A member's advance notice to the chair that they may be disqualified in a case (MTG-11).
    The body decides (MTG-14); the decision is a Disqualification."""

    __tablename__ = "disqualification_notice"
    __table_args__ = (UniqueConstraint("agenda_item_id", "person_id"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    ground: Mapped[str | None] = mapped_column(String(40))
    explanation: Mapped[str] = mapped_column(Text)
