from __future__ import annotations

import uuid
from collections.abc import Sequence

from fastapi import APIRouter, Response
from sqlalchemy import select

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from remuneration.deps import Writer
from remuneration.severance import service
from remuneration.severance.models import SeveranceCaseRow
from remuneration.severance.schemas import SeveranceIn, SeveranceOut

router = APIRouter(prefix="/severance-cases", tags=["severance"])


@router.post(
    "",
    status_code=201,
    response_model=SeveranceOut,
    responses=problem_responses(InvalidInput, Conflict),
    summary="Record that a mayor or deputy mayor left office: severance (etterlønn) is paid from the next day (REM-12)",
)
async def record_severance(
    data: SeveranceIn, session: SessionDep, principal: Writer, idempotency: IdempotencyDep
) -> Response:
    async def produce() -> SeveranceOut:
        return SeveranceOut.model_validate(await service.record(session=session, data=data, principal=principal))

    return await idempotency.respond(principal, produce)


@router.get("", summary="Recorded severance cases")
async def list_severance(
    session: ReadSessionDep, _: Writer, person_id: uuid.UUID | None = None
) -> Sequence[SeveranceOut]:
    stmt = select(SeveranceCaseRow).order_by(SeveranceCaseRow.last_day_in_office)
    if person_id is not None:
        stmt = stmt.where(SeveranceCaseRow.person_id == person_id)
    return [SeveranceOut.model_validate(r) for r in (await session.scalars(stmt)).all()]
