"""MTG-14: a disqualification decided in the meeting is the body's decision, with its vote; one recorded ahead
says so. MTG-16: when a deputy for one case took the seat, so one who came after the vote began does not vote.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 10:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("disqualification") as batch:
        batch.add_column(sa.Column("substitute_arrived_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("decided_by", sa.String(length=20), nullable=False, server_default="ahead"))
        batch.add_column(sa.Column("votes_for", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("votes_against", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("casting_vote", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("disqualification") as batch:
        for column in ("casting_vote", "votes_against", "votes_for", "decided_by", "substitute_arrived_at"):
            batch.drop_column(column)
