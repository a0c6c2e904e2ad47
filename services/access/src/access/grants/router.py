from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from access.cases.service import known_bodies
from access.db import register
from access.deps import ClockDep, Writer
from access.grants import service
from access.grants.models import Grant
from access.grants.schemas import GrantIn, GrantOut, GrantPage, WithdrawIn
from access.rules import RulesDep
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.pagination import PageParams, paginate_rows

router = APIRouter(prefix="/grants", tags=["grants"])


@router.post(
    "",
    status_code=201,
    response_model=GrantOut,
    responses=problem_responses(InvalidInput, RuleViolation, Conflict),
    summary="Record a body's grant: majority, confidential information (ACC-21); a third (ACC-05); a demand (ACC-04)",
)
async def record_grant(
    data: GrantIn, idempotency: IdempotencyDep, session: SessionDep, rules: RulesDep, clock: ClockDep, principal: Writer
) -> Response:
    async def produce() -> GrantOut:
        now = clock()
        grant = await service.record(
            session=session,
            data=data,
            policy=rules.at(oslo_date(now)),
            known_bodies=await known_bodies(session, register),
            actor=principal.subject,
            now=now,
        )
        return GrantOut.model_validate(grant, from_attributes=True)

    return await idempotency.respond(principal, produce)


@router.get("", response_model=GrantPage, summary="Grants, with their decision reference and status")
async def list_grants(
    request: Request,
    session: ReadSessionDep,
    _: Writer,
    page: PageParams,
    body_key: str | None = None,
    case_number: str | None = None,
    status: Literal["verified", "unverified", "contradicted"] | None = None,
) -> GrantPage:
    stmt = select(Grant)
    if body_key is not None:
        stmt = stmt.where(Grant.body_key == body_key)
    if case_number is not None:
        stmt = stmt.where(Grant.case_number == case_number)
    if status is not None:
        stmt = stmt.where(Grant.status == status)
    grants, next_url = await paginate_rows(session, stmt, request=request, model=Grant, page=page)
    return GrantPage(items=[GrantOut.model_validate(g, from_attributes=True) for g in grants], next=next_url)


@router.get("/{grant_id}", response_model=GrantOut, responses=problem_responses(NotFound))
async def get_grant(grant_id: uuid.UUID, session: ReadSessionDep, _: Writer) -> GrantOut:
    return GrantOut.model_validate(await service.get(session, grant_id), from_attributes=True)


@router.post(
    "/{grant_id}/withdraw",
    response_model=GrantOut,
    responses=problem_responses(NotFound, Conflict),
    summary="Withdraw a grant recorded in error or reversed by the body; the record stays",
)
async def withdraw_grant(
    grant_id: uuid.UUID,
    data: WithdrawIn,
    session: SessionDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> GrantOut:
        grant = await service.withdraw(
            session=session, grant_id=grant_id, reason=data.reason, actor=principal.subject, now=clock()
        )
        return GrantOut.model_validate(grant, from_attributes=True)

    return await idempotency.respond(principal, produce)
