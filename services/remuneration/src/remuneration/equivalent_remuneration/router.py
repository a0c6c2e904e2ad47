from __future__ import annotations

import uuid
from collections.abc import Sequence

from fastapi import APIRouter, Response
from sqlalchemy import select

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, PreconditionFailed, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from remuneration.deps import IfMatch, Writer
from remuneration.equivalent_remuneration import service
from remuneration.equivalent_remuneration.models import EquivalentRemunerationRow as Row
from remuneration.equivalent_remuneration.schemas import EquivalentRemunerationIn, EquivalentRemunerationOut

router = APIRouter(prefix="/equivalent-remuneration", tags=["equivalent remuneration"])


@router.post(
    "",
    status_code=201,
    response_model=EquivalentRemunerationOut,
    responses=problem_responses(InvalidInput),
    summary="Record equivalent remuneration under law or special agreement: the meeting fee lapses (REM-31); audited",
)
async def record_equivalent_remuneration(
    data: EquivalentRemunerationIn, session: SessionDep, principal: Writer, idempotency: IdempotencyDep
) -> Response:
    async def produce() -> EquivalentRemunerationOut:
        return EquivalentRemunerationOut.model_validate(
            await service.record(session=session, data=data, principal=principal)
        )

    return await idempotency.respond(principal, produce)


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
    responses=problem_responses(NotFound, Conflict, PreconditionFailed),
    summary="Withdraw a record: the fee is owed again at the next computation (a correction if already settled); "
    "If-Match: its version",
)
async def withdraw_equivalent_remuneration(
    record_id: uuid.UUID, session: SessionDep, principal: Writer, if_match: IfMatch
) -> EquivalentRemunerationOut:
    return EquivalentRemunerationOut.model_validate(
        await service.withdraw(session=session, record_id=record_id, principal=principal, if_match=if_match)
    )
