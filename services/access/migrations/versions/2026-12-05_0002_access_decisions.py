"""Cases, documents, the facts from other services, requests, grants, declarations, joint demands,
dispute decisions and the append-only audit trail (ACC-01..71).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

APPEND_ONLY = "the access audit trail is append-only (ACC-70)"

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_audit",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("person_id", sa.String(length=100), nullable=True),
        sa.Column("case_number", sa.String(length=50), nullable=True),
        sa.Column("document_id", sa.String(length=100), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_access_audit")),
    )
    with op.batch_alter_table("access_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_audit_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_audit_case_number"), ["case_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_audit_person_id"), ["person_id"], unique=False)

    op.create_table(
        "access_case",
        sa.Column("case_number", sa.String(length=50), nullable=False),
        sa.Column("case_id", sa.String(length=100), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("public_title", sa.String(length=500), nullable=True),
        sa.Column("title_screened", sa.Boolean(), nullable=False),
        sa.Column("title_basis", sa.String(length=300), nullable=True),
        sa.Column("owning_body", sa.String(length=100), nullable=True),
        sa.Column("remit_areas", sa.JSON(), nullable=False),
        sa.Column("competition_group", sa.String(length=100), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("closed_basis", sa.String(length=300), nullable=True),
        sa.Column("confidential_until", sa.Date(), nullable=True),
        sa.Column("presented_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("registered", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("case_number", name=op.f("pk_access_case")),
    )
    with op.batch_alter_table("access_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_case_competition_group"), ["competition_group"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_case_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "access_document",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("meetings_document_id", sa.Uuid(), nullable=True),
        sa.Column("case_number", sa.String(length=50), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("public_title", sa.String(length=500), nullable=True),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("direction", sa.String(length=2), nullable=True),
        sa.Column("correspondent", sa.String(length=300), nullable=True),
        sa.Column("restriction_code", sa.String(length=10), nullable=True),
        sa.Column("screening_basis", sa.String(length=300), nullable=True),
        sa.Column("screened_fields", sa.JSON(), nullable=False),
        sa.Column("screening_scope", sa.String(length=10), nullable=True),
        sa.Column("screening_ends_on", sa.Date(), nullable=True),
        sa.Column("presented_exempt", sa.Boolean(), nullable=False),
        sa.Column("presented_basis", sa.String(length=300), nullable=True),
        sa.Column("exempt_from_party_access", sa.Boolean(), nullable=False),
        sa.Column("registered", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_document")),
        sa.UniqueConstraint("external_id", name=op.f("uq_access_document_external_id")),
        sa.UniqueConstraint("meetings_document_id", name=op.f("uq_access_document_meetings_document_id")),
    )
    with op.batch_alter_table("access_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_document_case_number"), ["case_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_document_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "access_grant",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body_key", sa.String(length=100), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("case_number", sa.String(length=50), nullable=True),
        sa.Column("vote_event_id", sa.Uuid(), nullable=True),
        sa.Column("decision_ref", sa.String(length=200), nullable=False),
        sa.Column("target_body", sa.String(length=100), nullable=True),
        sa.Column("case_numbers", sa.JSON(), nullable=False),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("body_seats", sa.Integer(), nullable=True),
        sa.Column("registered_by_chair", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.Column("withdraw_reason", sa.String(length=2000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_grant")),
    )
    with op.batch_alter_table("access_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_grant_body_key"), ["body_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_grant_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "access_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("case_number", sa.String(length=50), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("disclosure", sa.Text(), nullable=True),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("awaiting", sa.String(length=20), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("scope", sa.String(length=10), nullable=True),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.Column("overdue_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_request")),
    )
    with op.batch_alter_table("access_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_request_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_request_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_request_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_request_status"), ["status"], unique=False)

    op.create_table(
        "case_presentation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_number", sa.String(length=50), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column("body_key", sa.String(length=100), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("closed_basis", sa.String(length=300), nullable=True),
        sa.Column("presented_at", UTCDateTime(), nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_presentation")),
        sa.UniqueConstraint("case_number", "agenda_item_id", name=op.f("uq_case_presentation_case_number")),
    )
    with op.batch_alter_table("case_presentation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_presentation_case_number"), ["case_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_presentation_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "declaration",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.Column("withdraw_reason", sa.String(length=2000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration")),
    )
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_declaration_modified_at"), ["modified_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_declaration_person_id"), ["person_id"], unique=False)

    op.create_table(
        "deputy_attendance",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("body_id", sa.Uuid(), nullable=True),
        sa.Column("body_key", sa.String(length=100), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "meeting_id", name=op.f("pk_deputy_attendance")),
    )
    op.create_table(
        "dispute_decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("case_number", sa.String(length=50), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=False),
        sa.Column("decider_role", sa.String(length=20), nullable=False),
        sa.Column("disqualified", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_decision")),
    )
    with op.batch_alter_table("dispute_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispute_decision_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispute_decision_recorded_at"), ["recorded_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispute_decision_request_id"), ["request_id"], unique=False)

    op.create_table(
        "disqualification",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("case_number", sa.String(length=50), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=100), nullable=False),
        sa.Column("ground", sa.String(length=1000), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("overruled_by", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disqualification")),
        sa.UniqueConstraint("person_id", "case_number", "source", "origin", name=op.f("uq_disqualification_person_id")),
    )
    with op.batch_alter_table("disqualification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disqualification_case_number"), ["case_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_disqualification_person_id"), ["person_id"], unique=False)

    op.create_table(
        "joint_demand",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_numbers", sa.JSON(), nullable=False),
        sa.Column("demanded_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.Column("withdraw_reason", sa.String(length=2000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_demand")),
    )
    with op.batch_alter_table("joint_demand", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_joint_demand_modified_at"), ["modified_at"], unique=False)

    op.create_table(
        "proxy",
        sa.Column("proxy_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("resident_ref", sa.String(length=200), nullable=False),
        sa.Column("case_numbers", sa.JSON(), nullable=False),
        sa.Column("power_of_attorney_ref", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("proxy_id", name=op.f("pk_proxy")),
    )
    with op.batch_alter_table("proxy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proxy_person_id"), ["person_id"], unique=False)

    op.create_table(
        "published_decision",
        sa.Column("vote_event_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("body_id", sa.Uuid(), nullable=False),
        sa.Column("body_key", sa.String(length=100), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("case_number", sa.String(length=50), nullable=False),
        sa.Column("motion", sa.String(length=2000), nullable=False),
        sa.Column("adopted", sa.Boolean(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("body_seats", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("vote_event_id", name=op.f("pk_published_decision")),
    )
    with op.batch_alter_table("published_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_published_decision_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "joint_demand_signatory",
        sa.Column("demand_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["demand_id"], ["joint_demand.id"], name=op.f("fk_joint_demand_signatory_demand_id_joint_demand")
        ),
        sa.PrimaryKeyConstraint("demand_id", "person_id", name=op.f("pk_joint_demand_signatory")),
    )
    with op.batch_alter_table("joint_demand_signatory", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_joint_demand_signatory_person_id"), ["person_id"], unique=False)
    # ACC-70: no UPDATE or DELETE of an audit entry, whoever connects; only the chain's hashes would
    # otherwise show it. (TRUNCATE is a table owner's operation and is not refused.)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION access_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}: % refused', TG_OP; END $$"
        )
        op.execute(
            "CREATE TRIGGER access_audit_append_only BEFORE UPDATE OR DELETE ON access_audit "
            "FOR EACH ROW EXECUTE FUNCTION access_audit_append_only()"
        )
    else:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER access_audit_no_{operation.lower()} BEFORE {operation} ON access_audit "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER access_audit_append_only ON access_audit")
        op.execute("DROP FUNCTION access_audit_append_only()")
    else:
        op.execute("DROP TRIGGER access_audit_no_update")
        op.execute("DROP TRIGGER access_audit_no_delete")
    with op.batch_alter_table("joint_demand_signatory", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_demand_signatory_person_id"))

    op.drop_table("joint_demand_signatory")
    with op.batch_alter_table("published_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_published_decision_meeting_id"))

    op.drop_table("published_decision")
    with op.batch_alter_table("proxy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proxy_person_id"))

    op.drop_table("proxy")
    with op.batch_alter_table("joint_demand", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_demand_modified_at"))

    op.drop_table("joint_demand")
    with op.batch_alter_table("disqualification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disqualification_person_id"))
        batch_op.drop_index(batch_op.f("ix_disqualification_case_number"))

    op.drop_table("disqualification")
    with op.batch_alter_table("dispute_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_decision_request_id"))
        batch_op.drop_index(batch_op.f("ix_dispute_decision_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_dispute_decision_person_id"))

    op.drop_table("dispute_decision")
    op.drop_table("deputy_attendance")
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaration_person_id"))
        batch_op.drop_index(batch_op.f("ix_declaration_modified_at"))

    op.drop_table("declaration")
    with op.batch_alter_table("case_presentation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_presentation_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_case_presentation_case_number"))

    op.drop_table("case_presentation")
    with op.batch_alter_table("access_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_request_status"))
        batch_op.drop_index(batch_op.f("ix_access_request_person_id"))
        batch_op.drop_index(batch_op.f("ix_access_request_modified_at"))
        batch_op.drop_index(batch_op.f("ix_access_request_due_at"))

    op.drop_table("access_request")
    with op.batch_alter_table("access_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_grant_modified_at"))
        batch_op.drop_index(batch_op.f("ix_access_grant_body_key"))

    op.drop_table("access_grant")
    with op.batch_alter_table("access_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_document_modified_at"))
        batch_op.drop_index(batch_op.f("ix_access_document_case_number"))

    op.drop_table("access_document")
    with op.batch_alter_table("access_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_case_modified_at"))
        batch_op.drop_index(batch_op.f("ix_access_case_competition_group"))

    op.drop_table("access_case")
    with op.batch_alter_table("access_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_audit_person_id"))
        batch_op.drop_index(batch_op.f("ix_access_audit_case_number"))
        batch_op.drop_index(batch_op.f("ix_access_audit_at"))

    op.drop_table("access_audit")
