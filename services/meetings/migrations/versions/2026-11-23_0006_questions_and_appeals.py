"""Questions and interpellations (MTG-30) and legality appeals (MTG-38).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 10:38:47.053373
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("asker_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.Column("in_time", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["asker_id"], ["person.id"], name=op.f("fk_question_asker_id_person")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_question_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
    )
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "legality_appeal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("decision_reference", sa.String(length=200), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=True),
        sa.Column("lodged_on", sa.Date(), nullable=False),
        sa.Column("signatories", sa.JSON(), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_legality_appeal_agenda_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legality_appeal")),
    )
    with op.batch_alter_table("legality_appeal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legality_appeal_modified_at"), ["modified_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("legality_appeal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legality_appeal_modified_at"))

    op.drop_table("legality_appeal")
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_modified_at"))
        batch_op.drop_index(batch_op.f("ix_question_meeting_id"))

    op.drop_table("question")
