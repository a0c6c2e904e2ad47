from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from meetings.db import Base
from meetings.register.models import Versioned


class Meeting(Versioned, Base):
    """Møte: one meeting of one body."""

    __tablename__ = "meeting"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    location: Mapped[str | None] = mapped_column(String(200))
    extra: Mapped[bool] = mapped_column(Boolean, default=False)  # MTG-05: not in the meeting plan
    status: Mapped[str] = mapped_column(String(30), default="planned")
    notice_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notice_late_reason: Mapped[str | None] = mapped_column(Text)
    chair_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))  # møteleder (MTG-09)
    constituted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # lawfully constituted (MTG-15)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # MTG-37
    remote: Mapped[bool] = mapped_column(Boolean, default=False)  # REM-33: no meeting fee for remote meetings
    remote_decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))  # MTG-08: the mayor
    remote_reason: Mapped[str | None] = mapped_column(Text)  # MTG-08: why the case cannot wait
    secretariat_present: Mapped[bool] = mapped_column(Boolean, default=True)  # REM-03: who raises the fee
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # avlyst: status "cancelled"
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class AgendaItem(Versioned, Base):
    """Sak på sakslisten."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # the number in the notice
    position: Mapped[int] = mapped_column(Integer)  # place in the order of treatment (MTG-17)
    case_number: Mapped[str] = mapped_column(String(50), index=True)  # a case through its treatments
    title: Mapped[str] = mapped_column(String(500))
    rapporteur_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    recommendation: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_basis: Mapped[str | None] = mapped_column(String(300))
    closed_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # MTG-07: closed by the body in the meeting
    personnel: Mapped[bool] = mapped_column(Boolean, default=False)  # MTG-07: personalsak, always closed
    budget: Mapped[bool] = mapped_column(Boolean, default=False)
    not_in_notice: Mapped[bool] = mapped_column(Boolean, default=False)  # MTG-17


class AgendaDocument(Versioned, Base):
    """Saksdokument: one document of a case on the agenda, held in the case-management system (sak/arkiv).
    `AgendaItem.documents` keeps their names in order, for the callers and events that know only those."""

    __tablename__ = "agenda_document"
    __table_args__ = (UniqueConstraint("agenda_item_id", "position"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # the first document is the case presentation (saksframlegg)
    name: Mapped[str] = mapped_column(String(500))
    external_id: Mapped[str | None] = mapped_column(String(200))  # the case-management system's document id
    file_name: Mapped[str | None] = mapped_column(String(300))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(String(1000))
    download_url: Mapped[str | None] = mapped_column(String(1000))
    document_date: Mapped[date | None] = mapped_column(Date)
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)  # unntatt offentlighet (MTG-06)
    exempt_basis: Mapped[str | None] = mapped_column(String(300))


class ExtraMeetingGround(Versioned, Base):
    """Why an extra meeting is held (MTG-05): a decision by the mayor or the body's leader, or a
    demand by members (listed in ExtraMeetingDemand)."""

    __tablename__ = "extra_meeting_ground"
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    ground: Mapped[str] = mapped_column(String(20))  # demand | mayor | leader
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))


class ExtraMeetingDemand(Base):
    """A member who demanded the extra meeting (MTG-05: at least a third of the members)."""

    __tablename__ = "extra_meeting_demand"
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), primary_key=True)
