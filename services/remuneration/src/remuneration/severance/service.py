from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.errors import Conflict
from folkevalgt_shared.types import utcnow
from remuneration.audit import service as audit
from remuneration.domain.fixed import SeveranceCase
from remuneration.officials.service import require_known_person
from remuneration.severance.models import SeveranceCaseRow
from remuneration.severance.schemas import SeveranceIn


async def record(*, session: AsyncSession, data: SeveranceIn, principal: Principal) -> SeveranceCaseRow:
    await require_known_person(session, data.person_id)
    existing = await session.scalar(
        select(SeveranceCaseRow.id).where(
            SeveranceCaseRow.person_id == data.person_id,
            SeveranceCaseRow.role == data.role,
            SeveranceCaseRow.last_day_in_office == data.last_day_in_office,
        )
    )
    if existing is not None:
        raise Conflict(f"this departure is already recorded as severance case {existing}")
    now = utcnow()
    row = SeveranceCaseRow(id=uuid.uuid4(), **data.model_dump(), recorded_at=now, recorded_by=principal.subject)
    session.add(row)
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action="severance_recorded",
        entity="official",
        entity_id=data.person_id,
        details=data.model_dump(mode="json"),
    )
    await session.flush()
    return row


async def cases(session: AsyncSession) -> list[SeveranceCase]:
    rows = (await session.scalars(select(SeveranceCaseRow))).all()
    return [SeveranceCase(r.person_id, r.role, r.last_day_in_office, r.has_job_to_return_to) for r in rows]
