from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
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
    substitute_arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # MTG-16: before the vote began?
    # MTG-14: "body" — decided by the body in the meeting, the member concerned not voting; "ahead" — a known
    # disqualification recorded before the meeting (e.g. as proxy, fvl § 6 d) so a deputy is summoned (MTG-10).
    decided_by: Mapped[str] = mapped_column(String(20), default="ahead")
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    casting_vote: Mapped[bool | None] = mapped_column(Boolean)


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
