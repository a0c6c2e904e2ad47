"""Cases (saker) as access knows them: registered by the case-management system and/or put forward for
political treatment by the meetings service (case.presented). Matched across services by case number."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from access.db import Base, Versioned
from folkevalgt_shared.types import UTCDateTime


class AccessCase(Versioned, Base):
    __tablename__ = "access_case"
    case_number: Mapped[str] = mapped_column(String(50), primary_key=True)  # saksnummer
    case_id: Mapped[str | None] = mapped_column(String(100))  # the case-management system's id (saksmappe)
    title: Mapped[str | None] = mapped_column(String(500))
    public_title: Mapped[str | None] = mapped_column(String(500))  # offentligTittel
    title_screened: Mapped[bool] = mapped_column(Boolean, default=False)
    title_basis: Mapped[str | None] = mapped_column(String(300))
    owning_body: Mapped[str | None] = mapped_column(String(100))
    remit_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    competition_group: Mapped[str | None] = mapped_column(String(100), index=True)  # ACC-41
    closed: Mapped[bool] = mapped_column(Boolean, default=False)  # MTG-07, ACC-23
    closed_basis: Mapped[str | None] = mapped_column(String(300))
    confidential_until: Mapped[date | None] = mapped_column(Date)  # ACC-23
    presented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # ACC-10: the first presentation
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # ACC-11
    registered: Mapped[bool] = mapped_column(Boolean, default=False)  # by the case-management system


class CasePresentation(Base):
    """One case.presented: the case on a meeting's agenda, from the notice on (ACC-10)."""

    __tablename__ = "case_presentation"
    __table_args__ = (UniqueConstraint("case_number", "agenda_item_id"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    case_number: Mapped[str] = mapped_column(String(50), index=True)
    meeting_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    body_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    body_key: Mapped[str] = mapped_column(String(100))
    closed: Mapped[bool] = mapped_column(Boolean)
    closed_basis: Mapped[str | None] = mapped_column(String(300))
    presented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    event_id: Mapped[str] = mapped_column(String(100))
