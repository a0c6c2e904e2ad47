from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, problem_responses
from meetings.elections import service
from meetings.elections.schemas import RoundIn, RoundOut

router = APIRouter(prefix="/meetings/{meeting_id}/agenda/{item_id}/elections", tags=["elections"])
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]


@router.post(
    "",
    status_code=201,
    responses=problem_responses(InvalidInput, Conflict, NotFound),
    summary="Count a round of an election or appointment (MTG-26, gender balance MTG-27, lots)",
)
async def count_round(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: RoundIn, session: SessionDep, _: Writer
) -> RoundOut:
    return await service.count_round(session=session, meeting_id=meeting_id, item_id=item_id, data=data)
