from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import select

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.service import PublisherDep
from meetings.attendance import service
from meetings.attendance.models import Participant
from meetings.attendance.schemas import AbsenceIn, AbsenceOut, ParticipantOut, RollCallIn, RollCallOut, SummonsOut
from meetings.disclosure import personal
from meetings.proxies import service as proxies
from meetings.register import repository
from meetings.sittings.models import Meeting

router = APIRouter(tags=["attendance"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]


def _self_or_secretariat(principal: Principal, person_id: uuid.UUID) -> None:
    """A politician acts for themself; the secretariat (meetings:write) for anyone."""
    if not principal.has(Scope.MEETINGS_WRITE) and principal.subject != str(person_id):
        raise Forbidden("you may report or read only your own absences and summonses")


@router.get(
    "/meetings/{meeting_id}/participants",
    summary="Members expected, absences and summoned deputies; the reason for an absence only for the member "
    "and meetings:write",
)
async def list_participants(meeting_id: uuid.UUID, session: SessionDep, principal: Reader) -> Sequence[ParticipantOut]:
    meeting = await repository.get(session, Meeting, meeting_id)
    found = [ParticipantOut.model_validate(p) for p in await service.participants(session, meeting)]
    return personal.participants(found, principal)


@router.post(
    "/meetings/{meeting_id}/absences",
    status_code=201,
    responses=problem_responses(InvalidInput, Conflict, NotFound, Forbidden),
    summary="Report an absence (forfall); the next deputy in order is summoned (MTG-10)",
)
async def report_absence(
    meeting_id: uuid.UUID, data: AbsenceIn, session: SessionDep, publisher: PublisherDep, principal: Reader
) -> AbsenceOut:
    _self_or_secretariat(principal, data.person_id)
    absence = await service.report_absence(session=session, meeting_id=meeting_id, data=data, publisher=publisher)
    await proxies.apply(session, publisher, meeting_id=meeting_id)  # the deputy summoned may be proxy in a case
    return absence


@router.get("/people/{person_id}/summons", summary="Meetings a deputy has been summoned to")
async def list_summons(person_id: uuid.UUID, session: SessionDep, principal: Reader) -> Sequence[SummonsOut]:
    _self_or_secretariat(principal, person_id)
    stmt = (
        select(Participant, Meeting)
        .join(Meeting, Meeting.id == Participant.meeting_id)
        .where(Participant.person_id == person_id, Participant.role == "deputy", Participant.status == "expected")
        .where(Meeting.cancelled_at.is_(None))  # a summons lapses with its meeting
        .order_by(Meeting.starts_at)
    )
    return [
        SummonsOut(
            meeting_id=m.id,
            body_id=m.body_id,
            starts_at=m.starts_at,
            in_place_of=p.in_place_of,
            deputy_order=p.deputy_order,
        )
        for p, m in (await session.execute(stmt)).all()
    ]


@router.post(
    "/meetings/{meeting_id}/roll-call",
    responses=problem_responses(InvalidInput, RuleViolation, Conflict),
    summary="Roll call (opprop): register those present; constituted only if quorate (MTG-15)",
)
async def roll_call(meeting_id: uuid.UUID, data: RollCallIn, session: SessionDep, _: Writer) -> RollCallOut:
    return await service.roll_call(session=session, meeting_id=meeting_id, data=data)


@router.post(
    "/meetings/{meeting_id}/close",
    responses=problem_responses(Conflict, NotFound),
    summary="Close the meeting: publishes each attendance and meeting.closed",
)
async def close_meeting(
    meeting_id: uuid.UUID, session: SessionDep, publisher: PublisherDep, _: Writer
) -> dict[str, str]:
    meeting = await service.close_meeting(session=session, meeting_id=meeting_id, publisher=publisher)
    return {"status": meeting.status, "ended_at": meeting.ended_at.isoformat() if meeting.ended_at else ""}
