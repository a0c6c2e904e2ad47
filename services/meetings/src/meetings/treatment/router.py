from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation, problem_responses
from meetings.disclosure import screen
from meetings.disqualification.service import case_of
from meetings.register import repository
from meetings.sittings.models import Meeting
from meetings.treatment import objections, service
from meetings.treatment.schemas import (
    ArrivalIn,
    ArrivalOut,
    CaseParticipationOut,
    LeaveIn,
    LeaveOut,
    ObjectionIn,
    ObjectionsOut,
    ProposalIn,
    ProposalOut,
    TreatmentOut,
)

router = APIRouter(tags=["treatment"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]
ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound)
CASE = "/meetings/{meeting_id}/agenda/{item_id}"


@router.post(
    f"{CASE}/proposals",
    status_code=201,
    responses=ERRORS,
    summary="A proposal (forslag) handed in writing to the chair by a member taking part in the case (MTG-20)",
)
async def make_proposal(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: ProposalIn, session: SessionDep, _: Writer
) -> ProposalOut:
    proposal = await service.make_proposal(session=session, meeting_id=meeting_id, item_id=item_id, data=data)
    return ProposalOut.model_validate(proposal)


@router.get(f"{CASE}/proposals", summary="Proposals made in the case, withdrawn ones included (MTG-20, MTG-35)")
async def list_proposals(
    meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, principal: Reader
) -> Sequence[ProposalOut]:
    _, item = await case_of(session, meeting_id, item_id)
    found = [ProposalOut.model_validate(p) for p in await service.proposals_of(session, [item_id])]
    return found if screen.sees_confidential(principal) else screen.proposals(found, closed=item.closed)


@router.post(
    f"{CASE}/proposals/{{proposal_id}}/withdraw",
    responses=ERRORS,
    summary="Withdraw a proposal; it stays recorded as withdrawn (MTG-20)",
)
async def withdraw_proposal(
    meeting_id: uuid.UUID, item_id: uuid.UUID, proposal_id: uuid.UUID, session: SessionDep, _: Writer
) -> ProposalOut:
    proposal = await service.withdraw_proposal(
        session=session, meeting_id=meeting_id, item_id=item_id, proposal_id=proposal_id
    )
    return ProposalOut.model_validate(proposal)


@router.post(
    f"{CASE}/objections",
    status_code=201,
    responses=ERRORS,
    summary="The chair or a member present objects to treating a case not in the notice; the chair or a third of "
    "the members present block it (MTG-17)",
)
async def object_to(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: ObjectionIn, session: SessionDep, _: Writer
) -> ObjectionsOut:
    return await objections.object_to(session=session, meeting_id=meeting_id, item_id=item_id, data=data)


@router.get(f"{CASE}/objections", summary="Objections to treating a case not in the notice, and whether they block")
async def list_objections(meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, _: Reader) -> ObjectionsOut:
    meeting, item = await case_of(session, meeting_id, item_id)
    return await objections.state(session, meeting, item)


@router.post(
    f"{CASE}/take-up",
    responses=ERRORS,
    summary="The chair takes up the case: it is not left until decided by vote or postponed by decision; the "
    "cases are taken up in the order of the agenda (MTG-17)",
)
async def take_up_case(meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, _: Writer) -> TreatmentOut:
    return await service.take_up_case(session=session, meeting_id=meeting_id, item_id=item_id)


@router.post(
    f"{CASE}/voting",
    responses=ERRORS,
    summary="The chair opens voting on the case: no debate, no new proposals, no other case until decided (MTG-21)",
)
async def open_voting(meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, _: Writer) -> TreatmentOut:
    return await service.open_voting(session=session, meeting_id=meeting_id, item_id=item_id)


@router.get(f"{CASE}/treatment", summary="How far the case has come, and who takes part in it")
async def get_treatment(meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, _: Reader) -> TreatmentOut:
    meeting, item = await case_of(session, meeting_id, item_id)
    return await service.state(session, meeting, item)


@router.post(
    "/meetings/{meeting_id}/arrivals",
    status_code=201,
    responses=ERRORS,
    summary="A member arriving after the roll call reports to the chair; during a vote, joins from the next case "
    "(MTG-16)",
)
async def record_arrival(meeting_id: uuid.UUID, data: ArrivalIn, session: SessionDep, _: Writer) -> ArrivalOut:
    return await service.record_arrival(session=session, meeting_id=meeting_id, data=data)


@router.post(
    "/meetings/{meeting_id}/leaves",
    status_code=201,
    responses=ERRORS,
    summary="Leave from the meeting on a written application, not before the case under treatment is finished (MTG-12)",
)
async def record_leave(meeting_id: uuid.UUID, data: LeaveIn, session: SessionDep, _: Writer) -> LeaveOut:
    return await service.record_leave(session=session, meeting_id=meeting_id, data=data)


@router.get("/meetings/{meeting_id}/participation", summary="Who took part in each case, and quorum per case")
async def list_participation(meeting_id: uuid.UUID, session: SessionDep, _: Reader) -> Sequence[CaseParticipationOut]:
    return await service.participation(session, await repository.get(session, Meeting, meeting_id))
