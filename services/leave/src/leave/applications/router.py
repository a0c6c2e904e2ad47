from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.idempotency import idempotent
from folkevalgt_shared.pagination import PageParams, paginate_rows
from folkevalgt_shared.service import PublisherDep
from leave.applications import decision, service
from leave.applications.models import Application
from leave.applications.schemas import (
    ApplicationIn,
    ApplicationOut,
    ApplicationPage,
    DecisionOut,
    ExtentOut,
    GrantIn,
    ProposalOut,
    ReasonOut,
    RevocationOut,
    RevokeIn,
)
from leave.deps import Applicant, Caller, Decider, IfMatch, Reader, RulesDep, caller_of, today
from leave.domain.applications import propose
from leave.domain.model import Extent
from leave.domain.quota import Part, Split
from leave.domain.reasons import REASONS
from leave.domain.settings import LeaveRules
from leave.employees.models import Employee
from leave.employees.schemas import PotOut
from leave.schemas import hours_text
from leave.units.models import Unit

router = APIRouter(tags=["applications"])
Status = Literal["pending", "granted", "denied", "withdrawn", "revoked"]
WRITE_ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound, Forbidden)


def _extent(start: date, end: date, per_day: int | None) -> ExtentOut:
    return ExtentOut(start_date=start, end_date=end, hours_per_day=hours_text(per_day) if per_day else None)


async def application_out(
    session: AsyncSession,
    application: Application,
    employee: Employee,
    rules: LeaveRules,
    *,
    parts: tuple[Part, ...] | None = None,
    assessment: service.Assessment | None = None,
) -> ApplicationOut:
    reason = service.reason_of(application.reason)
    day = employee.employment().day
    proposal = decision = revocation = None
    if application.status == "pending":
        if assessment is None:
            requested = Extent(application.requested_start, application.requested_end, application.requested_per_day)
            assessment = await service.assess(
                session,
                employee=employee,
                reason=reason,
                extent=requested,
                occasion=application.occasion,
                rules=rules,
                exclude=application.id,
            )
        suggested = propose(reason, assessment.split)
        proposal = ProposalOut(
            outcome=suggested.outcome,
            note=suggested.note,
            rule_version=assessment.rule_version,
            split=service.split_out(assessment.split, assessment.consequences, day),
            pots_after=assessment.pots_after,
        )
    elif application.status in ("granted", "denied", "revoked"):
        assert application.decided_by is not None and application.decided_at is not None
        split = None
        if application.status != "denied":
            if parts is None:
                parts = (await service.parts_of(session, [application.id])).get(application.id, ())
            split = service.split_out(Split(parts), application.consequences or {}, day)
        decision = DecisionOut(
            outcome="deny" if application.status == "denied" else "grant",
            decided_by=application.decided_by,
            decided_at=application.decided_at,
            note=application.decision_note,
            rule_version=application.rule_version,
            split=split,
            pots_after=[PotOut.model_validate(p) for p in application.balances or []],
        )
    if application.revoked_from is not None:
        assert application.revoked_by and application.revoked_at and application.revocation_reason
        revocation = RevocationOut(
            from_date=application.revoked_from,
            reason=application.revocation_reason,
            revoked_by=application.revoked_by,
            revoked_at=application.revoked_at,
        )
    return ApplicationOut(
        id=application.id,
        employee_id=application.employee_id,
        unit_id=application.unit_id,
        reason=application.reason,
        rule=application.rule,
        section=reason.section,
        title=reason.title,
        legal_basis=application.legal_basis,
        occasion=application.occasion,
        justification=application.justification,
        documentation_ref=application.documentation_ref,
        channel=application.channel,  # type: ignore[arg-type]
        urgent=application.urgent,
        status=application.status,  # type: ignore[arg-type]
        requested=_extent(application.requested_start, application.requested_end, application.requested_per_day),
        current=_extent(application.start_date, application.end_date, application.per_day),
        submitted_by=application.submitted_by,
        submitted_at=application.submitted_at,
        proposal=proposal,
        decision=decision,
        revocation=revocation,
        version=application.version,
        modified_at=application.modified_at,
    )


