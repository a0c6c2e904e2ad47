"""Recording and withdrawing equivalent remuneration (REM-31), audited, and reading the records in force for
a span of days, for the computation of meeting fees."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.types import utcnow
from remuneration.audit import service as audit
from remuneration.domain.model import EquivalentRemuneration
from remuneration.equivalent_remuneration.models import EquivalentRemunerationRow as Row
from remuneration.equivalent_remuneration.schemas import EquivalentRemunerationIn
from remuneration.officials.service import require_known_person


def _invalid(detail: str, *fields: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": f, "message": detail} for f in fields])


def _check(data: EquivalentRemunerationIn) -> None:
    """One meeting, or one body over a span of days: never both, never neither."""
    if (data.meeting_id is None) == (data.body_key is None):
        raise _invalid(
            "give either meeting_id (one meeting) or body_key (a body over a span)", "meeting_id", "body_key"
        )
    if data.meeting_id is not None:
        for name in ("start_date", "end_date"):
            if getattr(data, name) is not None:
                raise _invalid("a span of days goes with body_key, not with one meeting", name)
    elif data.start_date is None:
        raise _invalid("the first day covered is required with body_key", "start_date")
    elif data.end_date is not None and data.end_date < data.start_date:
        raise _invalid("the last day covered comes before the first", "end_date")


async def record(*, session: AsyncSession, data: EquivalentRemunerationIn, principal: Principal) -> Row:
    _check(data)
    await require_known_person(session, data.person_id)
    now = utcnow()
    row = Row(id=uuid.uuid4(), **data.model_dump(), recorded_at=now, recorded_by=principal.subject)
    session.add(row)
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action="equivalent_remuneration_recorded",
        entity="official",
        entity_id=data.person_id,
        details={"id": str(row.id), **data.model_dump(mode="json")},
    )
    await session.flush()
    return row


async def withdraw(
    *, session: AsyncSession, record_id: uuid.UUID, principal: Principal, if_match: int | None = None
) -> Row:
    """The fee is owed again from the next computation; an approved payout gets a correction (REM-90)."""
    row = await session.get(Row, record_id, with_for_update=True)
    if row is None:
        raise NotFound(f"no equivalent remuneration {record_id}")
    check_version(row.version, if_match, f"equivalent remuneration {record_id}")
    if row.withdrawn_at is not None:
        raise Conflict(f"equivalent remuneration {record_id} was withdrawn on {row.withdrawn_at.isoformat()}")
    now = utcnow()
    row.withdrawn_at, row.withdrawn_by = now, principal.subject
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action="equivalent_remuneration_withdrawn",
        entity="official",
        entity_id=row.person_id,
        details={"id": str(row.id), "basis": row.basis},
    )
    await session.flush()
    return row


async def in_force_between(session: AsyncSession, start: date, end: date) -> list[EquivalentRemuneration]:
    """The records not withdrawn that may cover an attendance from `start` to `end`: every one-meeting record
    (its meeting's day is the attendance's), and the body spans that touch the days."""
    spans = and_(Row.start_date <= end, or_(Row.end_date.is_(None), Row.end_date >= start))
    stmt = select(Row).where(Row.withdrawn_at.is_(None), or_(Row.meeting_id.is_not(None), spans))
    rows = (await session.scalars(stmt.order_by(Row.recorded_at, Row.id))).all()
    return [
        EquivalentRemuneration(r.person_id, r.basis, r.meeting_id, r.body_key, r.start_date, r.end_date) for r in rows
    ]
