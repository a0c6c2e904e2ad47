"""Proportional elections and written-ballot demands (MTG-28); question time, citizen initiatives and
delegations (MTG-32..34).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 11:40:43.527243
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_time",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_question_time_body_id_body")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_time")),
    )
    with op.batch_alter_table("question_time", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_time_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_time_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_time_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "citizen_question",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("question_time_id", sa.Uuid(), nullable=False),
        sa.Column("asker_name", sa.String(length=200), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=20), nullable=False),
        sa.Column("on_behalf_of_name", sa.String(length=200), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("in_time", sa.Boolean(), nullable=False),
        sa.Column("late_reason", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_time_id"], ["question_time.id"], name=op.f("fk_citizen_question_question_time_id_question_time")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_question")),
    )
    with op.batch_alter_table("citizen_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_question_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_question_question_time_id"), ["question_time_id"], unique=False)

    op.create_table(
        "citizen_initiative",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("signatures", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("referred_to_planning_case", sa.Boolean(), nullable=False),
        sa.Column("planning_case_reference", sa.String(length=100), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("follows_initiative_id", sa.Uuid(), nullable=True),
        sa.Column("follows_agenda_item_id", sa.Uuid(), nullable=True),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("initiators_informed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_citizen_initiative_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_citizen_initiative_body_id_body")),
        sa.ForeignKeyConstraint(
            ["follows_agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_citizen_initiative_follows_agenda_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["follows_initiative_id"],
            ["citizen_initiative.id"],
            name=op.f("fk_citizen_initiative_follows_initiative_id_citizen_initiative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_initiative")),
    )
    with op.batch_alter_table("citizen_initiative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_initiative_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_initiative_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_initiative_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_initiative_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_initiative_registered_on"), ["registered_on"], unique=False)

    op.create_table(
        "delegation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("spokespeople", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("notified_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("meets_group_leaders_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_delegation_agenda_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation")),
    )
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delegation_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delegation_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "proportional_election",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("elects_to", sa.String(length=200), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("demanded_by", sa.Uuid(), nullable=False),
        sa.Column("written_ballot_demanded_by", sa.Uuid(), nullable=True),
        sa.Column("council_members_only", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_proportional_election_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["demanded_by"], ["person.id"], name=op.f("fk_proportional_election_demanded_by_person")
        ),
        sa.ForeignKeyConstraint(
            ["written_ballot_demanded_by"],
            ["person.id"],
            name=op.f("fk_proportional_election_written_ballot_demanded_by_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proportional_election")),
    )
    with op.batch_alter_table("proportional_election", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proportional_election_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proportional_election_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "election_list",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("election_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("gender_shortfall", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["proportional_election.id"],
            name=op.f("fk_election_list_election_id_proportional_election"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_election_list")),
    )
    with op.batch_alter_table("election_list", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_election_list_election_id"), ["election_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_election_list_modified_at"), ["modified_at"], unique=False)

    with op.batch_alter_table("election_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("written_ballot_demanded_by", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_election_round_written_ballot_demanded_by_person"),
            "person",
            ["written_ballot_demanded_by"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("election_round", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_election_round_written_ballot_demanded_by_person"), type_="foreignkey")
        batch_op.drop_column("written_ballot_demanded_by")

    with op.batch_alter_table("election_list", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_election_list_modified_at"))
        batch_op.drop_index(batch_op.f("ix_election_list_election_id"))

    op.drop_table("election_list")
    with op.batch_alter_table("proportional_election", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proportional_election_modified_at"))
        batch_op.drop_index(batch_op.f("ix_proportional_election_agenda_item_id"))

    op.drop_table("proportional_election")
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_modified_at"))
        batch_op.drop_index(batch_op.f("ix_delegation_agenda_item_id"))

    op.drop_table("delegation")
    with op.batch_alter_table("citizen_initiative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_initiative_registered_on"))
        batch_op.drop_index(batch_op.f("ix_citizen_initiative_modified_at"))
        batch_op.drop_index(batch_op.f("ix_citizen_initiative_deadline"))
        batch_op.drop_index(batch_op.f("ix_citizen_initiative_body_id"))
        batch_op.drop_index(batch_op.f("ix_citizen_initiative_agenda_item_id"))

    op.drop_table("citizen_initiative")
    with op.batch_alter_table("citizen_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_question_question_time_id"))
        batch_op.drop_index(batch_op.f("ix_citizen_question_modified_at"))

    op.drop_table("citizen_question")
    with op.batch_alter_table("question_time", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_time_starts_at"))
        batch_op.drop_index(batch_op.f("ix_question_time_modified_at"))
        batch_op.drop_index(batch_op.f("ix_question_time_body_id"))

    op.drop_table("question_time")
