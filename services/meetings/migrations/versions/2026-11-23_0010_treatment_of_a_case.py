"""The treatment of a case: proposals (MTG-20), voting opened and decided (MTG-21), vote methods and kinds
(MTG-23, MTG-24, MTG-29), arrivals and leaves (MTG-12, MTG-16).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 11:33:39.306922
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_treatment",
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("taken_up_at", UTCDateTime(), nullable=True),
        sa.Column("voting_started_at", UTCDateTime(), nullable=True),
        sa.Column("voting_opened_at", UTCDateTime(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_vote_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_case_treatment_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_case_treatment_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("agenda_item_id", name=op.f("pk_case_treatment")),
    )
    with op.batch_alter_table("case_treatment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_treatment_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_treatment_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "proposal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("proposer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("chapter", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_proposal_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(["proposer_id"], ["person.id"], name=op.f("fk_proposal_proposer_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
    )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_modified_at"), ["modified_at"], unique=False)

    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("departed_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("leave_application", sa.Text(), nullable=True))

    with op.batch_alter_table("vote_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposal_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("method", sa.String(length=20), nullable=False, server_default="counter_vote"))
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="binding"))
        batch_op.add_column(sa.Column("item_number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("chapter", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("final", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("alternatives", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("chosen_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_vote_event_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_vote_event_proposal_id_proposal"), "proposal", ["proposal_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("vote_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_vote_event_proposal_id_proposal"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_vote_event_proposal_id"))
        batch_op.drop_column("chosen_id")
        batch_op.drop_column("alternatives")
        batch_op.drop_column("final")
        batch_op.drop_column("chapter")
        batch_op.drop_column("item_number")
        batch_op.drop_column("kind")
        batch_op.drop_column("method")
        batch_op.drop_column("proposal_id")

    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.drop_column("leave_application")
        batch_op.drop_column("departed_at")

    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_modified_at"))
        batch_op.drop_index(batch_op.f("ix_proposal_agenda_item_id"))

    op.drop_table("proposal")
    with op.batch_alter_table("case_treatment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_treatment_modified_at"))
        batch_op.drop_index(batch_op.f("ix_case_treatment_meeting_id"))

    op.drop_table("case_treatment")
