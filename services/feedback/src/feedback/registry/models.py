"""The journal (FBK-20): one counter per year, one entry per forwarded item."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from feedback.db import Base
from folkevalgt_shared.types import UTCDateTime, utcnow


class JournalCounter(Base):
    """The last sequence number given in a year: taken with its row locked, in the transaction that
    writes the entry, so numbers have no gaps and no number is given twice."""

    __tablename__ = "feedback_journal_counter"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_sequence: Mapped[int] = mapped_column(Integer)


class JournalEntry(Base):
    __tablename__ = "feedback_journal_entry"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("feedback_item.id"), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    journal_number: Mapped[str] = mapped_column(String(20))
    journal_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    public_title: Mapped[str] = mapped_column(String(300))
    sender: Mapped[str] = mapped_column(String(200))
    public_sender: Mapped[str] = mapped_column(String(200))
    screened_fields: Mapped[list[str]] = mapped_column(JSON)
    screening_basis: Mapped[str | None] = mapped_column(String(200))
    access_code: Mapped[str | None] = mapped_column(String(10))
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(Text)
    registered_by: Mapped[str] = mapped_column(String(200))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    __table_args__ = (UniqueConstraint("year", "sequence", name="uq_feedback_journal_entry_year_sequence"),)
