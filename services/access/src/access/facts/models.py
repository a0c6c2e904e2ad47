"""What other services told us that decisions rest on: deputies summoned or attending, disqualifications,
published decisions and proxies. Each row is keyed so a redelivered or reordered event changes nothing."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from access.db import Base
from folkevalgt_shared.types import UTCDateTime


class DeputyAttendance(Base):
    """A deputy summoned to, or attending, a meeting (ACC-04 "møtende varamedlem")."""

    __tablename__ = "deputy_attendance"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    meeting_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    body_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    body_key: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(20))  # summoned | attended | substitute
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Disqualification(Base):
    """ACC-40: the person is disqualified in the case. `origin` names what it rests on (the agenda item,
    the proxy, the request), so the same fact told twice is one row."""

    __tablename__ = "disqualification"
    __table_args__ = (UniqueConstraint("person_id", "case_number", "source", "origin"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    case_number: Mapped[str] = mapped_column(String(50), index=True)
    source: Mapped[str] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(100))
    ground: Mapped[str | None] = mapped_column(String(1000))
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    overruled_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the mayor's dispute decision (ACC-42)


class PublishedDecision(Base):
    """A decision.made of the meetings service: what a grant names is checked against it (ACC-05/21)."""

    __tablename__ = "published_decision"
    vote_event_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    meeting_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    body_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    body_key: Mapped[str] = mapped_column(String(100))
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    case_number: Mapped[str] = mapped_column(String(50))
    motion: Mapped[str] = mapped_column(String(2000))
    adopted: Mapped[bool] = mapped_column(Boolean)
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    body_seats: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProxyRow(Base):
    """A power of attorney from the feedback service (ACC-50): the newest version wins."""

    __tablename__ = "proxy"
    proxy_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    resident_ref: Mapped[str] = mapped_column(String(200))
    case_numbers: Mapped[list[str]] = mapped_column(JSON)
    power_of_attorney_ref: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
