from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, NotFound, problem_responses
from folkevalgt_shared.service import PublisherDep
from meetings.disclosure import screen
from meetings.minutes import html, service
from meetings.register import repository
from meetings.sittings.models import Meeting

router = APIRouter(tags=["minutes"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]


@router.get(
    "/meetings/{meeting_id}/minutes",
    summary="The minutes (protokoll) as JSON; public=true leaves out closed-session content (MTG-35, MTG-37), "
    "as it is always left out without meetings:confidential (MTG-07)",
)
async def get_minutes(
    meeting_id: uuid.UUID, session: SessionDep, principal: Reader, public: bool = False
) -> dict[str, Any]:
    meeting = await repository.get(session, Meeting, meeting_id)
    return await service.build(
        session,
        meeting,
        public=public or not screen.sees_confidential(principal),
        personal=principal.has(Scope.MEETINGS_WRITE),
    )


@router.get(
    "/meetings/{meeting_id}/minutes.html",
    response_class=HTMLResponse,
    summary="The minutes as a document; the public version unless public=false with meetings:confidential",
)
async def get_minutes_html(meeting_id: uuid.UUID, session: SessionDep, principal: Reader, public: bool = True) -> str:
    meeting = await repository.get(session, Meeting, meeting_id)
    minutes = await service.build(
        session,
        meeting,
        public=public or not screen.sees_confidential(principal),
        personal=principal.has(Scope.MEETINGS_WRITE),
    )
    return html.render(minutes)


@router.post(
    "/meetings/{meeting_id}/minutes/publish",
    responses=problem_responses(Conflict, NotFound),
    summary="Publish the approved minutes (deadline: 2 working days after the meeting, MTG-37)",
)
async def publish_minutes(
    meeting_id: uuid.UUID, session: SessionDep, publisher: PublisherDep, _: Writer
) -> dict[str, Any]:
    meeting = await service.publish(session=session, meeting_id=meeting_id, publisher=publisher)
    return await service.build(session, meeting, public=True)


@router.get("/minutes/overdue", summary="Closed meetings whose minutes are past the publication deadline")
async def overdue_minutes(session: SessionDep, _: Reader) -> list[dict[str, str]]:
    return [
        {"meeting_id": str(m.id), "body_id": str(m.body_id), "starts_at": m.starts_at.isoformat()}
        for m in await service.overdue(session)
    ]
