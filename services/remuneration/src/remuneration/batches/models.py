"""Payout batches (one quarter's payout, utbetaling) and their lines, which payroll pulls once approved."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text, TextClause, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime, utcnow
from remuneration.db import Base


def _set(column: str) -> TextClause:
    return text(f"{column} IS NOT NULL")


class Batch(Base):
    __tablename__ = "batch"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    period: Mapped[str] = mapped_column(String(7), index=True)
    # REM-10: a monthly batch pays the month's monthly items ("2026-05"); null: the quarter's batch (REM-04).
    month: Mapped[str | None] = mapped_column(String(7))
    # The period while the batch is a draft, else null: the unique index allows one draft per period.
    open_period: Mapped[str | None] = mapped_column(String(7), unique=True)
    status: Mapped[str] = mapped_column(String(12))  # draft → approved → paid
    model: Mapped[str] = mapped_column(String(20))
    # REM-33: amounts whose rate the council has not set yet; listed for the administration, never paid as 0.
    rate_pending: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(200))
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_by: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PayLineRow(Base):
    """One amount to pay (or a correction of one), with its explanation (REM-91). Never edited once its batch
    is approved: a later recomputation adds a line that `corrects` it (REM-90)."""

    __tablename__ = "pay_line"
    # Only the few lines that pay a claim or correct a line are indexed by them (a quarter stores tens of
    # thousands of lines); deleting a line looks up the lines correcting it.
    __table_args__ = (
        Index("ix_pay_line_claim_id", "claim_id", postgresql_where=_set("claim_id"), sqlite_where=_set("claim_id")),
        Index("ix_pay_line_corrects", "corrects", postgresql_where=_set("corrects"), sqlite_where=_set("corrects")),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order within the batch
    # Payroll's cursor: given on approval, in commit order, so a pull never skips or repeats a line.
    sequence: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    recipient_id: Mapped[str] = mapped_column(String(100), index=True)
    recipient_kind: Mapped[str] = mapped_column(String(12))
    period: Mapped[str] = mapped_column(String(7), index=True)
    item_type: Mapped[str] = mapped_column(String(30))
    amount: Mapped[int] = mapped_column(BigInteger)  # øre
    benefit_type: Mapped[str | None] = mapped_column(String(60))  # a-melding, e.g. kontantytelse (REM-92)
    reporting_code: Mapped[str | None] = mapped_column(String(100))  # null: not reported in the a-melding
    tax_treatment: Mapped[str] = mapped_column(String(60))
    rule: Mapped[str] = mapped_column(String(20))
    rate_version: Mapped[str] = mapped_column(String(200))
    explanation: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(JSON)
    earned_on: Mapped[date | None] = mapped_column(Date)
    claim_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    corrects: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("pay_line.id"))
    # What a recomputation compares: the claim, or recipient, item, rule and day of a computed amount.
    line_key: Mapped[str] = mapped_column(String(300))


class PayrollSequence(Base):
    """The last sequence number given to an approved line; its row lock orders approvals."""

    __tablename__ = "payroll_sequence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger)
