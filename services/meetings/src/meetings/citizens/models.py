from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from meetings.db import Base
from meetings.register.models import Versioned


class QuestionTime(Versioned, Base):
    """Spørretime: held for the council in January and June, outside the ordinary meeting (MTG-32)."""

    __tablename__ = "question_time"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body.id"), index=True)
    # The council meeting it is held with: the deadline for questions counts from it (MTG-32).
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meeting.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    location: Mapped[str | None] = mapped_column(String(200))


class CitizenQuestion(Versioned, Base):
    __tablename__ = "citizen_question"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    question_time_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("question_time.id"), index=True)
    asker_name: Mapped[str] = mapped_column(String(200))
    on_behalf_of: Mapped[str] = mapped_column(String(20))  # self | other_person | organisation | business
    on_behalf_of_name: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(20))  # in_person | letter | email
    text: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    in_time: Mapped[bool] = mapped_column(Boolean)  # MTG-32: ≥ 5 working days before question time
    late_reason: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(200))
    follow_up: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CitizenInitiative(Versioned, Base):
    """Innbyggerinitiativ: a proposal the council must consider (MTG-33), a council case once on an agenda."""

    __tablename__ = "citizen_initiative"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    proposal: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(200))  # initiators are informed of decisions and measures
    signatures: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)
    registered_on: Mapped[date] = mapped_column(Date, index=True)
    referred_to_planning_case: Mapped[bool] = mapped_column(Boolean)
    planning_case_reference: Mapped[str | None] = mapped_column(String(100))
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    follows_initiative_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("citizen_initiative.id"))
    follows_agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agenda_item.id"))
    agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))  # adopted | rejected | partly_adopted
    decision: Mapped[str | None] = mapped_column(Text)
    initiators_informed_on: Mapped[date | None] = mapped_column(Date)


class Delegation(Versioned, Base):
    """Utsendinger who wish to address the council on a case (MTG-34)."""

    __tablename__ = "delegation"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    spokespeople: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(Text)
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))  # requested | accepted | refused
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[list[str] | None] = mapped_column(JSON)  # the group leaders who decided (MTG-34)
    meets_group_leaders_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
