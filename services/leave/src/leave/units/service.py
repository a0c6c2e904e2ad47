"""Units: created, changed (If-Match) and imported in bulk by HR."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.types import utcnow
from leave.employees.models import Employee
from leave.units.models import Unit
from leave.units.schemas import ImportResult, UnitImportRow, UnitIn


async def get(session: AsyncSession, unit_id: uuid.UUID, *, for_update: bool = False) -> Unit:
    stmt = select(Unit).where(Unit.id == unit_id)
    unit = (await session.scalars(stmt.with_for_update() if for_update else stmt)).one_or_none()
    if unit is None:
        raise NotFound(f"no unit {unit_id}")
    return unit


async def by_code(session: AsyncSession, code: str, *, field: str = "unit_code") -> Unit:
    unit = (await session.scalars(select(Unit).where(Unit.code == code))).one_or_none()
    if unit is None:
        raise InvalidInput(f"no unit with code {code!r}", errors=[{"field": field, "message": "unknown unit"}])
    return unit


async def _check_manager(session: AsyncSession, manager_id: uuid.UUID | None) -> None:
    if manager_id is not None and await session.get(Employee, manager_id) is None:
        raise InvalidInput(
            f"no employee {manager_id}", errors=[{"field": "manager_id", "message": "the manager is not an employee"}]
        )


async def create(*, session: AsyncSession, data: UnitIn) -> Unit:
    if (await session.scalars(select(Unit.id).where(Unit.code == data.code))).first() is not None:
        raise Conflict(f"a unit with code {data.code!r} exists", errors=[{"field": "code", "message": "taken"}])
    await _check_manager(session, data.manager_id)
    unit = Unit(id=uuid.uuid4(), **data.model_dump())
    session.add(unit)
    await session.flush()
    return unit


async def update(*, session: AsyncSession, unit_id: uuid.UUID, changes: dict[str, Any], if_match: int | None) -> Unit:
    unit = await get(session, unit_id, for_update=True)
    check_version(unit.version, if_match)
    if "manager_id" in changes:
        await _check_manager(session, changes["manager_id"])
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.version += 1
    unit.modified_at = utcnow()
    await session.flush()
    return unit


async def import_units(*, session: AsyncSession, rows: list[UnitImportRow]) -> ImportResult:
    """Upserts by code: all rows or none."""
    codes = [r.code for r in rows]
    duplicate = next((i for i, c in enumerate(codes) if c in codes[:i]), None)
    if duplicate is not None:
        raise InvalidInput(
            f"unit {codes[duplicate]!r} appears twice",
            errors=[{"field": f"rows[{duplicate}].code", "message": "duplicate"}],
        )
    numbers = {r.manager_employee_number for r in rows if r.manager_employee_number}
    managers = dict(
        (
            await session.execute(
                select(Employee.employee_number, Employee.id).where(Employee.employee_number.in_(numbers))
            )
        ).all()
    )
    errors = [
        {"field": f"rows[{i}].manager_employee_number", "message": f"no employee {r.manager_employee_number!r}"}
        for i, r in enumerate(rows)
        if r.manager_employee_number and r.manager_employee_number not in managers
    ]
    if errors:
        raise InvalidInput(f"{len(errors)} unknown manager(s); nothing was imported", errors=errors)
    existing = {u.code: u for u in (await session.scalars(select(Unit).where(Unit.code.in_(codes)))).all()}
    created = updated = 0
    now = utcnow()
    for row in rows:
        values = {"name": row.name, "manager_id": managers.get(row.manager_employee_number or "")}
        unit = existing.get(row.code)
        if unit is None:
            session.add(Unit(id=uuid.uuid4(), code=row.code, **values, created_at=now, modified_at=now))
            created += 1
        elif any(getattr(unit, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(unit, name, value)
            unit.version += 1
            unit.modified_at = now
            updated += 1
    await session.flush()
    return ImportResult(created=created, updated=updated, unchanged=len(rows) - created - updated)
