from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from access.db import Base, Versioned
from folkevalgt_shared.types import UTCDateTime


class Grant(Versioned, Base):
    """A body's decision widening its members' access (ACC-04 demand, ACC-05, ACC-21), with its reference."""

    __tablename__ = "access_grant"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(20))
    body_key: Mapped[str] = mapped_column(String(100), index=True)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    case_number: Mapped[str | None] = mapped_column(String(50))  # the concrete case the body treats
    vote_event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    decision_ref: Mapped[str] = mapped_column(String(200))  # e.g. "ADM-sak 012/26, møte 2026-03-04"
    target_body: Mapped[str | None] = mapped_column(String(100))
    case_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    document_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    body_seats: Mapped[int | None] = mapped_column(Integer)
    registered_by_chair: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # ACC-04: the chair, for the body
    status: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))
    withdraw_reason: Mapped[str | None] = mapped_column(String(2000))
