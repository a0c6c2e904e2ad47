"""Units and employees, applications with their granted parts (LEA-01..50), leave from office (LEA-60) and
sick-leave figures (LEA-70).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 06:18:49.910914
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import BigIntPK, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leave_from_office",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("body_keys", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("requested_start", sa.Date(), nullable=False),
        sa.Column("requested_end", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("granted_by", sa.String(length=200), nullable=True),
        sa.Column("decision_ref", sa.String(length=100), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("started_published", sa.Boolean(), nullable=False),
        sa.Column("ended_published", sa.Boolean(), nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave_from_office")),
    )
    with op.batch_alter_table("leave_from_office", schema=None) as batch_op:
        batch_op.create_index("ix_leave_from_office_due", ["status", "ended_published", "start_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_leave_from_office_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_leave_from_office_person_id"), ["person_id"], unique=False)

    op.create_table(
        "sick_leave_figures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("half", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=50), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("possible", sa.BigInteger(), nullable=False),
        sa.Column("short_term", sa.BigInteger(), nullable=False),
        sa.Column("child_illness", sa.BigInteger(), nullable=False),
        sa.Column("long_term", sa.BigInteger(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sick_leave_figures")),
        sa.UniqueConstraint("year", "half", "unit_code", name="uq_sick_leave_figures_period_unit"),
    )
    with op.batch_alter_table("sick_leave_figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sick_leave_figures_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "unit",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("manager_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
        sa.UniqueConstraint("code", name=op.f("uq_unit_code")),
    )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "employee",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_number", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("full_time_day", sa.BigInteger(), nullable=False),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.Column("employment_start", sa.Date(), nullable=False),
        sa.Column("employment_end", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_employee_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employee")),
        sa.UniqueConstraint("employee_number", name=op.f("uq_employee_employee_number")),
    )
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employee_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_employee_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_employee_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "leave_application",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("legal_basis", sa.String(length=300), nullable=True),
        sa.Column("occasion", sa.String(length=200), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("documentation_ref", sa.String(length=300), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("requested_start", sa.Date(), nullable=False),
        sa.Column("requested_end", sa.Date(), nullable=False),
        sa.Column("requested_per_day", sa.BigInteger(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("per_day", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("rule_version", sa.String(length=300), nullable=True),
        sa.Column("paid", sa.BigInteger(), nullable=False),
        sa.Column("unpaid", sa.BigInteger(), nullable=False),
        sa.Column("statutory", sa.BigInteger(), nullable=False),
        sa.Column("holiday_pay_beyond", sa.Boolean(), nullable=False),
        sa.Column("consequences", sa.JSON(), nullable=True),
        sa.Column("balances", sa.JSON(), nullable=True),
        sa.Column("revoked_from", sa.Date(), nullable=True),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_leave_application_employee_id_employee")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_leave_application_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave_application")),
    )
    with op.batch_alter_table("leave_application", schema=None) as batch_op:
        batch_op.create_index("ix_leave_application_employee_status", ["employee_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_leave_application_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_leave_application_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "granted_part",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("occasion", sa.String(length=200), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("per_day", sa.BigInteger(), nullable=False),
        sa.Column("hours", sa.BigInteger(), nullable=False),
        sa.Column("pay", sa.String(length=10), nullable=False),
        sa.Column("pot", sa.String(length=20), nullable=True),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("right", sa.Boolean(), nullable=False),
        sa.Column("discretionary", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["leave_application.id"], name=op.f("fk_granted_part_application_id_leave_application")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_granted_part")),
    )
    with op.batch_alter_table("granted_part", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_granted_part_application_id"), ["application_id"], unique=False)
        batch_op.create_index("ix_granted_part_employee_year", ["employee_id", "year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("granted_part", schema=None) as batch_op:
        batch_op.drop_index("ix_granted_part_employee_year")
        batch_op.drop_index(batch_op.f("ix_granted_part_application_id"))

    op.drop_table("granted_part")
    with op.batch_alter_table("leave_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leave_application_unit_id"))
        batch_op.drop_index(batch_op.f("ix_leave_application_modified_at"))
        batch_op.drop_index("ix_leave_application_employee_status")

    op.drop_table("leave_application")
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employee_unit_id"))
        batch_op.drop_index(batch_op.f("ix_employee_person_id"))
        batch_op.drop_index(batch_op.f("ix_employee_modified_at"))

    op.drop_table("employee")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_modified_at"))

    op.drop_table("unit")
    with op.batch_alter_table("sick_leave_figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sick_leave_figures_modified_at"))

    op.drop_table("sick_leave_figures")
    with op.batch_alter_table("leave_from_office", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leave_from_office_person_id"))
        batch_op.drop_index(batch_op.f("ix_leave_from_office_modified_at"))
        batch_op.drop_index("ix_leave_from_office_due")

    op.drop_table("leave_from_office")
