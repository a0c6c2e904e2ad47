from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import select

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.idempotency import idempotent
from folkevalgt_shared.pagination import Page, PageParams, paginate_rows
from meetings.appeals import service
from meetings.appeals.models import LegalityAppeal
from meetings.appeals.schemas import AppealIn, AppealOut, ForwardIn, ReviewIn
from meetings.register import repository

router = APIRouter(prefix="/legality-appeals", tags=["legality appeals"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]
REFUSALS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound)


@router.post(
    "",
    status_code=201,
    response_model=AppealOut,
    responses=problem_responses(InvalidInput, RuleViolation, NotFound, Forbidden),
    summary="Lodge a legality appeal: three or more council members, within three weeks, with the body (or the "
    "administration) that made the decision (MTG-38)",
)
async def lodge(data: AppealIn, session: SessionDep, request: Request, principal: Reader) -> Response:
    if not principal.has(Scope.MEETINGS_WRITE) and principal.subject not in {str(s) for s in data.signatories}:
        raise Forbidden("you may lodge only an appeal you sign")

    async def produce() -> AppealOut:
        return service.out(await service.lodge(session=session, data=data))

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.get("", summary="Legality appeals, by the body they are lodged with and their status (MTG-38)")
async def list_appeals(
    session: SessionDep,
    request: Request,
    _: Reader,
    page: PageParams,
    body_id: uuid.UUID | None = None,
    status: Literal["lodged", "upheld", "reversed", "forwarded"] | None = None,
) -> Page[AppealOut]:
    stmt = select(LegalityAppeal)
    if body_id is not None:
        stmt = stmt.where(LegalityAppeal.lodged_with_body_id == body_id)
    if status is not None:
        stmt = stmt.where(LegalityAppeal.status == status)
    rows, next_url = await paginate_rows(session, stmt, request=request, model=LegalityAppeal, page=page)
    return Page(items=[service.out(r) for r in rows], next=next_url)


@router.get("/{appeal_id}", summary="One legality appeal")
async def get_appeal(appeal_id: uuid.UUID, session: SessionDep, _: Reader) -> AppealOut:
    return service.out(await repository.get(session, LegalityAppeal, appeal_id))


@router.post(
    "/{appeal_id}/review",
    responses=REFUSALS,
    summary="The body that made the decision upholds or reverses it; upheld, it is to be forwarded (MTG-38)",
)
async def review(appeal_id: uuid.UUID, data: ReviewIn, session: SessionDep, _: Writer) -> AppealOut:
    return service.out(await service.review(session=session, appeal_id=appeal_id, data=data))


@router.post(
    "/{appeal_id}/forward",
    responses=REFUSALS,
    summary="Forward an upheld decision for legality review (MTG-38: departementet; today the county governor)",
)
async def forward(appeal_id: uuid.UUID, data: ForwardIn, session: SessionDep, request: Request, _: Writer) -> AppealOut:
    settings_file = request.app.state.settings.municipality_config
    return service.out(
        await service.forward(session=session, appeal_id=appeal_id, data=data, settings_file=settings_file)
    )
