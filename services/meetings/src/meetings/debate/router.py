"""The speakers' list over HTTP: a politician's app asks for the floor (as the person themself), the chair's
console (meetings:write) gives it and records its end, and closes the list (MTG-19, MTG-31)."""

# No `from __future__ import annotations`: each pair of routes takes its own path parameter type
# (SubjectId), which FastAPI must see evaluated, not as a name to look up in the module.
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, problem_responses
from meetings.debate import service
from meetings.debate.schemas import FloorRequestIn, FloorRequestOut, SpeakersListOut

router = APIRouter(tags=["debate"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]
ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound)


def _own(principal: Principal, person_id: uuid.UUID) -> None:
    if not (principal.has(Scope.MEETINGS_WRITE) or principal.subject == str(person_id)):
        raise Forbidden("a politician asks for the floor for themself; the secretariat (meetings:write) for anyone")


def _routes(prefix: str, question: bool, what: str) -> None:
    # The path names the case `item_id` as the other routes of a case do, the question `question_id`.
    SubjectId = Annotated[uuid.UUID, Path(alias="question_id" if question else "item_id")]
    of = "question" if question else "case"

    @router.get(
        prefix,
        responses=problem_responses(NotFound),
        summary=f"The speakers' list of {what}",
        operation_id=f"speakers_of_{of}",
    )
    async def speakers(meeting_id: uuid.UUID, subject_id: SubjectId, session: SessionDep, _: Reader) -> SpeakersListOut:
        return await service.listing(session=session, meeting_id=meeting_id, subject_id=subject_id, question=question)

    @router.post(
        prefix,
        status_code=201,
        responses=ERRORS | problem_responses(Forbidden),
        operation_id=f"ask_for_the_floor_in_{of}",
        summary=f"Ask for the floor in {what}: a speech, a reply or a closing reply (MTG-19, MTG-31); the time "
        "limit comes with the answer",
    )
    async def ask(
        meeting_id: uuid.UUID, subject_id: SubjectId, data: FloorRequestIn, session: SessionDep, principal: Reader
    ) -> FloorRequestOut:
        _own(principal, data.person_id)
        return service.out(
            await service.request(
                session=session, meeting_id=meeting_id, subject_id=subject_id, question=question, data=data
            )
        )

    @router.post(
        prefix + "/{request_id}/floor",
        responses=ERRORS,
        operation_id=f"give_the_floor_in_{of}",
        summary=f"The chair gives the floor in {what}, in the order of the list (MTG-19)",
    )
    async def floor(
        meeting_id: uuid.UUID, subject_id: SubjectId, request_id: uuid.UUID, session: SessionDep, _: Writer
    ) -> FloorRequestOut:
        return service.out(
            await service.give(
                session=session, meeting_id=meeting_id, subject_id=subject_id, request_id=request_id, question=question
            )
        )

    @router.post(
        prefix + "/{request_id}/end",
        responses=ERRORS,
        operation_id=f"end_the_speech_in_{of}",
        summary=f"The speaker in {what} is done; over the time limit is recorded (MTG-19, MTG-31)",
    )
    async def end(
        meeting_id: uuid.UUID, subject_id: SubjectId, request_id: uuid.UUID, session: SessionDep, _: Writer
    ) -> FloorRequestOut:
        return service.out(
            await service.end(
                session=session, meeting_id=meeting_id, subject_id=subject_id, request_id=request_id, question=question
            )
        )

    @router.post(
        prefix + "/close",
        responses=ERRORS,
        operation_id=f"close_the_speakers_list_of_{of}",
        summary=f"Close the speakers' list of {what} (strek): no new speakers and no replies (MTG-19)",
    )
    async def close(meeting_id: uuid.UUID, subject_id: SubjectId, session: SessionDep, _: Writer) -> SpeakersListOut:
        return await service.close_list(
            session=session, meeting_id=meeting_id, subject_id=subject_id, question=question
        )


_routes("/meetings/{meeting_id}/agenda/{item_id}/speakers", False, "a case")
_routes("/meetings/{meeting_id}/questions/{question_id}/speakers", True, "a question or interpellation")
