"""Meeting opening, minutes signatories, remarks and extra-meeting grounds (MTG-05, MTG-15, MTG-35..37).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 11:32:34.028571
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extra_meeting_demand",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_extra_meeting_demand_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_extra_meeting_demand_person_id_person")),
        sa.PrimaryKeyConstraint("meeting_id", "person_id", name=op.f("pk_extra_meeting_demand")),
    )
    op.create_table(
        "extra_meeting_ground",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("ground", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["person.id"], name=op.f("fk_extra_meeting_ground_decided_by_person")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_extra_meeting_ground_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_extra_meeting_ground")),
    )
    with op.batch_alter_table("extra_meeting_ground", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extra_meeting_ground_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "meeting_opening",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("notice_approved", sa.Boolean(), nullable=False),
        sa.Column("agenda_approved", sa.Boolean(), nullable=False),
        sa.Column("tacit", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_opening_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting_opening")),
    )
    with op.batch_alter_table("meeting_opening", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_opening_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "meeting_staff",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("secretary", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_staff_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_staff")),
        sa.UniqueConstraint("meeting_id", "position", name=op.f("uq_meeting_staff_meeting_id")),
    )
    with op.batch_alter_table("meeting_staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_staff_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_staff_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "minutes_signatory",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("capacity", sa.String(length=20), nullable=False),
        sa.Column("approved_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_signatory_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_minutes_signatory_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_signatory")),
        sa.UniqueConstraint("meeting_id", "person_id", name=op.f("uq_minutes_signatory_meeting_id")),
    )
    with op.batch_alter_table("minutes_signatory", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_signatory_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_minutes_signatory_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "minutes_remark",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("formal_error", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("chair_ruled_at", UTCDateTime(), nullable=True),
        sa.Column("chair_reason", sa.Text(), nullable=True),
        sa.Column("protested_by", sa.Uuid(), nullable=True),
        sa.Column("body_decided_at", UTCDateTime(), nullable=True),
        sa.Column("body_votes_for", sa.Integer(), nullable=True),
        sa.Column("body_votes_against", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_minutes_remark_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_remark_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_minutes_remark_person_id_person")),
        sa.ForeignKeyConstraint(["protested_by"], ["person.id"], name=op.f("fk_minutes_remark_protested_by_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_remark")),
    )
    with op.batch_alter_table("minutes_remark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_remark_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_minutes_remark_modified_at"), ["modified_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("minutes_remark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_remark_modified_at"))
        batch_op.drop_index(batch_op.f("ix_minutes_remark_meeting_id"))

    op.drop_table("minutes_remark")
    with op.batch_alter_table("minutes_signatory", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_signatory_modified_at"))
        batch_op.drop_index(batch_op.f("ix_minutes_signatory_meeting_id"))

    op.drop_table("minutes_signatory")
    with op.batch_alter_table("meeting_staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_staff_modified_at"))
        batch_op.drop_index(batch_op.f("ix_meeting_staff_meeting_id"))

    op.drop_table("meeting_staff")
    with op.batch_alter_table("meeting_opening", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_opening_modified_at"))

    op.drop_table("meeting_opening")
    with op.batch_alter_table("extra_meeting_ground", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extra_meeting_ground_modified_at"))

    op.drop_table("extra_meeting_ground")
    op.drop_table("extra_meeting_demand")
