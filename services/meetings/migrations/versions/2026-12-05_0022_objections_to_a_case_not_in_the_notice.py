"""MTG-17: objections to treating a case not in the notice are recorded on the case.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 10:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_objection",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("as_chair", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_case_objection_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_case_objection_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_objection")),
        sa.UniqueConstraint("agenda_item_id", "person_id", name=op.f("uq_case_objection_agenda_item_id")),
    )
    with op.batch_alter_table("case_objection") as batch:
        batch.create_index(batch.f("ix_case_objection_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch.create_index(batch.f("ix_case_objection_modified_at"), ["modified_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_objection") as batch:
        batch.drop_index(batch.f("ix_case_objection_modified_at"))
        batch.drop_index(batch.f("ix_case_objection_agenda_item_id"))
    op.drop_table("case_objection")
