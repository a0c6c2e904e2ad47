from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import select

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep, read_connection
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.idempotency import idempotent
from folkevalgt_shared.pagination import Page, PageParams, paginate_rows
from folkevalgt_shared.service import PublisherDep
from meetings.attendance import service as attendance
from meetings.disclosure import screen
from meetings.domain.order import CaseStatus
from meetings.proxies import service as proxies
from meetings.register import repository
from meetings.register.models import Body
from meetings.sittings import document, service
from meetings.sittings.models import AgendaDocument, AgendaItem, Meeting
from meetings.sittings.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    CancelIn,
    ClosedSessionIn,
    DocumentOut,
    MeetingIn,
    MeetingOut,
    NoticeIn,
)

router = APIRouter(prefix="/meetings", tags=["meetings"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]
COMPUTED = ("notice_deadline", "agenda", "extra_ground")
WRITE_ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound)


def _item_out(item: AgendaItem, documents: list[AgendaDocument], status: CaseStatus | None = None) -> AgendaItemOut:
    out = AgendaItemOut.model_validate(item)
    out.document_details = [DocumentOut.model_validate(d) for d in documents]
    out.status = status or CaseStatus.PENDING
    return out


def _shown(principal: Principal, meeting: MeetingOut) -> MeetingOut:
    """MTG-06/07: closed and exempt content only with the confidential scope."""
    return meeting if screen.sees_confidential(principal) else screen.meeting(meeting)


async def _out(session: SessionDep, meeting: Meeting) -> MeetingOut:
    agenda = await service.agenda_of(session, meeting.id)
    documents = await service.documents_of(session, [item.id for item in agenda])
    statuses = await service.statuses_of(session, meeting.id)
    body = await repository.get(session, Body, meeting.body_id)
    return MeetingOut.model_validate(
        {
            **{f: getattr(meeting, f) for f in MeetingOut.model_fields if f not in COMPUTED},
            "notice_deadline": service.deadline_of(meeting, body, agenda),
            "agenda": [_item_out(item, documents[item.id], statuses.get(item.id)) for item in agenda],
            "extra_ground": await service.extra_ground_of(session, meeting.id) if meeting.extra else None,
        }
    )


@router.get("", summary="Meetings (møter), by body and time")
async def list_meetings(
    session: SessionDep, request: Request, principal: Reader, page: PageParams, body_id: uuid.UUID | None = None
) -> Page[MeetingOut]:
    stmt = select(Meeting)
    if body_id:
        stmt = stmt.where(Meeting.body_id == body_id)
    rows, next_url = await paginate_rows(session, stmt, request=request, model=Meeting, page=page)
    return Page(items=[_shown(principal, await _out(session, row)) for row in rows], next=next_url)


@router.post("", status_code=201, response_model=MeetingOut, responses=WRITE_ERRORS, summary="Schedule a meeting")
async def schedule_meeting(
    data: MeetingIn, session: SessionDep, request: Request, publisher: PublisherDep, principal: Writer
) -> Response:
    async def produce() -> MeetingOut:
        return await _out(session, await service.schedule(session=session, data=data, publisher=publisher))

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.get(
    "/{meeting_id}",
    response_model=MeetingOut,
    summary="A meeting with its agenda and notice deadline; a closed case's title, recommendation and documents "
    "and exempt documents only with meetings:confidential (MTG-06/07)",
)
async def get_meeting(meeting_id: uuid.UUID, request: Request, principal: Reader) -> Response:
    async with read_connection(request) as connection:
        content, version = await document.meeting_json_or_404(
            connection, meeting_id, confidential=screen.sees_confidential(principal)
        )
    return Response(content, media_type="application/json", headers={"ETag": f'"{version}"'})


@router.post(
    "/{meeting_id}/agenda",
    status_code=201,
    response_model=AgendaItemOut,
    responses=WRITE_ERRORS,
    summary="Add a case to the agenda (saksliste)",
)
async def add_agenda_item(
    meeting_id: uuid.UUID,
    data: AgendaItemIn,
    session: SessionDep,
    request: Request,
    publisher: PublisherDep,
    principal: Writer,
) -> Response:
    async def produce() -> AgendaItemOut:
        item = await service.add_agenda_item(session=session, meeting_id=meeting_id, data=data, publisher=publisher)
        await proxies.apply(session, publisher, meeting_id=meeting_id)  # fvl § 6 d, once the notice is out
        return _item_out(item, (await service.documents_of(session, [item.id]))[item.id])

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.post(
    "/{meeting_id}/notice",
    responses=WRITE_ERRORS,
    summary="Publish the notice (innkalling) with the agenda; refused after the deadline (MTG-06). Members on "
    "leave from office that day are recorded absent and their deputies summoned (LEA-60, MTG-10)",
)
async def publish_notice(
    meeting_id: uuid.UUID,
    session: SessionDep,
    publisher: PublisherDep,
    principal: Writer,
    data: NoticeIn | None = None,
) -> MeetingOut:
    meeting = await service.publish_notice(
        session=session, meeting_id=meeting_id, data=data or NoticeIn(), publisher=publisher
    )
    await attendance.replace_members_on_leave(session=session, meeting=meeting, publisher=publisher)
    # fvl § 6 d: after the replacements, so that the disqualified are those who take a seat.
    await proxies.apply(session, publisher, meeting_id=meeting.id)
    return _shown(principal, await _out(session, meeting))


@router.post(
    "/{meeting_id}/cancel",
    responses=problem_responses(InvalidInput, Conflict, NotFound),
    summary="Cancel (avlyse) a meeting that has not started; publishes meeting.cancelled",
)
async def cancel_meeting(
    meeting_id: uuid.UUID, data: CancelIn, session: SessionDep, publisher: PublisherDep, principal: Writer
) -> MeetingOut:
    meeting = await service.cancel(session=session, meeting_id=meeting_id, data=data, publisher=publisher)
    return _shown(principal, await _out(session, meeting))


@router.post(
    "/{meeting_id}/agenda/{item_id}/closed-session",
    responses=WRITE_ERRORS,
    summary="The body decides in its meeting to treat a case behind closed doors, on the legal basis given (MTG-07)",
)
async def close_doors(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: ClosedSessionIn, session: SessionDep, principal: Writer
) -> AgendaItemOut:
    item = await service.close_doors(session=session, meeting_id=meeting_id, item_id=item_id, data=data)
    status = (await service.statuses_of(session, meeting_id)).get(item.id)
    out = _item_out(item, (await service.documents_of(session, [item.id]))[item.id], status)
    return out if screen.sees_confidential(principal) else screen.agenda_item(out)
