"""Indexes on the few lines that correct a line or pay a claim, only on those.

Discarding a draft batch checks, for each line deleted, that no line corrects it: without an index on
`corrects` each check read the whole table. Most lines correct nothing and pay no claim, so both indexes
leave out the lines where the column is null: storing a quarter's lines then maintains neither.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 12:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _only_set(column: str) -> dict[str, sa.TextClause]:
    where = sa.text(f"{column} IS NOT NULL")
    return {"postgresql_where": where, "sqlite_where": where}


def upgrade() -> None:
    with op.batch_alter_table("pay_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pay_line_claim_id"))
        batch_op.create_index("ix_pay_line_claim_id", ["claim_id"], unique=False, **_only_set("claim_id"))
        batch_op.create_index("ix_pay_line_corrects", ["corrects"], unique=False, **_only_set("corrects"))


def downgrade() -> None:
    with op.batch_alter_table("pay_line", schema=None) as batch_op:
        batch_op.drop_index("ix_pay_line_corrects")
        batch_op.drop_index("ix_pay_line_claim_id")
        batch_op.create_index(batch_op.f("ix_pay_line_claim_id"), ["claim_id"], unique=False)
