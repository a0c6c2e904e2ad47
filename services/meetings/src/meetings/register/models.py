from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime, utcnow
from meetings.db import Base


class Versioned:
    """Every register row carries a version (ETag, event ordering) and a modified time (sync)."""

    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Body(Versioned, Base):
    """Folkevalgt organ."""

    __tablename__ = "body"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    body_type: Mapped[str] = mapped_column(String(50))
    seats: Mapped[int] = mapped_column(Integer)
    quorum: Mapped[int] = mapped_column(Integer)
    notice_days: Mapped[int] = mapped_column(Integer)
    notice_days_budget: Mapped[int | None] = mapped_column(Integer)
    remit: Mapped[list[str]] = mapped_column(JSON, default=list)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("body.id"))


class Person(Versioned, Base):
    """Folkevalgt / representant. No national identity number is stored here."""

    __tablename__ = "person"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    gender: Mapped[str | None] = mapped_column(String(10))
    # MTG-01 eligibility facts, recorded only where a body's composition needs them; personal data.
    birth_date: Mapped[date | None] = mapped_column(Date)  # youth council: 13–18 years
    old_age_pensioner: Mapped[bool | None] = mapped_column(Boolean)  # elderly council: a majority
    employee_with_responsibility: Mapped[bool | None] = mapped_column(Boolean)  # appeals board: not eligible


class Membership(Versioned, Base):
    """Verv: a person's role in a body for a period."""

    __tablename__ = "membership"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    deputy_order: Mapped[int | None] = mapped_column(Integer)
    party_group: Mapped[str | None] = mapped_column(String(100))
    joint_list: Mapped[str | None] = mapped_column(String(100))  # MTG-10: fellesliste, one deputy order
    voting_right: Mapped[bool] = mapped_column(Boolean)
    on_behalf_of: Mapped[str | None] = mapped_column(String(100))
    personal_deputy_for: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))  # MTG-01 youth council
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
