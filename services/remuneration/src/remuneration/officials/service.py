from __future__ import annotations

import uuid

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.errors import UnknownReference
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.types import utcnow
from remuneration.audit import service as audit
from remuneration.db import register
from remuneration.domain.model import EarnerCategory
from remuneration.officials.models import OfficialProfile


async def is_known_person(session: AsyncSession, person_id: uuid.UUID) -> bool:
    """A person the register copy knows: from person.changed, or holding (or having held) an office."""
    p, m = register.person, register.membership
    known = or_(exists().where(p.c.person_id == person_id), exists().where(m.c.person_id == person_id))
    return bool(await session.scalar(select(known)))


async def require_known_person(session: AsyncSession, person_id: uuid.UUID, field: str = "body.person_id") -> None:
    """A body that names a person the register does not know is refused (422 naming the field), before anything
    is written: an amount for no one would be paid to no one."""
    if not await is_known_person(session, person_id):
        raise UnknownReference(field, "person in the register", person_id)


async def earner_category(session: AsyncSession, person_id: uuid.UUID) -> EarnerCategory | None:
    value = await session.scalar(select(OfficialProfile.earner_category).where(OfficialProfile.person_id == person_id))
    return EarnerCategory(value) if value is not None else None


async def earner_categories(session: AsyncSession) -> dict[uuid.UUID, EarnerCategory]:
    rows = (await session.execute(select(OfficialProfile.person_id, OfficialProfile.earner_category))).all()
    return {person_id: EarnerCategory(category) for person_id, category in rows}


async def set_earner_category(
    *,
    session: AsyncSession,
    person_id: uuid.UUID,
    category: EarnerCategory,
    principal: Principal,
    if_match: int | None = None,
) -> OfficialProfile:
    now = utcnow()
    profile = await session.get(OfficialProfile, person_id, with_for_update=True)
    check_version(profile.version if profile else None, if_match, "the official's profile")
    before = profile.earner_category if profile else None
    if profile is None:
        profile = OfficialProfile(person_id=person_id, earner_category=category, modified_by=principal.subject)
        session.add(profile)
    elif before != category:
        profile.earner_category, profile.version = category, profile.version + 1
    profile.modified_at, profile.modified_by = now, principal.subject
    if before != category:
        await audit.record(
            session,
            at=now,
            actor=principal.subject,
            action="earner_category_set",
            entity="official",
            entity_id=person_id,
            details={"from": before, "to": category.value},
        )
    await session.flush()
    return profile
