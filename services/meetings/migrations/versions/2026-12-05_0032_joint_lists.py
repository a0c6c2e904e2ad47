"""MTG-10: party groups that stood on a joint list (fellesliste) share one order of deputies.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-05 10:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("membership") as batch:
        batch.add_column(sa.Column("joint_list", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("membership") as batch:
        batch.drop_column("joint_list")
