"""Roll call (presence, chair, constitution) and vote events.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 10:33:50.433771
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vote_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("motion", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("casting_vote", sa.Boolean(), nullable=False),
        sa.Column("ballots", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_vote_event_agenda_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_event")),
    )
    with op.batch_alter_table("vote_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_event_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vote_event_modified_at"), ["modified_at"], unique=False)

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chair_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("constituted_at", UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_meeting_chair_id_person"), "person", ["chair_id"], ["id"])

    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("present", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("arrived_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.drop_column("arrived_at")
        batch_op.drop_column("present")

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meeting_chair_id_person"), type_="foreignkey")
        batch_op.drop_column("constituted_at")
        batch_op.drop_column("chair_id")

    with op.batch_alter_table("vote_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_event_modified_at"))
        batch_op.drop_index(batch_op.f("ix_vote_event_agenda_item_id"))

    op.drop_table("vote_event")
