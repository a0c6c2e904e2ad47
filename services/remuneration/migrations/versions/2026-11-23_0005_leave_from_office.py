"""Leave from office (LEA-60) as the leave service reports it: the deduction in fixed remuneration (REM-81).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 14:03:10.642502
"""

from folkevalgt_shared.office_leave import create_office_leave_table_v1, drop_office_leave_table_v1

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_office_leave_table_v1()


def downgrade() -> None:
    drop_office_leave_table_v1()
