from __future__ import annotations

import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from meetings.db import Base
from meetings.register.models import Versioned


class VoteEvent(Versioned, Base):
    """One vote on one motion in one case (Popolo: motion → vote event → counts and votes)."""

    __tablename__ = "vote_event"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    motion: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(String(20))  # adopted | rejected
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    casting_vote: Mapped[bool] = mapped_column(Boolean)
    ballots: Mapped[list[dict[str, str]]] = mapped_column(JSON)  # [{"voter_id", "option"}]