@router.get("/reasons", summary="The reasons one may apply for, each with its rule, and what it grants on a day")
async def list_reasons(rules: RulesDep, _: Reader, on: date | None = None) -> list[ReasonOut]:
    _rule_version, settings = rules.regulation(on or today(), field="on")
    out = []
    for r in REASONS:
        rs = settings.reasons.get(r.code)
        out.append(
            ReasonOut(
                code=r.code,
                rule=r.rule,
                section=r.section,
                title=r.title,
                source=r.source.value,
                paid=rs.paid if rs else None,
                max_days=f"{rs.max_days.normalize():f}" if rs and rs.max_days else None,
                max_years=rs.max_years if rs else None,
                pot=rs.pot if rs else None,
                right=r.right,
                discretionary=r.discretionary,
                legal_basis=r.legal_basis,
                requires_documentation=r.documented,
            )
        )
    return out


@router.post(
    "/applications",
    status_code=201,
    response_model=ApplicationOut,
    responses=WRITE_ERRORS,
    summary="Apply for leave (LEA-02): the proposal (paid/unpaid split, LEA-16) comes back at once",
)
async def submit_application(
    data: ApplicationIn, request: Request, session: SessionDep, rules: RulesDep, principal: Applicant
) -> Response:
    async def produce() -> ApplicationOut:
        caller = await caller_of(session, principal)
        application = await service.apply(session=session, data=data, caller=caller, rules=rules)
        employee = await session.get(Employee, application.employee_id)
        assert employee is not None
        return await application_out(session, application, employee, rules)

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


def _visible_to(caller: Caller) -> ColumnElement[bool]:
    if caller.admin:
        return true()
    return or_(Application.employee_id.in_(caller.employee_ids), Application.unit_id.in_(caller.managed_units))


async def _page(
    session: AsyncSession, request: Request, stmt: object, rules: LeaveRules, page: PageParams
) -> ApplicationPage:
    rows, next_url = await paginate_rows(session, stmt, request=request, model=Application, page=page)
    employees = {e.id: e for e in (await session.scalars(
        select(Employee).where(Employee.id.in_({a.employee_id for a in rows}))
    )).all()}  # fmt: skip
    parts = await service.parts_of(session, [a.id for a in rows if a.status in ("granted", "revoked")])
    items = [
        await application_out(session, a, employees[a.employee_id], rules, parts=parts.get(a.id, ())) for a in rows
    ]
    return ApplicationPage(items=items, next=next_url)


