"""The meetings service's tables: its own register plus the platform tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import DeclarativeBase

from folkevalgt_shared.db import new_metadata
from folkevalgt_shared.office_leave import add_office_leave_table
from folkevalgt_shared.platform_tables import add_platform_tables

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = add_platform_tables(Base.metadata)
office_leave = add_office_leave_table(Base.metadata)  # LEA-60, from the leave service's events
