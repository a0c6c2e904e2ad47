"""MTG-07: a personnel case is always closed, and the body may close the doors for a case during its meeting
(recorded when). MTG-08: a remote meeting records the mayor's decision and why the case could not wait.

Revision ID: 0030
Revises: 0024
Create Date: 2026-12-05 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0030"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_item") as batch:
        batch.add_column(sa.Column("personnel", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("closed_decided_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("remote_decided_by", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("remote_reason", sa.Text(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_meeting_remote_decided_by_person"), "person", ["remote_decided_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.drop_constraint(batch.f("fk_meeting_remote_decided_by_person"), type_="foreignkey")
        batch.drop_column("remote_reason")
        batch.drop_column("remote_decided_by")
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_column("closed_decided_at")
        batch.drop_column("personnel")
