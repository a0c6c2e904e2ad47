"""Payout batches, their lines and the sequence payroll pulls by (REM-90); severance cases (REM-12);
party lists (REM-60).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batch",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("open_period", sa.String(length=7), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("model", sa.String(length=20), nullable=False),
        sa.Column("rate_pending", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("approved_at", UTCDateTime(), nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_at", UTCDateTime(), nullable=True),
        sa.Column("paid_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch")),
        sa.UniqueConstraint("open_period", name=op.f("uq_batch_open_period")),
    )
    with op.batch_alter_table("batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_batch_period"), ["period"], unique=False)

    op.create_table(
        "party_list_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("unrepresented", sa.JSON(), nullable=False),
        sa.Column("election_year", sa.Boolean(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("modified_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_party_list_year")),
    )
    op.create_table(
        "payroll_sequence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_sequence")),
    )
    op.create_table(
        "severance_case",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("last_day_in_office", sa.Date(), nullable=False),
        sa.Column("has_job_to_return_to", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_severance_case")),
    )
    with op.batch_alter_table("severance_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_severance_case_person_id"), ["person_id"], unique=False)

    op.create_table(
        "pay_line",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=True),
        sa.Column("recipient_id", sa.String(length=100), nullable=False),
        sa.Column("recipient_kind", sa.String(length=12), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("item_type", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("benefit_type", sa.String(length=60), nullable=True),
        sa.Column("reporting_code", sa.String(length=100), nullable=True),
        sa.Column("tax_treatment", sa.String(length=60), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("rate_version", sa.String(length=200), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("earned_on", sa.Date(), nullable=True),
        sa.Column("claim_id", sa.Uuid(), nullable=True),
        sa.Column("corrects", sa.Uuid(), nullable=True),
        sa.Column("line_key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batch.id"], name=op.f("fk_pay_line_batch_id_batch"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["corrects"], ["pay_line.id"], name=op.f("fk_pay_line_corrects_pay_line")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pay_line")),
        sa.UniqueConstraint("sequence", name=op.f("uq_pay_line_sequence")),
    )
    with op.batch_alter_table("pay_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pay_line_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pay_line_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pay_line_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_pay_line_recipient_id"), ["recipient_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pay_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pay_line_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_pay_line_period"))
        batch_op.drop_index(batch_op.f("ix_pay_line_claim_id"))
        batch_op.drop_index(batch_op.f("ix_pay_line_batch_id"))

    op.drop_table("pay_line")
    with op.batch_alter_table("severance_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_severance_case_person_id"))

    op.drop_table("severance_case")
    op.drop_table("payroll_sequence")
    op.drop_table("party_list_year")
    with op.batch_alter_table("batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_batch_period"))

    op.drop_table("batch")
