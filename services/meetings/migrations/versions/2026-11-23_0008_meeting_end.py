"""When a meeting ended, whether it was remote and whether the secretariat kept the record.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 10:44:17.807217
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("remote", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("secretariat_present", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("secretariat_present")
        batch_op.drop_column("remote")
        batch_op.drop_column("ended_at")
