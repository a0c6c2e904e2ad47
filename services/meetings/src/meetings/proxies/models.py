"""The copy of the powers of attorney the feedback service reports (FBK-13), built only from its events.

No foreign key to a person: an event may name someone the register does not (yet) hold."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from meetings.db import Base


class Proxy(Base):
    """A power of attorney as of its newest version (a full snapshot: older versions are ignored)."""

    __tablename__ = "proxy"
    proxy_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)  # the politician acting as proxy
    resident_ref: Mapped[str] = mapped_column(String(200))  # opaque; never a national identity number
    power_of_attorney_ref: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProxyCase(Base):
    """A case a power of attorney covers or has covered, in any version: having been proxy in a case
    stays true when a later version narrows the scope (fvl § 6 d), and the union is the same in any
    order of arrival."""

    __tablename__ = "proxy_case"
    proxy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proxy.proxy_id"), primary_key=True)
    case_number: Mapped[str] = mapped_column(String(50), primary_key=True, index=True)
