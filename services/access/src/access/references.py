"""What a request body refers to by id must exist: an unknown person, request, case or document is a 422
naming the body field (`body.person_id`, `body.document_ids.2`), checked before anything is written — not a
404, which would say the route itself was not found."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession

from access.db import register
from folkevalgt_shared.errors import InvalidInput


def unknown(field: str, message: str) -> InvalidInput:
    return InvalidInput(
        f"{message}: the body refers to a record this service does not know",
        errors=[{"field": f"body.{field}", "message": message}],
    )


async def known_people(session: AsyncSession, people: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """People the register knows (from person.changed, or any membership, ended or not)."""
    wanted = sorted(set(people))
    if not wanted:
        return set()
    p, m = register.person, register.membership
    stmt = union(
        select(p.c.person_id).where(p.c.person_id.in_(wanted)),
        select(m.c.person_id).where(m.c.person_id.in_(wanted)),
    )
    return set((await session.scalars(select(stmt.subquery().c.person_id))).all())


async def require_people(session: AsyncSession, named: Sequence[tuple[str, uuid.UUID | None]]) -> None:
    """Every (field, person id) given names a person the register knows; all unknown ones are named at once."""
    given = [(field, person) for field, person in named if person is not None]
    known = await known_people(session, [person for _, person in given])
    errors = [
        {"field": f"body.{field}", "message": f"no person {person} in the register"}
        for field, person in given
        if person not in known
    ]
    if errors:
        raise InvalidInput("the body names people the register does not know", errors=errors)
