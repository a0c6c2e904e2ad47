"""What the register does not hold about parties in a year (REM-60): the approved lists at the election that
won no council seat (support in an election year)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from remuneration.db import Base


class PartyListYear(Base):
    __tablename__ = "party_list_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unrepresented: Mapped[list[str]] = mapped_column(JSON)
    election_year: Mapped[bool | None] = mapped_column(Boolean)  # null: by the four-year election cycle
    version: Mapped[int] = mapped_column(Integer, default=1)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime)
    modified_by: Mapped[str] = mapped_column(String(200))
