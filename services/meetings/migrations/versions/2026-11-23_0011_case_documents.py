"""Case documents (saksdokumenter) with what OParl publishes of them: name, file, URL, exemption (MTG-06).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 11:32:29.721502
"""

import uuid

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agenda_document",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=True),
        sa.Column("mime_type", sa.String(length=100), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("download_url", sa.String(length=1000), nullable=True),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("exempt", sa.Boolean(), nullable=False),
        sa.Column("exempt_basis", sa.String(length=300), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_agenda_document_agenda_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_document")),
        sa.UniqueConstraint("agenda_item_id", "position", name=op.f("uq_agenda_document_agenda_item_id")),
    )
    with op.batch_alter_table("agenda_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_document_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_document_modified_at"), ["modified_at"], unique=False)
    _documents_from_references()


def _documents_from_references() -> None:
    """The plain references already on the agenda become documents with only a name."""
    connection = op.get_bind()
    item = sa.table(
        "agenda_item",
        sa.column("id", sa.Uuid()),
        sa.column("documents", sa.JSON()),
        sa.column("created_at", UTCDateTime()),
        sa.column("modified_at", UTCDateTime()),
    )
    document = sa.table(
        "agenda_document",
        sa.column("agenda_item_id", sa.Uuid()),
        sa.column("position", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("exempt", sa.Boolean()),
        sa.column("version", sa.Integer()),
        sa.column("id", sa.Uuid()),
        sa.column("created_at", UTCDateTime()),
        sa.column("modified_at", UTCDateTime()),
    )
    rows = [
        {
            "id": uuid.uuid4(),
            "agenda_item_id": row.id,
            "position": n,
            "name": name,
            "exempt": False,
            "version": 1,
            "created_at": row.created_at,
            "modified_at": row.modified_at,
        }
        for row in connection.execute(sa.select(item))
        for n, name in enumerate(row.documents or [])
    ]
    if rows:
        connection.execute(sa.insert(document), rows)


def downgrade() -> None:
    with op.batch_alter_table("agenda_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_document_modified_at"))
        batch_op.drop_index(batch_op.f("ix_agenda_document_agenda_item_id"))

    op.drop_table("agenda_document")
