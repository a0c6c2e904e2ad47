"""The audit trail (ACC-70), for the control committee and operators: read and verify, never change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from access.audit.models import AuditEntry
from access.audit.schemas import AuditEntryOut, AuditPage, VerificationOut
from access.audit.service import entries_in_order
from access.deps import Auditor
from access.domain.audit import ChainVerifier
from folkevalgt_shared.deps import ReadSessionDep
from folkevalgt_shared.errors import InvalidInput, problem_responses
from folkevalgt_shared.inputs import BoundedDateTime, RowId

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get(
    "",
    response_model=AuditPage,
    responses=problem_responses(InvalidInput),
    summary="Every decision, request and grant: who, what, when, why and the outcome (ACC-70); newest first",
)
async def list_audit(
    request: Request,
    session: ReadSessionDep,
    _: Auditor,
    person_id: str | None = None,
    case_number: str | None = None,
    action: str | None = None,
    since: Annotated[
        BoundedDateTime | None, Query(description="Entries at or after this time (with an offset)")
    ] = None,
    before_seq: Annotated[RowId | None, Query(description="The cursor: entries before this one")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    stmt = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit + 1)
    if person_id is not None:
        stmt = stmt.where(AuditEntry.person_id == person_id)
    if case_number is not None:
        stmt = stmt.where(AuditEntry.case_number == case_number)
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since)
    if before_seq is not None:
        stmt = stmt.where(AuditEntry.seq < before_seq)
    rows = list((await session.scalars(stmt)).all())
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_url = str(request.url.include_query_params(before_seq=rows[-1].seq))
    return AuditPage(items=[AuditEntryOut.model_validate(r) for r in rows], next=next_url)


@router.get(
    "/verify",
    response_model=VerificationOut,
    summary="Walks the hash chain: proves no entry was altered or removed (ACC-70)",
)
async def verify(session: ReadSessionDep, _: Auditor) -> VerificationOut:
    verifier = ChainVerifier()
    async for batch in entries_in_order(session):
        if not verifier.feed(batch):
            break
    result = verifier.result()
    return VerificationOut(
        valid=result.valid, entries=result.entries, head=result.head, broken_at=result.broken_at, problem=result.problem
    )
