"""A majority decision changing the order of the cases (MTG-17), recorded in the minutes (MTG-35)."""

from __future__ import annotations

import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from meetings.db import Base
from meetings.register.models import Versioned


class OrderChange(Versioned, Base):
    """Endret rekkefølge: only adopted changes are recorded; a change without a majority is refused."""

    __tablename__ = "agenda_order_change"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    previous: Mapped[list[str]] = mapped_column(JSON)  # the agenda items' ids in the order before
    order: Mapped[list[str]] = mapped_column(JSON)  # … and after
    method: Mapped[str] = mapped_column(String(20))  # MTG-29
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    casting_vote: Mapped[bool] = mapped_column(Boolean)  # MTG-25: the chair's vote decided a tie
    ballots: Mapped[list[dict[str, str]]] = mapped_column(JSON)  # [{"voter_id", "option", "role"}]
