"""Citizen initiatives and their signatures (FBK-31)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from feedback.db import Base
from folkevalgt_shared.types import UTCDateTime, utcnow


class Initiative(Base):
    __tablename__ = "feedback_initiative"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(String(500))
    proposal: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(254))  # the initiators' address, for FBK-31's notices
    title_key: Mapped[str] = mapped_column(String(64))
    proposal_key: Mapped[str] = mapped_column(String(64))
    period_start: Mapped[date] = mapped_column(Date)  # the election period it was started in
    population: Mapped[int] = mapped_column(Integer)
    threshold: Mapped[int] = mapped_column(Integer)
    signatures: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20))  # collecting, put_forward
    reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_by: Mapped[str] = mapped_column(String(64))  # the starter's keyed hash, never the subject
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    __table_args__ = (
        Index("ix_feedback_initiative_title_key", "period_start", "title_key"),
        Index("ix_feedback_initiative_proposal_key", "period_start", "proposal_key"),
    )


class Signature(Base):
    __tablename__ = "feedback_initiative_signature"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    initiative_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("feedback_initiative.id"))
    signer: Mapped[str] = mapped_column(String(64))  # HMAC of the ID-porten subject
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("initiative_id", "signer", name="uq_feedback_initiative_signature_signer"),)
