"""Leave from office (LEA-60) as the leave service reports it: a copy that each service needing it
(meetings for MTG-10, remuneration for REM-81) keeps in its own database, built only from
`office_leave.started` and `office_leave.ended`, as the register copy is kept.

No foreign key to a person: an event may name someone the service does not (yet) know.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Column, MetaData, String, Table
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.contracts import OfficeLeaveEndedV1
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.register import upsert_newer
from folkevalgt_shared.types import UTCDateTime


def _office_leave_columns() -> list[Column[Any]]:
    return [
        Column("leave_id", sa.Uuid, primary_key=True),
        Column("person_id", sa.Uuid, nullable=False, index=True),
        Column("start_date", sa.Date, nullable=False),
        Column("end_date", sa.Date),  # the last day on leave; none: open-ended
        Column("body_keys", sa.JSON, nullable=False),  # empty: every office
        Column("reason", String(100), nullable=False),
        Column("ended", sa.Boolean, nullable=False),  # from office_leave.ended
        Column("version", sa.Integer, nullable=False),  # the leave service's: older events are ignored
        Column("changed_at", UTCDateTime, nullable=False),
    ]


def add_office_leave_table(metadata: MetaData) -> Table:
    return Table("office_leave", metadata, *_office_leave_columns())


def create_office_leave_table_v1() -> None:
    """Migration body for the copy as first kept. Frozen: later changes get _v2."""
    from alembic import op

    op.create_table(
        "office_leave", *_office_leave_columns(), sa.PrimaryKeyConstraint("leave_id", name="pk_office_leave")
    )


def drop_office_leave_table_v1() -> None:
    from alembic import op

    op.drop_table("office_leave")


async def record_office_leaves(session: AsyncSession, table: Table, events: list[ReceivedEvent]) -> None:
    """Idempotent and order-free: the inbox drops redeliveries, and an older version never overwrites a
    newer one (an `ended` that overtook its `started` keeps its end date)."""
    rows = [{**e.data.model_dump(), "ended": isinstance(e.data, OfficeLeaveEndedV1)} for e in events]
    await upsert_newer(session, table, "leave_id", rows)
