from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.service import PublisherDep
from meetings.disclosure import screen
from meetings.register import repository
from meetings.sittings.models import AgendaItem
from meetings.voting import service
from meetings.voting.schemas import VoteIn, VoteOut

router = APIRouter(prefix="/meetings/{meeting_id}/agenda/{item_id}/votes", tags=["votes"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]


@router.post(
    "",
    status_code=201,
    response_model=VoteOut,
    responses=problem_responses(InvalidInput, RuleViolation, Conflict, NotFound),
    summary="Record a vote in a case: binding, test or per item (MTG-23), budget test votes (MTG-24), by tacit "
    "approval, show of hands or counter-vote (MTG-29); majority, tie: the chair's vote (MTG-25)",
)
async def record_vote(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: VoteIn, session: SessionDep, publisher: PublisherDep, _: Writer
) -> Response:
    vote = await service.record_vote(
        session=session, meeting_id=meeting_id, item_id=item_id, data=data, publisher=publisher
    )
    # Serialised here: the vote is valid by construction, FastAPI would validate it once more.
    return Response(service.popolo(vote).model_dump_json(), status_code=201, media_type="application/json")


@router.get("", summary="Votes in a case, Popolo-like")
async def list_votes(
    meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, principal: Reader
) -> Sequence[VoteOut]:
    item = await repository.get(session, AgendaItem, item_id)
    if item.meeting_id != meeting_id:
        raise NotFound(f"case {item_id} is not on this meeting's agenda")
    found = [service.popolo(v) for v in await service.votes_of(session, item_id)]
    return found if screen.sees_confidential(principal) else screen.votes(found, closed=item.closed)
