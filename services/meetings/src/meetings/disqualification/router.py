from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.service import PublisherDep
from meetings.disclosure import screen
from meetings.disqualification import decision, service
from meetings.disqualification.schemas import DisqualificationIn, DisqualificationOut, NoticeIn, NoticeOut

router = APIRouter(prefix="/meetings/{meeting_id}/agenda/{item_id}/disqualifications", tags=["disqualification"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]
ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound)


@router.post(
    "",
    status_code=201,
    responses=ERRORS,
    summary="The body's decision in the meeting, by vote without the member concerned, that a member is "
    "disqualified in the case; before the meeting, a known disqualification recorded ahead (MTG-13/14, MTG-10)",
)
async def disqualify(
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    data: DisqualificationIn,
    session: SessionDep,
    publisher: PublisherDep,
    _: Writer,
) -> DisqualificationOut:
    record = await decision.decide(
        session=session, meeting_id=meeting_id, item_id=item_id, data=data, publisher=publisher
    )
    return DisqualificationOut.model_validate(record)


@router.get("", summary="Disqualifications in the case")
async def list_disqualifications(
    meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, principal: Reader
) -> Sequence[DisqualificationOut]:
    _, item = await service.case_of(session, meeting_id, item_id)
    found = [DisqualificationOut.model_validate(d) for d in await service.of_case(session, item_id)]
    return found if screen.sees_confidential(principal) else screen.disqualifications(found, closed=item.closed)


@router.post(
    "/{disqualification_id}/substitute-arrived",
    responses=ERRORS,
    summary="The deputy summoned for this case has taken the seat (for this case only)",
)
async def substitute_arrived(
    meeting_id: uuid.UUID, item_id: uuid.UUID, disqualification_id: uuid.UUID, session: SessionDep, _: Writer
) -> DisqualificationOut:
    record = await service.substitute_arrived(
        session=session, meeting_id=meeting_id, item_id=item_id, disqualification_id=disqualification_id
    )
    return DisqualificationOut.model_validate(record)


notices_router = APIRouter(
    prefix="/meetings/{meeting_id}/agenda/{item_id}/disqualification-notices", tags=["disqualification"]
)


@notices_router.post(
    "",
    status_code=201,
    responses=problem_responses(InvalidInput, RuleViolation, Conflict, NotFound, Forbidden),
    summary="Tell the chair in advance of a possible disqualification in the case (MTG-11)",
)
async def give_notice(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: NoticeIn, session: SessionDep, principal: Reader
) -> NoticeOut:
    if not principal.has(Scope.MEETINGS_WRITE) and principal.subject != str(data.person_id):
        raise Forbidden("a politician gives notice only for themself")
    notice = await service.give_notice(session=session, meeting_id=meeting_id, item_id=item_id, data=data)
    return NoticeOut.model_validate(notice)


@notices_router.get("", summary="Advance notices of possible disqualification in the case, and whether decided")
async def list_notices(
    meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, principal: Reader
) -> list[NoticeOut]:
    found = await service.notices_of_case(session, meeting_id, item_id)
    if screen.sees_confidential(principal):
        return found
    _, item = await service.case_of(session, meeting_id, item_id)
    return screen.notices(found, closed=item.closed, principal=principal)
