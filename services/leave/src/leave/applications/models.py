"""Applications for leave (permisjonssøknader) and what was granted: the decision with its split into paid and
unpaid parts (LEA-16), kept part by part so the yearly pots are a sum (LEA-03)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import BigIntPK, UTCDateTime, utcnow
from leave.db import Base


class Application(Base):
    __tablename__ = "leave_application"
    __table_args__ = (Index("ix_leave_application_employee_status", "employee_id", "status"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employee.id"))
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("unit.id"), index=True)  # decided by its manager
    reason: Mapped[str] = mapped_column(String(40))
    rule: Mapped[str] = mapped_column(String(10))
    legal_basis: Mapped[str | None] = mapped_column(String(300))
    occasion: Mapped[str | None] = mapped_column(String(200))  # shares a per-occasion maximum (LEA-10..25)
    justification: Mapped[str] = mapped_column(Text)  # "Søknaden skal være begrunnet" (LEA-02)
    documentation_ref: Mapped[str | None] = mapped_column(String(300))
    channel: Mapped[str] = mapped_column(String(20))  # written | phone | in_person (LEA-02)
    urgent: Mapped[bool] = mapped_column(Boolean)
    requested_start: Mapped[date] = mapped_column(Date)
    requested_end: Mapped[date] = mapped_column(Date)
    requested_per_day: Mapped[int | None] = mapped_column(BigInteger)  # micro-hours; none: whole days
    # The days it covers now: as applied for while pending, as granted (and cut short) after.
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    per_day: Mapped[int | None] = mapped_column(BigInteger)
    # pending → granted | denied | withdrawn; granted → revoked (a cut short leave stays granted)
    status: Mapped[str] = mapped_column(String(12))
    submitted_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)  # the reason of a denial or a remark
    rule_version: Mapped[str | None] = mapped_column(String(300))  # the settings' decision reference
    paid: Mapped[int] = mapped_column(BigInteger, default=0)  # micro-hours, as granted now
    unpaid: Mapped[int] = mapped_column(BigInteger, default=0)
    statutory: Mapped[int] = mapped_column(BigInteger, default=0)
    holiday_pay_beyond: Mapped[bool] = mapped_column(Boolean, default=True)  # LEA-04, unless decided otherwise
    consequences: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    balances: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)  # the pots after the decision (LEA-03)
    revoked_from: Mapped[date | None] = mapped_column(Date)
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class GrantedPart(Base):
    """A run of working days of a grant charged alike (LEA-16). Cut short or revoked, the parts are cut too:
    what is here is what is granted."""

    __tablename__ = "granted_part"
    __table_args__ = (Index("ix_granted_part_employee_year", "employee_id", "year"),)
    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("leave_application.id"), index=True)
    employee_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    reason: Mapped[str] = mapped_column(String(40))
    occasion: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    first_date: Mapped[date] = mapped_column(Date)
    last_date: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    per_day: Mapped[int] = mapped_column(BigInteger)  # micro-hours
    hours: Mapped[int] = mapped_column(BigInteger)  # micro-hours, days × per_day
    pay: Mapped[str] = mapped_column(String(10))  # paid | unpaid | statutory
    pot: Mapped[str | None] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(10))
    why: Mapped[str] = mapped_column(Text)
    right: Mapped[bool] = mapped_column(Boolean)
    discretionary: Mapped[bool] = mapped_column(Boolean)
