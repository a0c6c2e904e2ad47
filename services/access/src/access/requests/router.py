from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from access.deps import ClockDep, Overseer, Reader, Writer, acts_for_anyone, person_for
from access.requests import service
from access.requests.models import AccessRequest
from access.requests.schemas import AnswerIn, AssessmentIn, DisputeIn, OverdueOut, RequestIn, RequestOut, RequestPage
from access.rules import RulesDep
from folkevalgt_shared.auth import Principal
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.pagination import PageParams, paginate_rows
from folkevalgt_shared.service import PublisherDep

router = APIRouter(prefix="/requests", tags=["requests"])


def _out(request: AccessRequest, principal: Principal, now: Any) -> RequestOut:
    return RequestOut.model_validate(service.view(request, secretariat=acts_for_anyone(principal), now=now))


async def _visible(
    session: Any, request_id: uuid.UUID, principal: Principal, *, for_update: bool = False
) -> AccessRequest:
    request = await service.get(session, request_id, for_update=for_update)
    if not acts_for_anyone(principal) and str(request.person_id) != principal.subject:
        raise NotFound(f"no request {request_id}")  # another official's request does not exist for you
    return request


@router.post(
    "",
    status_code=201,
    response_model=RequestOut,
    responses=problem_responses(InvalidInput, NotFound, Forbidden),
    summary="Ask for access to a document or a whole case, or ask about a case under preparation (ACC-30/31/42)",
)
async def submit_request(
    data: RequestIn,
    idempotency: IdempotencyDep,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Reader,
) -> Response:
    """Decided at once by the rules; pending, with a due time, when a person must act: a disclosure of possible
    disqualification (ACC-42) or a question (ACC-31). An official asks only for themself."""

    async def produce() -> RequestOut:
        now = clock()
        access_request = await service.submit(
            session=session,
            data=data,
            person_id=person_for(principal, data.person_id),
            principal=principal,
            policy=rules.at(oslo_date(now)),
            publisher=publisher,
            now=now,
        )
        return _out(access_request, principal, now)

    return await idempotency.respond(principal, produce)


@router.get("", response_model=RequestPage, summary="Requests: your own, or anyone's for the secretariat")
async def list_requests(
    request: Request,
    session: ReadSessionDep,
    clock: ClockDep,
    principal: Reader,
    page: PageParams,
    person_id: uuid.UUID | None = None,
    status: Literal["decided", "pending", "answered"] | None = None,
    case_number: str | None = None,
) -> RequestPage:
    stmt = select(AccessRequest)
    if person_id is not None or not acts_for_anyone(principal):
        stmt = stmt.where(AccessRequest.person_id == person_for(principal, person_id))
    if status is not None:
        stmt = stmt.where(AccessRequest.status == status)
    if case_number is not None:
        stmt = stmt.where(AccessRequest.case_number == case_number)
    rows, next_url = await paginate_rows(session, stmt, request=request, model=AccessRequest, page=page)
    now = clock()
    return RequestPage(items=[_out(r, principal, now) for r in rows], next=next_url)


@router.get(
    "/overdue",
    response_model=list[OverdueOut],
    summary="Requests past their due time (ACC-30), for operators: which, not what about",
)
async def overdue_requests(
    session: ReadSessionDep, clock: ClockDep, _: Overseer, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[OverdueOut]:
    stmt = (
        select(AccessRequest)
        .where(AccessRequest.status == "pending", AccessRequest.due_at <= clock())
        .order_by(AccessRequest.due_at)
        .limit(limit)
    )
    return [OverdueOut.model_validate(r, from_attributes=True) for r in (await session.scalars(stmt)).all()]


@router.get("/{request_id}", response_model=RequestOut, responses=problem_responses(NotFound))
async def get_request(request_id: uuid.UUID, session: ReadSessionDep, clock: ClockDep, principal: Reader) -> RequestOut:
    return _out(await _visible(session, request_id, principal), principal, clock())


@router.post(
    "/{request_id}/assessment",
    response_model=RequestOut,
    responses=problem_responses(NotFound, Conflict),
    summary="The administration's assessment of a disclosure (ACC-42); the request is then decided",
)
async def assess(
    request_id: uuid.UUID,
    data: AssessmentIn,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> RequestOut:
        now = clock()
        access_request = await service.assess(
            session=session,
            request_id=request_id,
            disqualified=data.disqualified,
            reason=data.reason,
            policy=rules.at(oslo_date(now)),
            publisher=publisher,
            actor=principal.subject,
            now=now,
        )
        return _out(access_request, principal, now)

    return await idempotency.respond(principal, produce)


@router.post(
    "/{request_id}/dispute",
    response_model=RequestOut,
    responses=problem_responses(NotFound, Conflict, Forbidden),
    summary="Disagree with the administration's assessment: the mayor decides the question of access (ACC-42)",
)
async def dispute(
    request_id: uuid.UUID,
    data: DisputeIn,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Reader,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> RequestOut:
        now = clock()
        own = await _visible(session, request_id, principal)
        if str(own.person_id) != principal.subject:
            raise Forbidden("only the official concerned disputes the assessment")
        access_request = await service.dispute(
            session=session,
            request_id=request_id,
            reason=data.reason,
            policy=rules.at(oslo_date(now)),
            actor=principal.subject,
            now=now,
        )
        return _out(access_request, principal, now)

    return await idempotency.respond(principal, produce)


@router.post(
    "/{request_id}/answer",
    response_model=RequestOut,
    responses=problem_responses(NotFound, Conflict),
    summary="Answer a question about a case under preparation: procedure and timeline (ACC-31)",
)
async def answer(
    request_id: uuid.UUID,
    data: AnswerIn,
    session: SessionDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> RequestOut:
        now = clock()
        access_request = await service.answer(
            session=session, request_id=request_id, text=data.answer, actor=principal.subject, now=now
        )
        return _out(access_request, principal, now)

    return await idempotency.respond(principal, produce)
