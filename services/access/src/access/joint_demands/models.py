from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from access.db import Base, Versioned
from folkevalgt_shared.types import UTCDateTime


class JointDemand(Versioned, Base):
    """A demand for access by at least three council members (ACC-01)."""

    __tablename__ = "joint_demand"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    case_numbers: Mapped[list[str]] = mapped_column(JSON)
    demanded_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))
    withdraw_reason: Mapped[str | None] = mapped_column(String(2000))


class JointDemandSignatory(Base):
    __tablename__ = "joint_demand_signatory"
    demand_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("joint_demand.id"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
