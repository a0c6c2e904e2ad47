from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.types import utcnow
from remuneration.audit import service as audit
from remuneration.domain.model import EarnerCategory
from remuneration.officials.models import OfficialProfile


async def earner_category(session: AsyncSession, person_id: uuid.UUID) -> EarnerCategory | None:
    value = await session.scalar(select(OfficialProfile.earner_category).where(OfficialProfile.person_id == person_id))
    return EarnerCategory(value) if value is not None else None


async def earner_categories(session: AsyncSession) -> dict[uuid.UUID, EarnerCategory]:
    rows = (await session.execute(select(OfficialProfile.person_id, OfficialProfile.earner_category))).all()
    return {person_id: EarnerCategory(category) for person_id, category in rows}


async def set_earner_category(
    *, session: AsyncSession, person_id: uuid.UUID, category: EarnerCategory, principal: Principal
) -> OfficialProfile:
    now = utcnow()
    profile = await session.get(OfficialProfile, person_id, with_for_update=True)
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
