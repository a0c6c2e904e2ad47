from __future__ import annotations

import uuid
from collections.abc import Sequence

from fastapi import APIRouter
from sqlalchemy import select

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, problem_responses
from remuneration.deps import Writer
from remuneration.equivalent_remuneration import service
from remuneration.equivalent_remuneration.models import EquivalentRemunerationRow as Row
from remuneration.equivalent_remuneration.schemas import EquivalentRemunerationIn, EquivalentRemunerationOut

router = APIRouter(prefix="/equivalent-remuneration", tags=["equivalent remuneration"])


@router.post(
    "",
    status_code=201,
    responses=problem_responses(InvalidInput),
    summary="Record equivalent remuneration under law or special agreement: the meeting fee lapses (REM-31); audited",
)
async def record_equivalent_remuneration(
    data: EquivalentRemunerationIn, session: SessionDep, principal: Writer
) -> EquivalentRemunerationOut:
    return EquivalentRemunerationOut.model_validate(
        await service.record(session=session, data=data, principal=principal)
    )


@router.get("", summary="Recorded equivalent remuneration, withdrawn records included")
async def list_equivalent_remuneration(
    session: ReadSessionDep, _: Writer, person_id: uuid.UUID | None = None
) -> Sequence[EquivalentRemunerationOut]:
    stmt = select(Row).order_by(Row.recorded_at, Row.id)
    if person_id is not None:
        stmt = stmt.where(Row.person_id == person_id)
    return [EquivalentRemunerationOut.model_validate(r) for r in (await session.scalars(stmt)).all()]


@router.delete(
    "/{record_id}",
    responses=problem_responses(NotFound, Conflict),
    summary="Withdraw a record: the fee is owed again at the next computation (a correction if already settled)",
)
async def withdraw_equivalent_remuneration(
    record_id: uuid.UUID, session: SessionDep, principal: Writer
) -> EquivalentRemunerationOut:
    return EquivalentRemunerationOut.model_validate(
        await service.withdraw(session=session, record_id=record_id, principal=principal)
    )
