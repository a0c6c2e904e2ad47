"""Baseline: the platform tables and the register read model.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from folkevalgt_shared.migrations import create_platform_tables_v1, drop_platform_tables_v1
from folkevalgt_shared.register import create_register_tables_v1, drop_register_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables_v1()
    create_register_tables_v1()


def downgrade() -> None:
    drop_register_tables_v1()
    drop_platform_tables_v1()
