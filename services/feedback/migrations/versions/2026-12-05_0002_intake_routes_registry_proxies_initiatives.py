"""Input received (FBK-01/02), routes (FBK-10..13), the journal (FBK-20), status and due dates
(FBK-21/22), proxies (FBK-13), citizen initiatives and signatures (FBK-31), and the mail outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 06:12:38.820053
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_initiative",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=254), nullable=False),
        sa.Column("title_key", sa.String(length=64), nullable=False),
        sa.Column("proposal_key", sa.String(length=64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("signatures", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reached_at", UTCDateTime(), nullable=True),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_initiative")),
    )
    with op.batch_alter_table("feedback_initiative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_initiative_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index("ix_feedback_initiative_proposal_key", ["period_start", "proposal_key"], unique=False)
        batch_op.create_index("ix_feedback_initiative_title_key", ["period_start", "title_key"], unique=False)

    op.create_table(
        "feedback_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("received_by", sa.Uuid(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("sender_kind", sa.String(length=10), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("sender_name", sa.String(length=200), nullable=True),
        sa.Column("sender_email", sa.String(length=254), nullable=True),
        sa.Column("sender_address", sa.String(length=500), nullable=True),
        sa.Column("unit_key", sa.String(length=100), nullable=True),
        sa.Column("unit_name", sa.String(length=200), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("sensitive_categories", sa.JSON(), nullable=False),
        sa.Column("concrete", sa.Boolean(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("routes", sa.JSON(), nullable=False),
        sa.Column("owner", sa.String(length=20), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("overdue_reported_for", sa.Date(), nullable=True),
        sa.Column("assigned_unit", sa.String(length=200), nullable=True),
        sa.Column("forwarded_at", UTCDateTime(), nullable=True),
        sa.Column("journal_number", sa.String(length=20), nullable=True),
        sa.Column("memo_subject", sa.String(length=300), nullable=True),
        sa.Column("memo_text", sa.Text(), nullable=True),
        sa.Column("memo_html", sa.Text(), nullable=True),
        sa.Column("sender_informed", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_item")),
    )
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_item_due", ["status", "due_on"], unique=False)
        batch_op.create_index("ix_feedback_item_modified", ["modified_at", "id"], unique=False)
        batch_op.create_index(
            "ix_feedback_item_received_by_modified", ["received_by", "modified_at", "id"], unique=False
        )

    op.create_table(
        "feedback_journal_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_feedback_journal_counter")),
    )
    op.create_table(
        "feedback_mail",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=True),
        sa.Column("initiative_id", sa.Uuid(), nullable=True),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_mail")),
    )
    with op.batch_alter_table("feedback_mail", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_mail_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_mail_item_id"), ["item_id"], unique=False)

    op.create_table(
        "feedback_initiative_signature",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("initiative_id", sa.Uuid(), nullable=False),
        sa.Column("signer", sa.String(length=64), nullable=False),
        sa.Column("signed_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["feedback_initiative.id"],
            name=op.f("fk_feedback_initiative_signature_initiative_id_feedback_initiative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_initiative_signature")),
        sa.UniqueConstraint("initiative_id", "signer", name="uq_feedback_initiative_signature_signer"),
    )
    op.create_table(
        "feedback_journal_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("journal_number", sa.String(length=20), nullable=False),
        sa.Column("journal_date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("public_title", sa.String(length=300), nullable=False),
        sa.Column("sender", sa.String(length=200), nullable=False),
        sa.Column("public_sender", sa.String(length=200), nullable=False),
        sa.Column("screened_fields", sa.JSON(), nullable=False),
        sa.Column("screening_basis", sa.String(length=200), nullable=True),
        sa.Column("access_code", sa.String(length=10), nullable=True),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("registered_by", sa.String(length=200), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["feedback_item.id"], name=op.f("fk_feedback_journal_entry_item_id_feedback_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_journal_entry")),
        sa.UniqueConstraint("item_id", name=op.f("uq_feedback_journal_entry_item_id")),
        sa.UniqueConstraint("year", "sequence", name="uq_feedback_journal_entry_year_sequence"),
    )
    with op.batch_alter_table("feedback_journal_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_journal_entry_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "feedback_proxy",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("resident_ref", sa.String(length=100), nullable=False),
        sa.Column("case_numbers", sa.JSON(), nullable=False),
        sa.Column("written", sa.Boolean(), nullable=False),
        sa.Column("power_of_attorney_ref", sa.String(length=200), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["feedback_item.id"], name=op.f("fk_feedback_proxy_item_id_feedback_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_proxy")),
    )
    with op.batch_alter_table("feedback_proxy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_proxy_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_proxy_person_id"), ["person_id"], unique=False)

    op.create_table(
        "feedback_route_action",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("route", sa.String(length=10), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["feedback_item.id"], name=op.f("fk_feedback_route_action_item_id_feedback_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_route_action")),
    )
    with op.batch_alter_table("feedback_route_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_route_action_item_id"), ["item_id"], unique=False)

    op.create_table(
        "feedback_status_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("previous_status", sa.String(length=12), nullable=True),
        sa.Column("unit", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("confidential_note", sa.Text(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["feedback_item.id"], name=op.f("fk_feedback_status_change_item_id_feedback_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_status_change")),
    )
    with op.batch_alter_table("feedback_status_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_status_change_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_status_change_item_id"))

    op.drop_table("feedback_status_change")
    with op.batch_alter_table("feedback_route_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_route_action_item_id"))

    op.drop_table("feedback_route_action")
    with op.batch_alter_table("feedback_proxy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_proxy_person_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_proxy_item_id"))

    op.drop_table("feedback_proxy")
    with op.batch_alter_table("feedback_journal_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_journal_entry_modified_at"))

    op.drop_table("feedback_journal_entry")
    op.drop_table("feedback_initiative_signature")
    with op.batch_alter_table("feedback_mail", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_mail_item_id"))
        batch_op.drop_index("ix_feedback_mail_due")

    op.drop_table("feedback_mail")
    op.drop_table("feedback_journal_counter")
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_item_received_by_modified")
        batch_op.drop_index("ix_feedback_item_modified")
        batch_op.drop_index("ix_feedback_item_due")

    op.drop_table("feedback_item")
    with op.batch_alter_table("feedback_initiative", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_initiative_title_key")
        batch_op.drop_index("ix_feedback_initiative_proposal_key")
        batch_op.drop_index(batch_op.f("ix_feedback_initiative_modified_at"))

    op.drop_table("feedback_initiative")
