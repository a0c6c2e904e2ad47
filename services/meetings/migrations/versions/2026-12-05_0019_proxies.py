"""The copy of the powers of attorney reported by the feedback service (FBK-13), for disqualification as
proxy (fvl § 6 d); cases are found by their case number.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 08:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proxy",
        sa.Column("proxy_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("resident_ref", sa.String(length=200), nullable=False),
        sa.Column("power_of_attorney_ref", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("proxy_id", name=op.f("pk_proxy")),
    )
    with op.batch_alter_table("proxy") as batch:
        batch.create_index(batch.f("ix_proxy_person_id"), ["person_id"], unique=False)
    op.create_table(
        "proxy_case",
        sa.Column("proxy_id", sa.Uuid(), nullable=False),
        sa.Column("case_number", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["proxy_id"], ["proxy.proxy_id"], name=op.f("fk_proxy_case_proxy_id_proxy")),
        sa.PrimaryKeyConstraint("proxy_id", "case_number", name=op.f("pk_proxy_case")),
    )
    with op.batch_alter_table("proxy_case") as batch:
        batch.create_index(batch.f("ix_proxy_case_case_number"), ["case_number"], unique=False)
    with op.batch_alter_table("agenda_item") as batch:
        batch.create_index(batch.f("ix_agenda_item_case_number"), ["case_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_index(batch.f("ix_agenda_item_case_number"))
    op.drop_table("proxy_case")
    op.drop_table("proxy")
