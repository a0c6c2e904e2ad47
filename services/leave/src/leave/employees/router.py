from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import or_, select

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, PreconditionFailed, problem_responses
from folkevalgt_shared.idempotency import idempotent
from folkevalgt_shared.pagination import Page, PageParams, paginate
from leave.bulk import CSV_BODY, read_rows
from leave.deps import Admin, IfMatch, Reader, RulesDep, caller_of, today
from leave.employees import service
from leave.employees.models import Employee
from leave.employees.schemas import EmployeeIn, EmployeeOut, EmployeePatch, QuotasOut
from leave.units.models import Unit
from leave.units.schemas import ImportResult

router = APIRouter(prefix="/employees", tags=["units and employees"])
WRITE_ERRORS = problem_responses(InvalidInput, Conflict, NotFound, PreconditionFailed)


@router.post("", status_code=201, response_model=EmployeeOut, responses=WRITE_ERRORS, summary="Add an employee")
async def create_employee(
    data: EmployeeIn, session: SessionDep, request: Request, rules: RulesDep, principal: Admin
) -> Response:
    async def produce() -> EmployeeOut:
        employee, unit = await service.create(session=session, data=data, rules=rules, today=today())
        return service.out(employee, unit.code)

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.post(
    "/import",
    responses=problem_responses(InvalidInput),
    openapi_extra=CSV_BODY,
    summary="Import employees in bulk (JSON list or CSV with EmployeeIn's fields), by employee number; all or none",
)
async def import_employees(session: SessionDep, request: Request, rules: RulesDep, _: Admin) -> ImportResult:
    rows = await read_rows(request, EmployeeIn, max_rows=20_000)
    return await service.import_employees(session=session, rows=rows, rules=rules, today=today())


@router.get("", summary="Employees: everyone for HR, a manager's units, an employee themself")
async def list_employees(
    session: ReadSessionDep,
    request: Request,
    principal: Reader,
    page: PageParams,
    unit_code: Annotated[str | None, Query(max_length=50)] = None,
) -> Page[EmployeeOut]:
    caller = await caller_of(session, principal)
    stmt = select(Employee, Unit.code).join(Unit, Unit.id == Employee.unit_id)
    if not caller.admin:
        stmt = stmt.where(or_(Employee.id.in_(caller.employee_ids), Employee.unit_id.in_(caller.managed_units)))
    if unit_code is not None:
        stmt = stmt.where(Unit.code == unit_code)
    rows, next_url = await paginate(
        session,
        stmt,
        request=request,
        modified_col=Employee.modified_at,
        key_col=Employee.id,
        limit=page.limit,
        cursor=page.cursor,
        modified_since=page.modified_since,
    )
    return Page(items=[service.out(e, code) for e, code in rows], next=next_url)


async def _visible(session: ReadSessionDep, principal: Reader, employee_id: uuid.UUID) -> tuple[Employee, Unit]:
    employee, unit = await service.get(session, employee_id)
    if not (await caller_of(session, principal)).reaches(employee.id, employee.unit_id):
        raise NotFound(f"no employee {employee_id}")
    return employee, unit


@router.get("/me", responses=problem_responses(NotFound), summary="The caller's own employee record")
async def get_me(session: ReadSessionDep, principal: Reader) -> list[EmployeeOut]:
    caller = await caller_of(session, principal)
    stmt = select(Employee, Unit.code).join(Unit, Unit.id == Employee.unit_id)
    rows = await session.execute(stmt.where(Employee.id.in_(caller.employee_ids)))
    return [service.out(e, code) for e, code in rows]


@router.get("/{employee_id:uuid}", responses=problem_responses(NotFound), summary="One employee (with the ETag)")
async def get_employee(
    employee_id: uuid.UUID, session: ReadSessionDep, response: Response, principal: Reader
) -> EmployeeOut:
    employee, unit = await _visible(session, principal, employee_id)
    response.headers["ETag"] = f'"{employee.version}"'
    return service.out(employee, unit.code)


@router.patch("/{employee_id:uuid}", responses=WRITE_ERRORS, summary="Change an employee (If-Match: the ETag of a GET)")
async def update_employee(
    employee_id: uuid.UUID, patch: EmployeePatch, session: SessionDep, response: Response, _: Admin, if_match: IfMatch
) -> EmployeeOut:
    employee, unit = await service.update(
        session=session, employee_id=employee_id, changes=patch.model_dump(exclude_unset=True), if_match=if_match
    )
    response.headers["ETag"] = f'"{employee.version}"'
    return service.out(employee, unit.code)


@router.get(
    "/{employee_id:uuid}/quotas",
    responses=problem_responses(NotFound),
    summary="LEA-03: the year's pots (12-day welfare pot, public-office pot) with what is used and what remains",
)
async def employee_quotas(
    employee_id: uuid.UUID,
    session: ReadSessionDep,
    principal: Reader,
    rules: RulesDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> QuotasOut:
    employee, _ = await _visible(session, principal, employee_id)
    return await service.quotas(session, employee, year or today().year, rules)
