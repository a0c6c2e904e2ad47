"""Proposals in a case (MTG-20) and the state of its treatment (MTG-21)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from meetings.db import Base
from meetings.register.models import Versioned


class Proposal(Versioned, Base):
    """Forslag: made in writing by a member taking part in the case; withdrawn proposals stay recorded."""

    __tablename__ = "proposal"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    proposer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[str] = mapped_column(String(20))  # alternative | amendment | addition | postponement
    text: Mapped[str] = mapped_column(Text)
    items: Mapped[list[str]] = mapped_column(JSON, default=list)  # MTG-23: a proposal in several items
    chapter: Mapped[str | None] = mapped_column(String(100))  # MTG-24: the budget's main chapter
    status: Mapped[str] = mapped_column(String(20), default="made")  # made | withdrawn
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CaseTreatment(Versioned, Base):
    """How far the treatment of one case has come: taken up, voting opened (MTG-21), decided or
    postponed by decision (MTG-17)."""

    __tablename__ = "case_treatment"
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), primary_key=True)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    taken_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voting_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # opened, or the first vote
    voting_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the chair opened voting (MTG-21)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    postponed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # MTG-17: a postponement adopted
    decision_vote_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the final vote, or the postponement


class CaseObjection(Versioned, Base):
    """MTG-17: a member present (or the chair) objects to treating on its merits a case not in the notice."""

    __tablename__ = "case_objection"
    __table_args__ = (UniqueConstraint("agenda_item_id", "person_id"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    as_chair: Mapped[bool] = mapped_column(Boolean, default=False)
