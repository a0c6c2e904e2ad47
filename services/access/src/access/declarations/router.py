"""Confidentiality declarations (taushetserklæring, ACC-22), recorded by the secretariat per person."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from access.audit import service as audit
from access.declarations.models import Declaration
from access.declarations.schemas import DeclarationIn, DeclarationOut, DeclarationPage
from access.deps import ClockDep, Reader, Writer, acts_for_anyone, person_for
from access.grants.schemas import WithdrawIn
from access.references import require_people
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.pagination import PageParams, paginate_rows

router = APIRouter(prefix="/declarations", tags=["declarations"])


@router.post(
    "",
    status_code=201,
    response_model=DeclarationOut,
    responses=problem_responses(InvalidInput),
    summary="Record a signed confidentiality declaration (ACC-22)",
)
async def record_declaration(
    data: DeclarationIn, idempotency: IdempotencyDep, session: SessionDep, clock: ClockDep, principal: Writer
) -> Response:
    async def produce() -> DeclarationOut:
        now = clock()
        errors = []
        if data.signed_on > oslo_date(now):
            errors.append({"field": "signed_on", "message": "in the future: record it once signed"})
        if data.valid_until is not None and data.valid_until < data.signed_on:
            errors.append({"field": "valid_until", "message": "before it was signed"})
        if errors:
            raise InvalidInput("the declaration is not valid", errors=errors)
        await require_people(session, [("person_id", data.person_id)])
        declaration = Declaration(**data.model_dump(), recorded_by=principal.subject, created_at=now, modified_at=now)
        session.add(declaration)
        await session.flush()
        await audit.append(
            session,
            at=now,
            actor=principal.subject,
            action="declaration_recorded",
            person_id=data.person_id,
            rules=["ACC-22"],
            details={"declaration_id": declaration.id, **data.model_dump()},
        )
        return DeclarationOut.model_validate(declaration, from_attributes=True)

    return await idempotency.respond(principal, produce)


@router.get("", response_model=DeclarationPage, summary="Declarations: your own, or anyone's for the secretariat")
async def list_declarations(
    request: Request, session: ReadSessionDep, principal: Reader, page: PageParams, person_id: uuid.UUID | None = None
) -> DeclarationPage:
    stmt = select(Declaration)
    if person_id is not None or not acts_for_anyone(principal):
        stmt = stmt.where(Declaration.person_id == person_for(principal, person_id))
    rows, next_url = await paginate_rows(session, stmt, request=request, model=Declaration, page=page)
    return DeclarationPage(items=[DeclarationOut.model_validate(r, from_attributes=True) for r in rows], next=next_url)


@router.post(
    "/{declaration_id}/withdraw",
    response_model=DeclarationOut,
    responses=problem_responses(NotFound, Conflict, Forbidden),
    summary="Withdraw a declaration recorded in error or ended; the record stays",
)
async def withdraw_declaration(
    declaration_id: uuid.UUID,
    data: WithdrawIn,
    session: SessionDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> DeclarationOut:
        now = clock()
        declaration = await session.get(Declaration, declaration_id, with_for_update=True)
        if declaration is None:
            raise NotFound(f"no declaration {declaration_id}")
        if declaration.withdrawn_at is not None:
            raise Conflict("the declaration is withdrawn already")
        declaration.withdrawn_at, declaration.withdrawn_by, declaration.withdraw_reason = (
            now,
            principal.subject,
            data.reason,
        )
        declaration.version, declaration.modified_at = declaration.version + 1, now
        await session.flush()
        await audit.append(
            session,
            at=now,
            actor=principal.subject,
            action="declaration_withdrawn",
            person_id=declaration.person_id,
            rules=["ACC-22"],
            reason=data.reason,
            details={"declaration_id": declaration.id},
        )
        return DeclarationOut.model_validate(declaration, from_attributes=True)

    return await idempotency.respond(principal, produce)
