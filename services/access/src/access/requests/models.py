from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from access.db import Base, Versioned
from folkevalgt_shared.types import UTCDateTime


class AccessRequest(Versioned, Base):
    """A request for access to a document or a whole case, or a question about a case (ACC-30, ACC-31)."""

    __tablename__ = "access_request"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    case_number: Mapped[str] = mapped_column(String(50))
    document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(20))  # documents | question
    disclosure: Mapped[str | None] = mapped_column(Text)  # ACC-42
    question: Mapped[str | None] = mapped_column(Text)  # ACC-31
    status: Mapped[str] = mapped_column(String(20), index=True)
    awaiting: Mapped[str | None] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(10))
    scope: Mapped[str | None] = mapped_column(String(10))
    rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    decisions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    assessment: Mapped[str | None] = mapped_column(Text)  # the administration's, ACC-42
    answer: Mapped[str | None] = mapped_column(Text)  # ACC-31
    answered_by: Mapped[str | None] = mapped_column(String(200))
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when it was reported overdue
