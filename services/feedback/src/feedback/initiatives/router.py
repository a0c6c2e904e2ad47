from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from feedback.deps import ClockDep, IfMatch, InitiativeReader, Resident, RulesDep
from feedback.initiatives import service
from feedback.initiatives.models import Initiative
from feedback.initiatives.schemas import InitiativeIn, InitiativeOut, InitiativePage, SignatureOut
from folkevalgt_shared.auth import Scope
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    RuleViolation,
    problem_responses,
)
from folkevalgt_shared.idempotency import idempotent
from folkevalgt_shared.pagination import PageParams, paginate_rows
from folkevalgt_shared.preconditions import etag, parse_if_match
from folkevalgt_shared.service import PublisherDep

router = APIRouter(prefix="/initiatives", tags=["citizen initiatives (innbyggerinitiativ)"])
ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound, Forbidden)


def _secret(request: Request) -> bytes:
    key: str = request.app.state.settings.signature_key
    return key.encode()


@router.post(
    "",
    status_code=201,
    response_model=InitiativeOut,
    responses=ERRORS,
    summary="Start a citizen initiative (FBK-31); the same content in the same election period is refused",
)
async def start_initiative(
    data: InitiativeIn, request: Request, session: SessionDep, rules: RulesDep, clock: ClockDep, principal: Resident
) -> Response:
    now = clock()

    async def produce() -> InitiativeOut:
        return await service.start(
            session=session, data=data, principal=principal, rules=rules, secret=_secret(request), now=now
        )

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.get("", summary="Citizen initiatives with their signatures and threshold, in order of change (cursor-paged)")
async def list_initiatives(
    request: Request,
    session: ReadSessionDep,
    principal: InitiativeReader,
    page: PageParams,
    status: Literal["collecting", "put_forward"] | None = None,
) -> InitiativePage:
    stmt = select(Initiative)
    if status is not None:
        stmt = stmt.where(Initiative.status == status)
    rows, next_url = await paginate_rows(session, stmt, request=request, model=Initiative, page=page)
    return InitiativePage(items=[service.out(r) for r in rows], next=next_url)


@router.get(
    "/{initiative_id:uuid}", responses=problem_responses(NotFound), summary="A citizen initiative (with its ETag)"
)
async def get_initiative(
    initiative_id: uuid.UUID,
    request: Request,
    response: Response,
    session: ReadSessionDep,
    principal: InitiativeReader,
) -> InitiativeOut:
    row = await service.get(session, initiative_id)
    signed = None
    if principal.has(Scope.FEEDBACK_SIGN):
        signed = await service.has_signed(session, row.id, _secret(request), principal.subject)
    response.headers.update(etag(row.version))
    return service.out(row, signed)


@router.post(
    "/{initiative_id:uuid}/signatures",
    status_code=201,
    response_model=SignatureOut,
    responses=ERRORS,
    summary="Sign (FBK-31): one signature per resident; at the threshold it goes to the council",
)
async def sign(
    initiative_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Resident,
) -> Response:
    now = clock()

    async def produce() -> SignatureOut:
        return await service.sign(
            session=session,
            initiative_id=initiative_id,
            principal=principal,
            rules=rules,
            secret=_secret(request),
            publisher=publisher,
            now=now,
        )

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.delete(
    "/{initiative_id:uuid}/signatures/mine",
    status_code=204,
    responses={**ERRORS, **problem_responses(PreconditionFailed)},
    summary="Withdraw your signature (FBK-31): allowed until the threshold is reached; with If-Match (the "
    "initiative's ETag) only if the initiative is still as you saw it",
)
async def withdraw(
    initiative_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    clock: ClockDep,
    principal: Resident,
    if_match: IfMatch = None,
) -> Response:
    await service.withdraw(
        session=session,
        initiative_id=initiative_id,
        principal=principal,
        secret=_secret(request),
        now=clock(),
        if_match=parse_if_match(if_match),
    )
    return Response(status_code=204)
