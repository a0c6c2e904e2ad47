"""Input received by a politician (FBK-01), the routes taken (FBK-10..13) and its status history (FBK-21)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from feedback.db import Base
from folkevalgt_shared.types import UTCDateTime, utcnow


class Item(Base):
    __tablename__ = "feedback_item"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    received_by: Mapped[uuid.UUID] = mapped_column(Uuid)  # the politician (person id in the register)
    received_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))
    sender_kind: Mapped[str] = mapped_column(String(10))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    # FBK-02: only what routing and the notice need; no identity number, no date of birth.
    sender_name: Mapped[str | None] = mapped_column(String(200))
    sender_email: Mapped[str | None] = mapped_column(String(254))
    sender_address: Mapped[str | None] = mapped_column(String(500))
    unit_key: Mapped[str | None] = mapped_column(String(100))
    unit_name: Mapped[str | None] = mapped_column(String(200))
    occurred_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    sensitive: Mapped[bool] = mapped_column(Boolean)
    sensitive_categories: Mapped[list[str]] = mapped_column(JSON)
    concrete: Mapped[bool] = mapped_column(Boolean)
    questions: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))
    routes: Mapped[list[str]] = mapped_column(JSON)  # the routes taken, in order
    owner: Mapped[str | None] = mapped_column(String(20))  # FBK-22: politician, post_reception or unit
    due_on: Mapped[date | None] = mapped_column(Date)
    overdue_reported_for: Mapped[date | None] = mapped_column(Date)  # the due day the sweep reported
    assigned_unit: Mapped[str | None] = mapped_column(String(200))
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    journal_number: Mapped[str | None] = mapped_column(String(20))
    memo_subject: Mapped[str | None] = mapped_column(String(300))
    memo_text: Mapped[str | None] = mapped_column(Text)
    memo_html: Mapped[str | None] = mapped_column(Text)
    sender_informed: Mapped[str | None] = mapped_column(String(20))  # email, letter, not_possible
    version: Mapped[int] = mapped_column(Integer, default=1)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_feedback_item_received_by_modified", "received_by", "modified_at", "id"),
        Index("ix_feedback_item_modified", "modified_at", "id"),
        Index("ix_feedback_item_due", "status", "due_on"),
    )


class StatusChange(Base):
    """FBK-21: each change of status, with what the politician may read (`note`) and what only the
    resident's proxy and the administration may read (`confidential_note`)."""

    __tablename__ = "feedback_status_change"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("feedback_item.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    previous_status: Mapped[str | None] = mapped_column(String(12))
    unit: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    confidential_note: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RouteAction(Base):
    """A route the politician took (FBK-10..13) with what it recorded: the guidance given, the meeting."""

    __tablename__ = "feedback_route_action"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("feedback_item.id"), index=True)
    route: Mapped[str] = mapped_column(String(10))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
