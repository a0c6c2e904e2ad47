"""Disqualification per case, with the deputy summoned for that case (MTG-13/14).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 10:36:07.096067
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disqualification",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("ground", sa.String(length=40), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("substitute_id", sa.Uuid(), nullable=True),
        sa.Column("substitute_order", sa.Integer(), nullable=True),
        sa.Column("substitute_present", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_disqualification_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_disqualification_person_id_person")),
        sa.ForeignKeyConstraint(
            ["substitute_id"], ["person.id"], name=op.f("fk_disqualification_substitute_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disqualification")),
        sa.UniqueConstraint("agenda_item_id", "person_id", name=op.f("uq_disqualification_agenda_item_id")),
    )
    with op.batch_alter_table("disqualification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disqualification_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_disqualification_modified_at"), ["modified_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("disqualification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disqualification_modified_at"))
        batch_op.drop_index(batch_op.f("ix_disqualification_agenda_item_id"))

    op.drop_table("disqualification")
