"""Leave from office (LEA-60) as the leave service reports it: the deduction in fixed remuneration (REM-81).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 14:03:10.642502
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
        "office_leave",
        sa.Column("leave_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("body_keys", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("ended", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("leave_id", name=op.f("pk_office_leave")),
    )
    with op.batch_alter_table("office_leave", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_office_leave_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("office_leave", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_office_leave_person_id"))

    op.drop_table("office_leave")
