from __future__ import annotations

import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from meetings.db import Base
from meetings.register.models import Versioned
from meetings.treatment import models as treatment_models  # noqa: F401  (the proposal table)


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
    ballots: Mapped[list[dict[str, str]]] = mapped_column(JSON)  # [{"voter_id", "option", "role"}]
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal.id"), index=True)
    method: Mapped[str] = mapped_column(String(20), default="counter_vote")  # MTG-29
    # binding | test (MTG-23) | item (MTG-23) | budget_test | budget_runoff (MTG-24)
    kind: Mapped[str] = mapped_column(String(20), default="binding")
    item_number: Mapped[int | None] = mapped_column(Integer)  # MTG-23: the item of the proposal voted on
    chapter: Mapped[str | None] = mapped_column(String(100))  # MTG-24: the budget's main chapter
    final: Mapped[bool] = mapped_column(Boolean, default=False)  # this vote decided the case
    alternatives: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)  # MTG-24 [{"proposal_id", "votes"}]
    chosen_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # MTG-24: the alternative with a majority
