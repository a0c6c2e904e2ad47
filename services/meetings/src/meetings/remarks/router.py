from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, problem_responses
from meetings.disclosure import screen
from meetings.register import repository
from meetings.remarks import service
from meetings.remarks.schemas import BodyDecisionIn, RemarkIn, RemarkOut, RulingIn
from meetings.sittings.models import Meeting

router = APIRouter(prefix="/meetings/{meeting_id}/remarks", tags=["minutes remarks"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]
ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound, Forbidden)


@router.post("", status_code=201, responses=ERRORS, summary="Ask for a minutes remark (protokolltilførsel, MTG-36)")
async def submit_remark(meeting_id: uuid.UUID, data: RemarkIn, session: SessionDep, principal: Reader) -> RemarkOut:
    if not principal.has(Scope.MEETINGS_WRITE) and principal.subject != str(data.person_id):
        raise Forbidden("you may ask for a remark only in your own name")
    return RemarkOut.model_validate(await service.submit(session=session, meeting_id=meeting_id, data=data))


@router.get("", summary="Minutes remarks asked for at the meeting, with their decisions (MTG-36)")
async def list_remarks(meeting_id: uuid.UUID, session: SessionDep, principal: Reader) -> Sequence[RemarkOut]:
    await repository.get(session, Meeting, meeting_id)
    found = [RemarkOut.model_validate(r) for r in await service.remarks_of(session, meeting_id)]
    if screen.sees_confidential(principal):
        return found
    return screen.remarks(found, await screen.closed_cases(session, meeting_id), principal)


@router.post("/{remark_id}/ruling", responses=ERRORS, summary="The chair allows the remark or not (MTG-36)")
async def rule_on_remark(
    meeting_id: uuid.UUID, remark_id: uuid.UUID, data: RulingIn, session: SessionDep, _: Writer
) -> RemarkOut:
    return RemarkOut.model_validate(
        await service.rule(session=session, meeting_id=meeting_id, remark_id=remark_id, data=data)
    )


@router.post(
    "/{remark_id}/protest",
    responses=ERRORS,
    summary="On protest against the chair's decision the body decides (MTG-36)",
)
async def decide_on_protest(
    meeting_id: uuid.UUID, remark_id: uuid.UUID, data: BodyDecisionIn, session: SessionDep, _: Writer
) -> RemarkOut:
    return RemarkOut.model_validate(
        await service.decide_on_protest(session=session, meeting_id=meeting_id, remark_id=remark_id, data=data)
    )
