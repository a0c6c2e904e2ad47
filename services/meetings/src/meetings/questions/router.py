from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, problem_responses
from meetings.questions import service
from meetings.questions.schemas import QuestionIn, QuestionOut
from meetings.register import repository
from meetings.sittings.models import Meeting

router = APIRouter(prefix="/meetings/{meeting_id}/questions", tags=["questions"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]


@router.post(
    "",
    status_code=201,
    responses=problem_responses(InvalidInput, Conflict, NotFound, Forbidden),
    summary="Register a question or interpellation to the mayor (MTG-30: 5 working days before)",
)
async def register_question(
    meeting_id: uuid.UUID, data: QuestionIn, session: SessionDep, principal: Reader
) -> QuestionOut:
    if not principal.has(Scope.MEETINGS_WRITE) and principal.subject != str(data.asker_id):
        raise Forbidden("you may register only your own questions")
    return await service.register(session=session, meeting_id=meeting_id, data=data)


@router.get("", summary="Questions and interpellations registered for the meeting")
async def list_questions(meeting_id: uuid.UUID, session: SessionDep, _: Reader) -> Sequence[QuestionOut]:
    meeting = await repository.get(session, Meeting, meeting_id)
    return [service.out(q, meeting) for q in await service.questions_of(session, meeting_id)]
