"""An agenda document carries the case-management system's id of it, for the access service (case.presented).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 07:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_document") as batch:
        batch.add_column(sa.Column("external_id", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agenda_document") as batch:
        batch.drop_column("external_id")
