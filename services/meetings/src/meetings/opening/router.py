from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, NotFound, RuleViolation, problem_responses
from meetings.opening import service
from meetings.opening.schemas import (
    AdministrationIn,
    AdministrationOut,
    ApprovalIn,
    ApproverOut,
    OpeningOut,
    SignatoriesIn,
)
from meetings.register import repository
from meetings.sittings.models import Meeting

router = APIRouter(prefix="/meetings/{meeting_id}", tags=["opening and minutes approval"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]


@router.get(
    "/opening", responses=problem_responses(NotFound), summary="The opening (MTG-15): approvals and signatories"
)
async def get_opening(meeting_id: uuid.UUID, session: SessionDep, _: Reader) -> OpeningOut:
    await repository.get(session, Meeting, meeting_id)
    opening = await service.opening_of(session, meeting_id)
    if opening is None:
        raise NotFound("the meeting is not constituted yet: no roll call")
    return opening


@router.put(
    "/signatories",
    responses=problem_responses(RuleViolation, Conflict, NotFound),
    summary="Appoint the members present who approve the minutes with the chair (MTG-15)",
)
async def appoint_signatories(
    meeting_id: uuid.UUID, data: SignatoriesIn, session: SessionDep, _: Writer
) -> Sequence[ApproverOut]:
    rows = await service.appoint_signatories(session=session, meeting_id=meeting_id, person_ids=data.person_ids)
    return [ApproverOut.model_validate(a) for a in rows]


@router.put(
    "/administration",
    responses=problem_responses(Conflict, NotFound),
    summary="Record the secretary and who attends from the administration (MTG-35)",
)
async def set_administration(
    meeting_id: uuid.UUID, data: AdministrationIn, session: SessionDep, _: Writer
) -> AdministrationOut:
    await service.set_administration(session=session, meeting_id=meeting_id, data=data)
    return await service.administration(session, meeting_id)


@router.get("/minutes/approvals", summary="Who approves the minutes, and who has (MTG-37)")
async def list_approvals(meeting_id: uuid.UUID, session: SessionDep, _: Reader) -> Sequence[ApproverOut]:
    await repository.get(session, Meeting, meeting_id)
    return [ApproverOut.model_validate(a) for a in await service.approvers(session, meeting_id)]


@router.post(
    "/minutes/approvals",
    status_code=201,
    responses=problem_responses(RuleViolation, Conflict, NotFound, Forbidden),
    summary="Approve the minutes as the chair or a signatory (MTG-37)",
)
async def approve_minutes(
    meeting_id: uuid.UUID, data: ApprovalIn, session: SessionDep, principal: Reader
) -> ApproverOut:
    if not principal.has(Scope.MEETINGS_WRITE) and principal.subject != str(data.person_id):
        raise Forbidden("you may approve only in your own name")
    approver = await service.approve_minutes(session=session, meeting_id=meeting_id, person_id=data.person_id)
    return ApproverOut.model_validate(approver)
