from __future__ import annotations

import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from meetings.db import Base
from meetings.register.models import Versioned


class ElectionRound(Versioned, Base):
    """One counted round of an election or appointment, with the draw if lots decided it."""

    __tablename__ = "election_round"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # election | appointment
    round: Mapped[int] = mapped_column(Integer)
    places: Mapped[int] = mapped_column(Integer)
    votes: Mapped[dict[str, int]] = mapped_column(JSON)
    blank: Mapped[int] = mapped_column(Integer)
    elected: Mapped[list[str]] = mapped_column(JSON)
    moved_up: Mapped[list[str]] = mapped_column(JSON)  # MTG-27
    new_round_needed: Mapped[bool] = mapped_column(Boolean)
    lottery: Mapped[dict[str, object] | None] = mapped_column(JSON)