@router.get("/applications", summary="Applications: an employee's own, a manager's units', or all for HR")
async def list_applications(
    request: Request,
    session: ReadSessionDep,
    principal: Reader,
    rules: RulesDep,
    page: PageParams,
    status: Status | None = None,
    employee_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> ApplicationPage:
    caller = await caller_of(session, principal)
    stmt = select(Application).where(_visible_to(caller))
    if status is not None:
        stmt = stmt.where(Application.status == status)
    if employee_id is not None:
        stmt = stmt.where(Application.employee_id == employee_id)
    if unit_id is not None:
        stmt = stmt.where(Application.unit_id == unit_id)
    if year is not None:
        stmt = stmt.where(and_(Application.start_date <= date(year, 12, 31), Application.end_date >= date(year, 1, 1)))
    return await _page(session, request, stmt, rules, page)


async def _unit_for_manager(session: AsyncSession, principal: Reader, unit_id: uuid.UUID) -> Unit:
    caller = await caller_of(session, principal)
    unit = await session.get(Unit, unit_id)
    if unit is None or not (caller.admin or caller.manages(unit_id)):
        raise NotFound(f"no unit {unit_id} that you manage")
    return unit


@router.get(
    "/units/{unit_id:uuid}/queue",
    responses=problem_responses(NotFound),
    summary="LEA-03: the unit's applications waiting for a decision, oldest first, each with its proposal",
)
async def unit_queue(
    unit_id: uuid.UUID, request: Request, session: ReadSessionDep, principal: Decider, rules: RulesDep, page: PageParams
) -> ApplicationPage:
    await _unit_for_manager(session, principal, unit_id)
    stmt = select(Application).where(Application.unit_id == unit_id, Application.status == "pending")
    return await _page(session, request, stmt, rules, page)


@router.get(
    "/units/{unit_id:uuid}/granted",
    responses=problem_responses(NotFound),
    summary="LEA-03: the unit's register of granted leave (optionally in one year)",
)
async def unit_register(
    unit_id: uuid.UUID,
    request: Request,
    session: ReadSessionDep,
    principal: Decider,
    rules: RulesDep,
    page: PageParams,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> ApplicationPage:
    await _unit_for_manager(session, principal, unit_id)
    stmt = select(Application).where(Application.unit_id == unit_id, Application.status == "granted")
    if year is not None:
        stmt = stmt.where(Application.start_date <= date(year, 12, 31), Application.end_date >= date(year, 1, 1))
    return await _page(session, request, stmt, rules, page)


@router.get(
    "/applications/{application_id:uuid}",
    responses=problem_responses(NotFound),
    summary="An application: the proposal while pending, else the decision (another employee's is 404)",
)
async def get_application(
    application_id: uuid.UUID, session: ReadSessionDep, response: Response, principal: Reader, rules: RulesDep
) -> ApplicationOut:
    application, employee, _ = await service.load(session, application_id)
    if not (await caller_of(session, principal)).reaches(application.employee_id, application.unit_id):
        raise NotFound(f"no application {application_id}")
    response.headers["ETag"] = f'"{application.version}"'
    return await application_out(session, application, employee, rules)


@router.post(
    "/applications/{application_id:uuid}/decision",
    responses=WRITE_ERRORS,
    response_model=ApplicationOut,
    summary="LEA-03: the unit manager grants (possibly less: later start, earlier end, fewer hours) or denies",
)
async def decide_application(
    application_id: uuid.UUID,
    data: GrantIn,
    session: SessionDep,
    publisher: PublisherDep,
    principal: Decider,
    rules: RulesDep,
    if_match: IfMatch,
) -> Response:
    application, employee, parts = await decision.decide(
        session=session,
        application_id=application_id,
        data=data,
        principal=principal,
        rules=rules,
        publisher=publisher,
        if_match=if_match,
    )
    out = await application_out(session, application, employee, rules, parts=parts)
    # Serialised here: the answer is valid by construction, FastAPI would validate it once more.
    return Response(out.model_dump_json(), media_type="application/json", headers={"ETag": f'"{application.version}"'})


@router.post(
    "/applications/{application_id:uuid}/revocation",
    responses=WRITE_ERRORS,
    summary="Revoke a granted leave from a day (all of it from its first day), or cut it short; leave.revoked",
)
async def revoke_application(
    application_id: uuid.UUID,
    data: RevokeIn,
    session: SessionDep,
    publisher: PublisherDep,
    principal: Decider,
    rules: RulesDep,
) -> ApplicationOut:
    caller = await caller_of(session, principal)
    application, employee, _, kept = await service.revoke(
        session=session,
        application_id=application_id,
        data=data,
        caller=caller,
        rules=rules,
        publisher=publisher,
        today=today(),
    )
    return await application_out(session, application, employee, rules, parts=kept)


@router.post(
    "/applications/{application_id:uuid}/withdrawal",
    responses=problem_responses(NotFound, Conflict),
    summary="Withdraw an application not yet decided",
)
async def withdraw_application(
    application_id: uuid.UUID, session: SessionDep, principal: Applicant, rules: RulesDep
) -> ApplicationOut:
    caller = await caller_of(session, principal)
    application = await service.withdraw(session=session, application_id=application_id, caller=caller)
    employee = await session.get(Employee, application.employee_id)
    assert employee is not None
    return await application_out(session, application, employee, rules)
