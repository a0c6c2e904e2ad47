from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.inputs import Quarter
from folkevalgt_shared.pagination import PageParams, paginate_rows
from folkevalgt_shared.service import PublisherDep
from remuneration.claims import service
from remuneration.claims.models import Claim
from remuneration.claims.schemas import ClaimIn, ClaimOut, ClaimPage, OverrideOut, ReasonIn
from remuneration.computation import RulesDep
from remuneration.deps import ClockDep, Reader, Writer, is_administration, self_or_administration
from remuneration.domain.deadlines import claim_deadline
from remuneration.domain.model import Period, format_nok
from remuneration.periods import parse_period

router = APIRouter(prefix="/claims", tags=["claims"])
Status = Literal["assessed", "rate_pending", "rejected", "approved", "paid"]


def claim_out(claim: Claim) -> ClaimOut:
    override = None
    if claim.override_reason is not None and claim.override_by and claim.override_at:
        override = OverrideOut(reason=claim.override_reason, granted_by=claim.override_by, granted_at=claim.override_at)
    return ClaimOut(
        id=claim.id,
        person_id=claim.person_id,
        kind=claim.kind,
        item_type=claim.item_type,
        period=claim.period,
        day=claim.concerns_on,
        status=claim.status,  # type: ignore[arg-type]
        amount=format_nok(claim.amount) if claim.amount is not None else None,
        rule=claim.rule,
        rate_version=claim.rate_version,
        explanation=claim.explanation,
        received_at=claim.received_at,
        claim_deadline=claim_deadline(Period.parse(claim.period)),
        decided_at=claim.decided_at,
        decided_by=claim.decided_by,
        override=override,
        details=claim.details,
        version=claim.version,
    )


@router.post(
    "",
    status_code=201,
    response_model=ClaimOut,
    responses=problem_responses(InvalidInput, RuleViolation, Forbidden, Conflict),
    summary="Submit a claim (krav): assessed at once; after the quarter's deadline it is rejected (REM-05); "
    "the same claim twice is 409",
)
async def submit_claim(
    data: ClaimIn,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Reader,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> ClaimOut:
        claim = await service.submit(
            session=session, data=data, principal=principal, rules=rules, publisher=publisher, now=clock()
        )
        return claim_out(claim)

    return await idempotency.respond(principal, produce)


@router.get("", summary="Claims: an official's own, or anyone's for the administration")
async def list_claims(
    request: Request,
    session: ReadSessionDep,
    principal: Reader,
    page: PageParams,
    person_id: uuid.UUID | None = None,
    period: Annotated[Quarter | None, Query(description="A quarter, e.g. 2026Q1")] = None,
    status: Status | None = None,
) -> ClaimPage:
    if person_id is None and not is_administration(principal):
        person_id = service.caller_person(principal, None)
    if person_id is not None:
        self_or_administration(principal, person_id)
    stmt = select(Claim)
    if person_id is not None:
        stmt = stmt.where(Claim.person_id == person_id)
    if period is not None:
        stmt = stmt.where(Claim.period == parse_period(period).label)
    if status is not None:
        stmt = stmt.where(Claim.status == status)
    claims, next_url = await paginate_rows(session, stmt, request=request, model=Claim, page=page)
    return ClaimPage(items=[claim_out(c) for c in claims], next=next_url)


@router.get(
    "/{claim_id}",
    responses=problem_responses(NotFound),
    summary="A claim: its status, the amount and why (another official's claim is 404)",
)
async def get_claim(claim_id: uuid.UUID, session: ReadSessionDep, principal: Reader) -> ClaimOut:
    return claim_out(await service.get_visible(session, claim_id, principal))


@router.post(
    "/{claim_id}/override",
    response_model=ClaimOut,
    responses=problem_responses(NotFound, Conflict, RuleViolation, InvalidInput),
    summary="Admit a claim rejected as late, with a reason (REM-05); who, when and why are kept and audited",
)
async def override_late_claim(
    claim_id: uuid.UUID,
    data: ReasonIn,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> ClaimOut:
        claim = await service.override_late(
            session=session,
            claim_id=claim_id,
            reason=data.reason,
            principal=principal,
            rules=rules,
            publisher=publisher,
            now=clock(),
        )
        return claim_out(claim)

    return await idempotency.respond(principal, produce)


@router.post(
    "/{claim_id}/approve",
    response_model=ClaimOut,
    responses=problem_responses(NotFound, Conflict),
    summary="Approve an assessed claim: the next payout batch of its quarter pays it",
)
async def approve_claim(
    claim_id: uuid.UUID, session: SessionDep, clock: ClockDep, principal: Writer, idempotency: IdempotencyDep
) -> Response:
    async def produce() -> ClaimOut:
        return claim_out(await service.approve(session=session, claim_id=claim_id, principal=principal, now=clock()))

    return await idempotency.respond(principal, produce)


@router.post(
    "/{claim_id}/reject",
    response_model=ClaimOut,
    responses=problem_responses(NotFound, Conflict),
    summary="Reject a claim not yet approved, with the reason; claim.rejected is published",
)
async def reject_claim(
    claim_id: uuid.UUID,
    data: ReasonIn,
    session: SessionDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> ClaimOut:
        claim = await service.reject(
            session=session,
            claim_id=claim_id,
            reason=data.reason,
            principal=principal,
            publisher=publisher,
            now=clock(),
        )
        return claim_out(claim)

    return await idempotency.respond(principal, produce)


@router.post(
    "/{claim_id}/assess",
    response_model=ClaimOut,
    responses=problem_responses(NotFound, Conflict, RuleViolation, InvalidInput),
    summary="Price a rate-pending claim again, once the council has set the rate (REM-33)",
)
async def reassess_claim(
    claim_id: uuid.UUID,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> ClaimOut:
        claim = await service.reassess(
            session=session, claim_id=claim_id, principal=principal, rules=rules, now=clock()
        )
        return claim_out(claim)

    return await idempotency.respond(principal, produce)
