"""MTG-09: on what footing the chair leads the meeting, and the vote when a chair is elected for it.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 10:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_opening") as batch:
        batch.add_column(sa.Column("chair_basis", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("chair_votes_for", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("chair_votes_against", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting_opening") as batch:
        for column in ("chair_votes_against", "chair_votes_for", "chair_basis"):
            batch.drop_column(column)
