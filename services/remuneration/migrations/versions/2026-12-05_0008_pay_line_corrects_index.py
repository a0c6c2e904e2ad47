"""An index on the line a correction corrects: discarding a draft batch checks, for each line deleted, that no
line corrects it, and without the index each check reads the whole table.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 12:30:00.000000
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pay_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pay_line_corrects"), ["corrects"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pay_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pay_line_corrects"))
