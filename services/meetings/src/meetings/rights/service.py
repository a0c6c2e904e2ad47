"""Recording rights without a vote (MTG-03) and reading who holds them on a day."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import InvalidInput
from meetings.domain.rights import Grant, Rights, rights_of
from meetings.register import repository
from meetings.register.models import Body, Person
from meetings.rights.models import BodyRight
from meetings.rights.schemas import BodyRightIn


async def rights_in(session: AsyncSession, body_id: uuid.UUID) -> Sequence[BodyRight]:
    stmt = select(BodyRight).where(BodyRight.body_id == body_id).order_by(BodyRight.start_date, BodyRight.created_at)
    return (await session.scalars(stmt)).all()


async def grants(session: AsyncSession, body_id: uuid.UUID, day: date) -> list[Grant]:
    """The rights in force in the body on `day`."""
    found = [
        Grant(r.person_id, Rights(r.attend, r.speak, r.propose, r.duty_to_attend), r.start_date, r.end_date)
        for r in await rights_in(session, body_id)
    ]
    return [g for g in found if g.in_force(day)]


async def record(*, session: AsyncSession, body_id: uuid.UUID, data: BodyRightIn) -> BodyRight:
    body = await repository.get(session, Body, body_id)
    await repository.get(session, Person, data.person_id)
    if data.end_date is not None and data.end_date < data.start_date:
        raise InvalidInput(
            "end_date is before start_date", errors=[{"field": "end_date", "message": "must not be before start_date"}]
        )
    stated = Rights(**data.rights.model_dump()) if data.rights is not None else None
    rights = rights_of(data.capacity, body.body_type, body.key, stated, data.basis)
    row = BodyRight(
        id=uuid.uuid4(),
        body_id=body.id,
        person_id=data.person_id,
        capacity=data.capacity,
        attend=rights.attend,
        speak=rights.speak,
        propose=rights.propose,
        duty_to_attend=rights.duty_to_attend,
        basis=data.basis,
        start_date=data.start_date,
        end_date=data.end_date,
    )
    session.add(row)
    await session.flush()
    return row
