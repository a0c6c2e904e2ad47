"""MTG-34: a delegation's reception is decided by the council's group leaders; who they were is recorded.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-05 11:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delegation") as batch:
        batch.add_column(sa.Column("decided_by", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("delegation") as batch:
        batch.drop_column("decided_by")
