"""Each official's lost-earnings rate for buyout (REM-40); monthly batches of monthly items (REM-10).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 06:22:58.830708
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
        "loss_basis",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("day_loss", sa.BigInteger(), nullable=True),
        sa.Column("documentation_kind", sa.String(length=30), nullable=True),
        sa.Column("documentation_ref", sa.String(length=500), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loss_basis")),
    )
    with op.batch_alter_table("loss_basis", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loss_basis_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("month", sa.String(length=7), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("batch", schema=None) as batch_op:
        batch_op.drop_column("month")

    with op.batch_alter_table("loss_basis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loss_basis_person_id"))

    op.drop_table("loss_basis")
