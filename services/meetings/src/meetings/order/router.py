from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation, problem_responses
from meetings.disclosure import screen
from meetings.order import service
from meetings.order.schemas import OrderChangeIn, OrderChangeOut, OrderOfBusinessOut

router = APIRouter(prefix="/meetings/{meeting_id}", tags=["order of business"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]


@router.post(
    "/order-changes",
    status_code=201,
    responses=problem_responses(InvalidInput, RuleViolation, Conflict, NotFound),
    summary="Change the order of the cases by a simple majority; cases taken up keep their place, and not while "
    "voting is open (MTG-17, MTG-21)",
)
async def change_order(meeting_id: uuid.UUID, data: OrderChangeIn, session: SessionDep, _: Writer) -> OrderChangeOut:
    return service.change_out(await service.change_order(session=session, meeting_id=meeting_id, data=data))


@router.get(
    "/order-of-business",
    summary="Dagsorden: the cases in the order of treatment with how far each has come, then the questions and "
    "interpellations (MTG-17)",
)
async def order_of_business(meeting_id: uuid.UUID, session: SessionDep, principal: Reader) -> OrderOfBusinessOut:
    found = await service.order_of_business(session, meeting_id)
    if screen.sees_confidential(principal):
        return found
    return screen.order_of_business(found, await screen.closed_cases(session, meeting_id))
