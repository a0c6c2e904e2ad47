from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.idempotency import idempotent
from folkevalgt_shared.jobs import PeriodicJob
from folkevalgt_shared.pagination import Page, PageParams, paginate_rows
from folkevalgt_shared.service import PublisherDep
from leave.deps import Admin, Applicant, Reader, RulesDep, is_admin, subject_id, today
from leave.office_leaves import service
from leave.office_leaves.models import OfficeLeave
from leave.office_leaves.schemas import (
    OfficeCutShortIn,
    OfficeDecisionIn,
    OfficeLeaveIn,
    OfficeLeaveOut,
    OfficeRevokeIn,
)

router = APIRouter(prefix="/office-leaves", tags=["leave from office"])
WRITE_ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound, Forbidden)
Status = Literal["pending", "granted", "denied", "withdrawn", "revoked"]


@router.post(
    "",
    status_code=201,
    response_model=OfficeLeaveOut,
    responses=WRITE_ERRORS,
    summary="LEA-60: an elected representative applies for leave from office (up to two years)",
)
async def apply_for_office_leave(
    data: OfficeLeaveIn, request: Request, session: SessionDep, rules: RulesDep, principal: Applicant
) -> Response:
    async def produce() -> OfficeLeaveOut:
        return service.out(await service.apply(session=session, data=data, principal=principal, rules=rules))

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.get("", summary="Leaves from office: a representative's own, or all for the secretariat")
async def list_office_leaves(
    request: Request,
    session: ReadSessionDep,
    principal: Reader,
    page: PageParams,
    person_id: uuid.UUID | None = None,
    status: Status | None = None,
) -> Page[OfficeLeaveOut]:
    stmt = select(OfficeLeave)
    if not is_admin(principal):
        stmt = stmt.where(OfficeLeave.person_id == subject_id(principal))
    if person_id is not None:
        stmt = stmt.where(OfficeLeave.person_id == person_id)
    if status is not None:
        stmt = stmt.where(OfficeLeave.status == status)
    rows, next_url = await paginate_rows(session, stmt, request=request, model=OfficeLeave, page=page)
    return Page(items=[service.out(r) for r in rows], next=next_url)


@router.get("/{leave_id:uuid}", responses=problem_responses(NotFound), summary="One leave from office")
async def get_office_leave(leave_id: uuid.UUID, session: ReadSessionDep, principal: Reader) -> OfficeLeaveOut:
    leave = await service.get(session, leave_id)
    if not service.visible(leave, principal):
        raise NotFound(f"no leave from office {leave_id}")
    return service.out(leave)


@router.post(
    "/{leave_id:uuid}/decision",
    responses=WRITE_ERRORS,
    summary="LEA-60: record the council's decision (grant, possibly shorter, or deny) with its reference",
)
async def decide_office_leave(
    leave_id: uuid.UUID,
    data: OfficeDecisionIn,
    session: SessionDep,
    publisher: PublisherDep,
    rules: RulesDep,
    principal: Admin,
) -> OfficeLeaveOut:
    leave = await service.decide(
        session=session, leave_id=leave_id, data=data, principal=principal, rules=rules, publisher=publisher,
        today=today(),
    )  # fmt: skip
    return service.out(leave)


@router.post(
    "/{leave_id:uuid}/cut-short",
    responses=WRITE_ERRORS,
    summary="Cut a granted leave from office short by a decision: the new version goes out at once if told",
)
async def cut_office_leave_short(
    leave_id: uuid.UUID, data: OfficeCutShortIn, session: SessionDep, publisher: PublisherDep, principal: Admin
) -> OfficeLeaveOut:
    leave = await service.cut_short(
        session=session, leave_id=leave_id, data=data, principal=principal, publisher=publisher, today=today()
    )
    return service.out(leave)


@router.post(
    "/{leave_id:uuid}/revocation",
    responses=WRITE_ERRORS,
    summary="Revoke a granted leave from office by a decision: the member is back in office from today",
)
async def revoke_office_leave(
    leave_id: uuid.UUID, data: OfficeRevokeIn, session: SessionDep, publisher: PublisherDep, principal: Admin
) -> OfficeLeaveOut:
    leave = await service.revoke(
        session=session, leave_id=leave_id, data=data, principal=principal, publisher=publisher, today=today()
    )
    return service.out(leave)


@router.post(
    "/{leave_id:uuid}/withdrawal",
    responses=problem_responses(NotFound, Conflict),
    summary="The representative withdraws an application not yet decided",
)
async def withdraw_office_leave(leave_id: uuid.UUID, session: SessionDep, principal: Applicant) -> OfficeLeaveOut:
    return service.out(await service.withdraw(session=session, leave_id=leave_id, principal=principal))


async def _publish_due(session: AsyncSession, publisher: EventPublisher) -> int:
    return await service.publish_due(session, publisher, today())


def publication_job(interval_seconds: float) -> PeriodicJob:
    """LEA-60: office_leave.started on the first day, office_leave.ended on the last (POST /ops/jobs/…/run)."""
    return PeriodicJob("office-leave-publication", interval_seconds, _publish_due)
