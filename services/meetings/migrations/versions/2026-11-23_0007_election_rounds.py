"""Counted rounds of elections and appointments, with recorded draws (MTG-26).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 10:41:36.192155
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "election_round",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("votes", sa.JSON(), nullable=False),
        sa.Column("blank", sa.Integer(), nullable=False),
        sa.Column("elected", sa.JSON(), nullable=False),
        sa.Column("moved_up", sa.JSON(), nullable=False),
        sa.Column("new_round_needed", sa.Boolean(), nullable=False),
        sa.Column("lottery", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_election_round_agenda_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_election_round")),
    )
    with op.batch_alter_table("election_round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_election_round_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_election_round_modified_at"), ["modified_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("election_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_election_round_modified_at"))
        batch_op.drop_index(batch_op.f("ix_election_round_agenda_item_id"))

    op.drop_table("election_round")
