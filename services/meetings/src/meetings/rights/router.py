from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import InvalidInput, NotFound, RuleViolation, problem_responses
from meetings.register import repository
from meetings.register.models import Body
from meetings.rights import service
from meetings.rights.schemas import BodyRightIn, BodyRightOut

router = APIRouter(tags=["register"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]


@router.post(
    "/bodies/{body_id}/rights",
    status_code=201,
    responses=problem_responses(InvalidInput, RuleViolation, NotFound),
    summary="Record a right to attend, speak or propose without a vote, or a duty to attend (MTG-03)",
)
async def record_right(body_id: uuid.UUID, data: BodyRightIn, session: SessionDep, _: Writer) -> BodyRightOut:
    return BodyRightOut.model_validate(await service.record(session=session, body_id=body_id, data=data))


@router.get(
    "/bodies/{body_id}/rights",
    responses=problem_responses(NotFound),
    summary="Who may attend, speak or propose in the body without a vote (MTG-03)",
)
async def list_rights(body_id: uuid.UUID, session: SessionDep, _: Reader) -> Sequence[BodyRightOut]:
    await repository.get(session, Body, body_id)
    return [BodyRightOut.model_validate(r) for r in await service.rights_in(session, body_id)]
