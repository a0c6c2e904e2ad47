"""Equivalent remuneration under law or special agreement, recorded by the administration: the meeting fee
lapses (REM-31).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 14:58:36.515570
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
        "equivalent_remuneration",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("body_key", sa.String(length=100), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equivalent_remuneration")),
    )
    with op.batch_alter_table("equivalent_remuneration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_equivalent_remuneration_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("equivalent_remuneration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equivalent_remuneration_person_id"))

    op.drop_table("equivalent_remuneration")
