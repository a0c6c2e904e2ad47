from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Response
from fastapi.encoders import jsonable_encoder

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    RuleViolation,
    problem_responses,
)
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
IfMatch = Annotated[
    str | None,
    Header(description="ETag from the GET of the same list; the update fails with 412 if it changed meanwhile"),
]


def _etag(representation: Any) -> str:
    """A list set as a whole has no version of its own: its ETag is a digest of what the GET shows."""
    text = json.dumps(jsonable_encoder(representation), sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def _check_if_match(if_match: str | None, current: Any) -> None:
    if if_match is None or if_match.strip() == "*":
        return
    sent = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if _etag(current) not in sent:
        raise PreconditionFailed("the list has changed since the ETag sent in If-Match: read it again")


async def _approvers(session: SessionDep, meeting_id: uuid.UUID) -> list[ApproverOut]:
    return [ApproverOut.model_validate(a) for a in await service.approvers(session, meeting_id)]


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
    responses=problem_responses(RuleViolation, Conflict, NotFound, PreconditionFailed),
    summary="Appoint the members present who approve the minutes with the chair (MTG-15)",
)
async def appoint_signatories(
    meeting_id: uuid.UUID,
    data: SignatoriesIn,
    session: SessionDep,
    response: Response,
    _: Writer,
    if_match: IfMatch = None,
) -> Sequence[ApproverOut]:
    await repository.get(session, Meeting, meeting_id)
    _check_if_match(if_match, await _approvers(session, meeting_id))
    rows = await service.appoint_signatories(session=session, meeting_id=meeting_id, person_ids=data.person_ids)
    approvers = [ApproverOut.model_validate(a) for a in rows]
    response.headers["ETag"] = _etag(approvers)
    return approvers


@router.get(
    "/administration",
    responses=problem_responses(NotFound),
    summary="The secretary and who attends from the administration (MTG-35)",
)
async def get_administration(
    meeting_id: uuid.UUID, session: SessionDep, response: Response, _: Reader
) -> AdministrationOut:
    await repository.get(session, Meeting, meeting_id)
    administration = await service.administration(session, meeting_id)
    response.headers["ETag"] = _etag(administration)
    return administration


@router.put(
    "/administration",
    responses=problem_responses(Conflict, NotFound, PreconditionFailed),
    summary="Record the secretary and who attends from the administration (MTG-35)",
)
async def set_administration(
    meeting_id: uuid.UUID,
    data: AdministrationIn,
    session: SessionDep,
    response: Response,
    _: Writer,
    if_match: IfMatch = None,
) -> AdministrationOut:
    await repository.get(session, Meeting, meeting_id)
    _check_if_match(if_match, await service.administration(session, meeting_id))
    await service.set_administration(session=session, meeting_id=meeting_id, data=data)
    administration = await service.administration(session, meeting_id)
    response.headers["ETag"] = _etag(administration)
    return administration


@router.get("/minutes/approvals", summary="Who approves the minutes, and who has (MTG-37)")
async def list_approvals(
    meeting_id: uuid.UUID, session: SessionDep, response: Response, _: Reader
) -> Sequence[ApproverOut]:
    await repository.get(session, Meeting, meeting_id)
    approvers = await _approvers(session, meeting_id)
    response.headers["ETag"] = _etag(approvers)  # the If-Match for PUT /signatories
    return approvers


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
