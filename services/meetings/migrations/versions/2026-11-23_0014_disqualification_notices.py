"""Advance notice of a possible disqualification in a case (MTG-11).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 12:02:25.237229
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disqualification_notice",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("ground", sa.String(length=40), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_disqualification_notice_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_disqualification_notice_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disqualification_notice")),
        sa.UniqueConstraint("agenda_item_id", "person_id", name=op.f("uq_disqualification_notice_agenda_item_id")),
    )
    with op.batch_alter_table("disqualification_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disqualification_notice_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_disqualification_notice_modified_at"), ["modified_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("disqualification_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disqualification_notice_modified_at"))
        batch_op.drop_index(batch_op.f("ix_disqualification_notice_agenda_item_id"))

    op.drop_table("disqualification_notice")
