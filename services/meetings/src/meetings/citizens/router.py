from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation, problem_responses
from meetings.citizens import service
from meetings.citizens.schemas import (
    AnswerIn,
    CitizenQuestionIn,
    CitizenQuestionOut,
    DelegationDecisionIn,
    DelegationIn,
    DelegationOut,
    InitiativeAgendaIn,
    InitiativeDecisionIn,
    InitiativeIn,
    InitiativeOut,
    QuestionTimeIn,
    QuestionTimeOut,
)

router = APIRouter(tags=["citizens"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]
REFUSALS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound)


@router.post(
    "/question-times",
    status_code=201,
    responses=REFUSALS,
    summary="Schedule the council's citizens' question time (spørretime), in January or June, with the council "
    "meeting whose deadline it follows (MTG-32)",
)
async def schedule_question_time(data: QuestionTimeIn, session: SessionDep, _: Writer) -> QuestionTimeOut:
    return await service.schedule_question_time(session=session, data=data)


@router.get("/question-times/{question_time_id}", responses=problem_responses(NotFound), summary="A question time")
async def get_question_time(question_time_id: uuid.UUID, session: SessionDep, _: Reader) -> QuestionTimeOut:
    return await service.get_question_time(session, question_time_id)


@router.post(
    "/question-times/{question_time_id}/questions",
    status_code=201,
    responses=REFUSALS,
    summary="Register a resident's question (MTG-32: not personal, confidential or on the meeting's agenda)",
)
async def register_citizen_question(
    question_time_id: uuid.UUID, data: CitizenQuestionIn, session: SessionDep, _: Writer
) -> CitizenQuestionOut:
    return await service.register_citizen_question(session=session, question_time_id=question_time_id, data=data)


@router.get(
    "/question-times/{question_time_id}/questions",
    responses=problem_responses(NotFound),
    summary="The questions registered for a question time",
)
async def list_citizen_questions(
    question_time_id: uuid.UUID, session: SessionDep, _: Reader
) -> list[CitizenQuestionOut]:
    return await service.citizen_questions(session, question_time_id)


@router.post(
    "/question-times/{question_time_id}/questions/{question_id}/answer",
    responses=problem_responses(InvalidInput, Conflict, NotFound),
    summary="Record the answer (and any follow-up) given at question time (MTG-32)",
)
async def answer_citizen_question(
    question_time_id: uuid.UUID, question_id: uuid.UUID, data: AnswerIn, session: SessionDep, _: Writer
) -> CitizenQuestionOut:
    return await service.answer_citizen_question(
        session=session, question_time_id=question_time_id, question_id=question_id, data=data
    )


@router.post(
    "/citizen-initiatives",
    status_code=201,
    responses=REFUSALS,
    summary="Register a citizen initiative (innbyggerinitiativ): 2 % of residents or 300 signatures (MTG-33)",
)
async def register_initiative(data: InitiativeIn, session: SessionDep, _: Writer) -> InitiativeOut:
    return await service.register_initiative(session=session, data=data)


@router.get("/citizen-initiatives", summary="Citizen initiatives; `overdue=true`: past the 6-month deadline (MTG-33)")
async def list_initiatives(
    session: SessionDep, _: Reader, overdue: Annotated[bool, Query(description="Only undecided, past deadline")] = False
) -> list[InitiativeOut]:
    return await service.initiatives(session, overdue=overdue)


@router.get(
    "/citizen-initiatives/{initiative_id}", responses=problem_responses(NotFound), summary="A citizen initiative"
)
async def get_initiative(initiative_id: uuid.UUID, session: SessionDep, _: Reader) -> InitiativeOut:
    return await service.get_initiative(session, initiative_id)


@router.post(
    "/citizen-initiatives/{initiative_id}/agenda-item",
    responses=REFUSALS,
    summary="Link the initiative to the council case it is treated in (MTG-33)",
)
async def put_initiative_on_agenda(
    initiative_id: uuid.UUID, data: InitiativeAgendaIn, session: SessionDep, _: Writer
) -> InitiativeOut:
    return await service.put_initiative_on_agenda(session=session, initiative_id=initiative_id, data=data)


@router.post(
    "/citizen-initiatives/{initiative_id}/decision",
    responses=REFUSALS,
    summary="Record the council's decision on the initiative (MTG-33: not appealable when voted down)",
)
async def decide_initiative(
    initiative_id: uuid.UUID, data: InitiativeDecisionIn, session: SessionDep, _: Writer
) -> InitiativeOut:
    return await service.decide_initiative(session=session, initiative_id=initiative_id, data=data)


@router.post(
    "/meetings/{meeting_id}/agenda/{item_id}/delegations",
    status_code=201,
    responses=REFUSALS,
    summary="A delegation asks to address the council on a case, ≥ 5 working days before the meeting (MTG-34)",
)
async def request_delegation(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: DelegationIn, session: SessionDep, _: Writer
) -> DelegationOut:
    return await service.request_delegation(session=session, meeting_id=meeting_id, item_id=item_id, data=data)


@router.post(
    "/meetings/{meeting_id}/agenda/{item_id}/delegations/{delegation_id}/decision",
    responses=problem_responses(InvalidInput, Conflict, NotFound),
    summary="The group leaders accept or refuse the delegation (MTG-34)",
)
async def decide_delegation(
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    delegation_id: uuid.UUID,
    data: DelegationDecisionIn,
    session: SessionDep,
    _: Writer,
) -> DelegationOut:
    return await service.decide_delegation(
        session=session, meeting_id=meeting_id, item_id=item_id, delegation_id=delegation_id, data=data
    )


@router.get(
    "/meetings/{meeting_id}/agenda/{item_id}/delegations",
    responses=problem_responses(NotFound),
    summary="The delegations on a case, with when accepted ones meet the group leaders (MTG-34)",
)
async def list_delegations(
    meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, _: Reader
) -> list[DelegationOut]:
    return await service.delegations(session, meeting_id, item_id)
