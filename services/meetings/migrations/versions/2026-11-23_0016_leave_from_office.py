"""Leave from office (LEA-60) as the leave service reports it: deputies on leave are passed over (MTG-10).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-23 12:45:41.469934
"""

from folkevalgt_shared.office_leave import create_office_leave_table_v1, drop_office_leave_table_v1

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_office_leave_table_v1()


def downgrade() -> None:
    drop_office_leave_table_v1()
