"""MTG-32: a question time is held with a council meeting, whose day its deadline counts from. MTG-38: a
legality appeal is lodged with the body that made the decision, which upholds (then it is forwarded) or
reverses it.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question_time") as batch:
        batch.add_column(sa.Column("meeting_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(batch.f("fk_question_time_meeting_id_meeting"), "meeting", ["meeting_id"], ["id"])
    # A question time held so far preceded the body's next meeting: that is the meeting it was held with.
    op.execute(
        """
        UPDATE question_time SET meeting_id = (
            SELECT meeting.id FROM meeting
            WHERE meeting.body_id = question_time.body_id AND meeting.starts_at >= question_time.starts_at
            ORDER BY meeting.starts_at LIMIT 1
        )
        """
    )
    with op.batch_alter_table("legality_appeal") as batch:
        batch.add_column(sa.Column("lodged_with_body_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("reviewed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("review_agenda_item_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("review_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("forwarded_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("forwarded_to", sa.String(length=200), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_legality_appeal_lodged_with_body_id_body"), "body", ["lodged_with_body_id"], ["id"]
        )
        batch.create_foreign_key(
            batch.f("fk_legality_appeal_review_agenda_item_id_agenda_item"),
            "agenda_item",
            ["review_agenda_item_id"],
            ["id"],
        )
        batch.create_index(batch.f("ix_legality_appeal_lodged_with_body_id"), ["lodged_with_body_id"], unique=False)
    # An appeal lodged so far against a case's decision is lodged with the body that decided it.
    op.execute(
        """
        UPDATE legality_appeal SET lodged_with_body_id = (
            SELECT meeting.body_id FROM agenda_item JOIN meeting ON meeting.id = agenda_item.meeting_id
            WHERE agenda_item.id = legality_appeal.agenda_item_id
        )
        WHERE agenda_item_id IS NOT NULL
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("legality_appeal") as batch:
        batch.drop_index(batch.f("ix_legality_appeal_lodged_with_body_id"))
        batch.drop_constraint(batch.f("fk_legality_appeal_review_agenda_item_id_agenda_item"), type_="foreignkey")
        batch.drop_constraint(batch.f("fk_legality_appeal_lodged_with_body_id_body"), type_="foreignkey")
        for column in ("forwarded_to", "forwarded_on", "review_note", "review_agenda_item_id", "reviewed_on"):
            batch.drop_column(column)
        batch.drop_column("lodged_with_body_id")
    with op.batch_alter_table("question_time") as batch:
        batch.drop_constraint(batch.f("fk_question_time_meeting_id_meeting"), type_="foreignkey")
        batch.drop_column("meeting_id")
