from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, PreconditionFailed, problem_responses
from folkevalgt_shared.idempotency import idempotent
from folkevalgt_shared.pagination import Page, PageParams, paginate_rows
from leave.bulk import CSV_BODY, read_rows
from leave.deps import Admin, IfMatch, Reader
from leave.units import service
from leave.units.models import Unit
from leave.units.schemas import ImportResult, UnitImportRow, UnitIn, UnitOut, UnitPatch

router = APIRouter(prefix="/units", tags=["units and employees"])
WRITE_ERRORS = problem_responses(InvalidInput, Conflict, NotFound, PreconditionFailed)


@router.post("", status_code=201, response_model=UnitOut, responses=WRITE_ERRORS, summary="Add a unit (virksomhet)")
async def create_unit(data: UnitIn, session: SessionDep, request: Request, principal: Admin) -> Response:
    async def produce() -> UnitOut:
        return UnitOut.model_validate(await service.create(session=session, data=data))

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.post(
    "/import",
    responses=problem_responses(InvalidInput),
    openapi_extra=CSV_BODY,
    summary="Import units in bulk (JSON list or CSV: code, name, manager_employee_number); all rows or none",
)
async def import_units(session: SessionDep, request: Request, _: Admin) -> ImportResult:
    rows = await read_rows(request, UnitImportRow, max_rows=5_000)
    return await service.import_units(session=session, rows=rows)


@router.get("", summary="Units")
async def list_units(session: ReadSessionDep, request: Request, _: Reader, page: PageParams) -> Page[UnitOut]:
    rows, next_url = await paginate_rows(session, select(Unit), request=request, model=Unit, page=page)
    return Page(items=[UnitOut.model_validate(u) for u in rows], next=next_url)


@router.get("/{unit_id:uuid}", responses=problem_responses(NotFound), summary="One unit (with its ETag)")
async def get_unit(unit_id: uuid.UUID, session: ReadSessionDep, response: Response, _: Reader) -> UnitOut:
    unit = await service.get(session, unit_id)
    response.headers["ETag"] = f'"{unit.version}"'
    return UnitOut.model_validate(unit)


@router.patch("/{unit_id:uuid}", responses=WRITE_ERRORS, summary="Change a unit (If-Match: the ETag of a GET)")
async def update_unit(
    unit_id: uuid.UUID, patch: UnitPatch, session: SessionDep, response: Response, _: Admin, if_match: IfMatch
) -> UnitOut:
    unit = await service.update(
        session=session, unit_id=unit_id, changes=patch.model_dump(exclude_unset=True), if_match=if_match
    )
    response.headers["ETag"] = f'"{unit.version}"'
    return UnitOut.model_validate(unit)
