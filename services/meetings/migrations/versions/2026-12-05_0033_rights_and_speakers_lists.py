"""MTG-03: rights to attend, speak and propose without a vote, per body. MTG-19/MTG-31: the speakers' list of a
case, question or interpellation, and each request for the floor with its time limit.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-05 10:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "body_right",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("capacity", sa.String(length=40), nullable=False),
        sa.Column("attend", sa.Boolean(), nullable=False),
        sa.Column("speak", sa.Boolean(), nullable=False),
        sa.Column("propose", sa.Boolean(), nullable=False),
        sa.Column("duty_to_attend", sa.Boolean(), nullable=False),
        sa.Column("basis", sa.String(length=300), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_body_right_body_id_body")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_body_right_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_right")),
    )
    with op.batch_alter_table("body_right") as batch:
        batch.create_index(batch.f("ix_body_right_body_id"), ["body_id"], unique=False)
        batch.create_index(batch.f("ix_body_right_person_id"), ["person_id"], unique=False)
        batch.create_index(batch.f("ix_body_right_modified_at"), ["modified_at"], unique=False)
    op.create_table(
        "speakers_list",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("debate", sa.String(length=20), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_speakers_list_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_speakers_list")),
    )
    with op.batch_alter_table("speakers_list") as batch:
        batch.create_index(batch.f("ix_speakers_list_meeting_id"), ["meeting_id"], unique=False)
    op.create_table(
        "floor_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reply_to", sa.Uuid(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("limit_seconds", sa.Integer(), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("given_at", UTCDateTime(), nullable=True),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("over_time", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_floor_request_person_id_person")),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["speakers_list.subject_id"], name=op.f("fk_floor_request_subject_id_speakers_list")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_floor_request")),
        sa.UniqueConstraint("subject_id", "number", name=op.f("uq_floor_request_subject_id")),
    )
    with op.batch_alter_table("floor_request") as batch:
        batch.create_index(batch.f("ix_floor_request_subject_id"), ["subject_id"], unique=False)


def downgrade() -> None:
    op.drop_table("floor_request")
    op.drop_table("speakers_list")
    op.drop_table("body_right")
