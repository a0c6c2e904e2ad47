from __future__ import annotations

import uuid
from collections.abc import Sequence

from fastapi import APIRouter, Response
from sqlalchemy import select

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    RuleViolation,
    problem_responses,
)
from folkevalgt_shared.idempotency import IdempotencyDep
from remuneration.computation import RulesDep
from remuneration.deps import IfMatch, Reader, Writer, is_administration, self_or_administration
from remuneration.domain.model import format_nok
from remuneration.loss_bases import service
from remuneration.loss_bases.models import LossBasisRow as Row
from remuneration.loss_bases.schemas import LossBasisIn, LossBasisOut

router = APIRouter(prefix="/loss-bases", tags=["lost-earnings rates for buyout"])


def basis_out(row: Row) -> LossBasisOut:
    return LossBasisOut(
        id=row.id,
        person_id=row.person_id,
        kind=row.kind,
        day_loss=format_nok(row.day_loss) if row.day_loss is not None else None,
        documentation_kind=row.documentation_kind,
        documentation_ref=row.documentation_ref,
        justification=row.justification,
        start_date=row.start_date,
        end_date=row.end_date,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        withdrawn_at=row.withdrawn_at,
        withdrawn_by=row.withdrawn_by,
        version=row.version,
    )


@router.post(
    "",
    status_code=201,
    response_model=LossBasisOut,
    responses=problem_responses(InvalidInput, RuleViolation),
    summary="Record an official's lost-earnings rate, which prices their buyout (REM-40 at the REM-20 rates)",
)
async def record_loss_basis(
    data: LossBasisIn, session: SessionDep, rules: RulesDep, principal: Writer, idempotency: IdempotencyDep
) -> Response:
    async def produce() -> LossBasisOut:
        return basis_out(await service.record(session=session, rules=rules, data=data, principal=principal))

    return await idempotency.respond(principal, produce)


@router.get("", responses=problem_responses(Forbidden), summary="Recorded lost-earnings rates, withdrawn included")
async def list_loss_bases(
    session: ReadSessionDep, principal: Reader, person_id: uuid.UUID | None = None
) -> Sequence[LossBasisOut]:
    """An official reads only their own (403 for anyone else's); the administration reads anyone's."""
    if person_id is None and not is_administration(principal):
        raise Forbidden("name yourself: person_id")
    if person_id is not None:
        self_or_administration(principal, person_id)
    stmt = select(Row).order_by(Row.recorded_at, Row.id)
    if person_id is not None:
        stmt = stmt.where(Row.person_id == person_id)
    return [basis_out(r) for r in (await session.scalars(stmt)).all()]


@router.delete(
    "/{basis_id}",
    responses=problem_responses(NotFound, Conflict, PreconditionFailed),
    summary="Withdraw a recorded rate: buyout is computed without it (a correction if already paid); "
    "If-Match: its version",
)
async def withdraw_loss_basis(
    basis_id: uuid.UUID, session: SessionDep, principal: Writer, if_match: IfMatch
) -> LossBasisOut:
    return basis_out(await service.withdraw(session=session, basis_id=basis_id, principal=principal, if_match=if_match))
