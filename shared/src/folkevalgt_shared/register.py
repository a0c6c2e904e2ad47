"""The register read model: who holds which role in which body, as the meetings service says.

Leave, remuneration and access each keep this copy in their own database, built only from
`person.changed` and `body.membership.changed` events, and answer "roles of person X" and
"members of body Y" without calling meetings.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel
from sqlalchemy import Column, MetaData, String, Table, and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import require_scopes
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import EventData, MembershipChangedV1, PersonChangedV1
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.events.inbox import Handler
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.inputs import BoundedDate
from folkevalgt_shared.types import UTCDateTime, utcnow


@dataclass(frozen=True)
class RegisterTables:
    person: Table
    membership: Table


def _person_columns() -> list[Column[Any]]:
    return [
        Column("person_id", sa.Uuid, primary_key=True),
        Column("name", String(200), nullable=False),
        Column("email", String(200)),
        Column("version", sa.Integer, nullable=False),
        Column("changed_at", UTCDateTime, nullable=False),
    ]


def _membership_columns() -> list[Column[Any]]:
    return [
        Column("membership_id", sa.Uuid, primary_key=True),
        Column("person_id", sa.Uuid, nullable=False, index=True),
        Column("person_name", String(200), nullable=False),
        Column("body_id", sa.Uuid, nullable=False, index=True),
        Column("body_key", String(100), nullable=False, index=True),
        Column("body_name", String(200), nullable=False),
        Column("body_type", String(50), nullable=False),
        Column("role", String(30), nullable=False),
        Column("deputy_order", sa.Integer),
        Column("party_group", String(100)),
        Column("voting_right", sa.Boolean, nullable=False),
        Column("on_behalf_of", String(100)),
        Column("start_date", sa.Date, nullable=False),
        Column("end_date", sa.Date),
        Column("deleted", sa.Boolean, nullable=False),
        Column("version", sa.Integer, nullable=False),
        Column("changed_at", UTCDateTime, nullable=False),
    ]


def add_register_tables(metadata: MetaData) -> RegisterTables:
    return RegisterTables(
        person=Table("register_person", metadata, *_person_columns()),
        membership=Table("register_membership", metadata, *_membership_columns()),
    )


def create_register_tables_v1() -> None:
    """Migration body for the read model as of the baseline. Frozen: later changes get _v2."""
    from alembic import op

    op.create_table(
        "register_person", *_person_columns(), sa.PrimaryKeyConstraint("person_id", name="pk_register_person")
    )
    op.create_table(
        "register_membership",
        *_membership_columns(),
        sa.PrimaryKeyConstraint("membership_id", name="pk_register_membership"),
    )


def drop_register_tables_v1() -> None:
    from alembic import op

    op.drop_table("register_membership")
    op.drop_table("register_person")


@functools.cache
def _upsert_statement(dialect_name: str, table: Table, key: str) -> Any:
    # Built once per table: constructing an upsert costs more than running it.
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(table)
    return stmt.on_conflict_do_update(
        index_elements=[key],
        set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name != key},
        where=table.c.version < stmt.excluded.version,
    )


async def upsert_newer(session: AsyncSession, table: Table, key: str, rows: list[dict[str, Any]]) -> None:
    """Insert, or overwrite only with a newer version: events may arrive out of order. Of several
    versions of one row in a batch only the newest is written (a statement may touch a row once)."""
    newest: dict[Any, dict[str, Any]] = {}
    for row in rows:
        if row[key] not in newest or newest[row[key]]["version"] < row["version"]:
            newest[row[key]] = row
    await session.execute(_upsert_statement(session.get_bind().dialect.name, table, key), list(newest.values()))


def register_handlers(tables: RegisterTables) -> dict[type[EventData], Handler]:
    async def on_person(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
        await upsert_newer(session, tables.person, "person_id", [e.data.model_dump() for e in events])

    async def on_membership(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
        await upsert_newer(session, tables.membership, "membership_id", [e.data.model_dump() for e in events])

    return {PersonChangedV1: on_person, MembershipChangedV1: on_membership}


class RoleOut(BaseModel):
    membership_id: UUID
    person_id: UUID
    person_name: str
    body_id: UUID
    body_key: str
    body_name: str
    body_type: str
    role: str
    deputy_order: int | None
    party_group: str | None
    voting_right: bool
    on_behalf_of: str | None
    start_date: date
    end_date: date | None


def _active_on(m: Table, day: date) -> Any:
    return and_(~m.c.deleted, m.c.start_date <= day, or_(m.c.end_date.is_(None), m.c.end_date >= day))


OnDate = Annotated[BoundedDate | None, Query(description="Roles in force on this date (default: today, Oslo time)")]


def register_router(tables: RegisterTables, read_scope: str) -> APIRouter:
    router = APIRouter(
        prefix="/register", tags=["register (read model)"], dependencies=[Depends(require_scopes(read_scope))]
    )
    m, p = tables.membership, tables.person
    # The person's current name comes from person.changed; the membership's copy is a fallback.
    person_name = func.coalesce(p.c.name, m.c.person_name).label("person_name")
    columns = [person_name if f == "person_name" else m.c[f] for f in RoleOut.model_fields]

    async def _roles(session: AsyncSession, condition: Any, day: date | None) -> Sequence[RoleOut]:
        stmt = (
            select(*columns)
            .select_from(m.outerjoin(p, p.c.person_id == m.c.person_id))
            .where(condition, _active_on(m, day or oslo_date(utcnow())))
            .order_by(m.c.body_name, m.c.role, m.c.deputy_order, person_name)
        )
        return [RoleOut.model_validate(dict(r)) for r in (await session.execute(stmt)).mappings()]

    @router.get("/people/{person_id}/roles", summary="Roles of a person (verv), from this service's copy")
    async def person_roles(person_id: UUID, session: SessionDep, on: OnDate = None) -> Sequence[RoleOut]:
        return await _roles(session, m.c.person_id == person_id, on)

    @router.get("/bodies/{body}/members", summary="Members and deputies of a body (id or key)")
    async def body_members(
        body: Annotated[str, Path(max_length=100)], session: SessionDep, on: OnDate = None
    ) -> Sequence[RoleOut]:
        try:
            condition = m.c.body_id == UUID(body)
        except ValueError:
            condition = m.c.body_key == body
        return await _roles(session, condition, on)

    return router
