"""Attendance and meetings received from the meetings service, officials' earner categories, the audit trail.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
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
        "attendance",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column("body_key", sa.String(length=100), nullable=False),
        sa.Column("body_type", sa.String(length=50), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("as_deputy", sa.Boolean(), nullable=False),
        sa.Column("in_place_of", sa.Uuid(), nullable=True),
        sa.Column("attended_from", UTCDateTime(), nullable=False),
        sa.Column("attended_to", UTCDateTime(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("secretariat_present", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("meeting_id", "person_id", name=op.f("uq_attendance_meeting_id")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_person_id"), ["person_id"], unique=False)

    op.create_table(
        "audit_entry",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "meeting_held",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column("body_key", sa.String(length=100), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attendances", sa.Integer(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting_held")),
    )
    with op.batch_alter_table("meeting_held", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_held_held_on"), ["held_on"], unique=False)

    op.create_table(
        "official",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("earner_category", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("modified_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_official")),
    )


def downgrade() -> None:
    op.drop_table("official")
    with op.batch_alter_table("meeting_held", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_held_held_on"))

    op.drop_table("meeting_held")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_entity_id"))

    op.drop_table("audit_entry")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_person_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_held_on"))

    op.drop_table("attendance")
