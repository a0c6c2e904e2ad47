"""MTG-01: the facts a body's composition needs of a person (date of birth for the youth council, old-age
pensioner for the elderly council, an employee's own budget, personnel and management responsibility for
the appeals board), and the youth council's personal deputies.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05 10:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("old_age_pensioner", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("employee_with_responsibility", sa.Boolean(), nullable=True))
    with op.batch_alter_table("membership") as batch:
        batch.add_column(sa.Column("personal_deputy_for", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_membership_personal_deputy_for_person"), "person", ["personal_deputy_for"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("membership") as batch:
        batch.drop_constraint(batch.f("fk_membership_personal_deputy_for_person"), type_="foreignkey")
        batch.drop_column("personal_deputy_for")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("employee_with_responsibility")
        batch.drop_column("old_age_pensioner")
        batch.drop_column("birth_date")
