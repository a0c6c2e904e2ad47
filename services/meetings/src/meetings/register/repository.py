"""Loading register rows; the service module decides and writes."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import NotFound, UnknownReference
from meetings.db import Base
from meetings.register.models import Body, Membership, Person

Row = TypeVar("Row", bound=Base)


async def get(
    session: AsyncSession, model: type[Row], row_id: uuid.UUID, *, for_update: bool = False, field: str | None = None
) -> Row:
    """The row, or 404 — or, for an id the request's body names (`field`, e.g. "body.person_id"), 422
    naming that field: the request is wrong, not its URL."""
    stmt = select(model).where(model.id == row_id)
    if for_update:
        stmt = stmt.with_for_update()
    row = (await session.scalars(stmt)).first()
    if row is None or getattr(row, "deleted", False):
        if field is not None:
            raise UnknownReference(field, model.__tablename__.removesuffix("s"), row_id)
        raise NotFound(f"no {model.__tablename__} with id {row_id}")
    return row


async def memberships_of_body(session: AsyncSession, body_id: uuid.UUID) -> list[Membership]:
    stmt = select(Membership).where(Membership.body_id == body_id, Membership.deleted.is_(False))
    return list((await session.scalars(stmt)).all())


async def body_by_key(session: AsyncSession, key: str) -> Body | None:
    return (await session.scalars(select(Body).where(Body.key == key))).first()


async def offices_of_person(session: AsyncSession, person_id: uuid.UUID) -> list[tuple[Membership, str]]:
    """The person's memberships in every body, with the body's type (MTG-01 eligibility)."""
    stmt = (
        select(Membership, Body.body_type)
        .join(Body, Body.id == Membership.body_id)
        .where(Membership.person_id == person_id, Membership.deleted.is_(False))
    )
    return [(m, t) for m, t in (await session.execute(stmt)).all()]


async def people(session: AsyncSession, ids: set[uuid.UUID]) -> list[Person]:
    if not ids:
        return []
    return list((await session.scalars(select(Person).where(Person.id.in_(ids)))).all())
