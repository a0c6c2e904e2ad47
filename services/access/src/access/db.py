"""The access service's tables: the register copy, the platform tables, and the declarative base of its own."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from folkevalgt_shared.db import new_metadata
from folkevalgt_shared.platform_tables import add_platform_tables
from folkevalgt_shared.register import add_register_tables
from folkevalgt_shared.types import UTCDateTime, utcnow

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = add_platform_tables(Base.metadata)
register = add_register_tables(Base.metadata)


class Versioned:
    """A row others may update: its version is the ETag, its modified time orders the lists."""

    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
