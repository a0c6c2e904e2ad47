"""Every service's migrations build exactly the tables its code declares, and can be undone."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from folkevalgt_shared.migrations import alembic_config, upgrade_head

SERVICES = ["meetings", "leave", "remuneration", "access", "feedback"]


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_match_the_models_and_downgrade(service: str, tmp_path: Path) -> None:
    importlib.import_module(f"{service}.main")  # imports every model module
    db = importlib.import_module(f"{service}.db")
    path = tmp_path / f"{service}.db"
    upgrade_head(db.ALEMBIC_INI, f"sqlite+aiosqlite:///{path}")
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), db.Base.metadata
        )
    assert differences == []
    command.downgrade(alembic_config(db.ALEMBIC_INI, f"sqlite+aiosqlite:///{path}"), "base")
    assert set(inspect(create_engine(f"sqlite:///{path}")).get_table_names()) <= {"alembic_version"}
