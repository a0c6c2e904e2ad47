"""Order of business (MTG-17): the order of treatment, changes to it by majority, postponed cases.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-23 12:38:32.877407
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agenda_order_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("order", sa.JSON(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("casting_vote", sa.Boolean(), nullable=False),
        sa.Column("ballots", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_agenda_order_change_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_order_change")),
    )
    with op.batch_alter_table("agenda_order_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_order_change_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_order_change_modified_at"), ["modified_at"], unique=False)

    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
    # Cases already on an agenda are in the order of their notice.
    op.execute("UPDATE agenda_item SET position = number")

    with op.batch_alter_table("case_treatment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("postponed_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_treatment", schema=None) as batch_op:
        batch_op.drop_column("postponed_at")

    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_column("position")

    with op.batch_alter_table("agenda_order_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_order_change_modified_at"))
        batch_op.drop_index(batch_op.f("ix_agenda_order_change_meeting_id"))

    op.drop_table("agenda_order_change")
