"""Employees: created, changed (If-Match) and imported in bulk by HR; their yearly quotas (LEA-03)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.types import utcnow
from leave.applications.models import GrantedPart
from leave.domain.model import FULL_POSITION, Hours, hours
from leave.domain.quota import balances
from leave.domain.reasons import BY_CODE
from leave.domain.settings import LeaveRules, RegulationSettings
from leave.employees.models import Employee
from leave.employees.schemas import EmployeeIn, EmployeeOut, PotOut, QuotasOut, ReasonUse
from leave.schemas import days_text, hours_text
from leave.units import service as units
from leave.units.models import Unit
from leave.units.schemas import ImportResult


def position_of(percent: Decimal) -> int:
    return int(percent * 100)


def percent_text(position: int) -> str:
    return f"{(Decimal(position) / 100).normalize():f}"


def out(employee: Employee, unit_code: str) -> EmployeeOut:
    return EmployeeOut(
        id=employee.id,
        employee_number=employee.employee_number,
        name=employee.name,
        unit_id=employee.unit_id,
        unit_code=unit_code,
        person_id=employee.person_id,
        position_percent=percent_text(employee.position),
        full_time_hours_per_day=hours_text(employee.full_time_day),
        day_hours=hours_text(employee.full_time_day * employee.position // FULL_POSITION),
        permanent=employee.permanent,
        employment_start=employee.employment_start,
        employment_end=employee.employment_end,
        version=employee.version,
        modified_at=employee.modified_at,
    )


async def get(session: AsyncSession, employee_id: uuid.UUID, *, for_update: bool = False) -> tuple[Employee, Unit]:
    stmt = select(Employee, Unit).join(Unit, Unit.id == Employee.unit_id).where(Employee.id == employee_id)
    row = (await session.execute(stmt.with_for_update() if for_update else stmt)).one_or_none()
    if row is None:
        raise NotFound(f"no employee {employee_id}")
    return row


def default_day(rules: LeaveRules, day: date) -> Hours:
    """The regulation's full-time day on `day` (the newest one if the regulation is not yet in force then)."""
    try:
        return rules.regulation(day)[1].full_time_day
    except RuleViolation:
        return rules.regulation(date.max)[1].full_time_day


def _values(data: EmployeeIn, unit_id: uuid.UUID, full_time_day: Hours) -> dict[str, Any]:
    return {
        "name": data.name,
        "unit_id": unit_id,
        "person_id": data.person_id,
        "position": position_of(data.position_percent),
        "full_time_day": hours(data.full_time_hours_per_day) if data.full_time_hours_per_day else full_time_day,
        "permanent": data.permanent,
        "employment_start": data.employment_start,
        "employment_end": data.employment_end,
    }


async def create(*, session: AsyncSession, data: EmployeeIn, rules: LeaveRules, today: date) -> tuple[Employee, Unit]:
    taken = await session.scalars(select(Employee.id).where(Employee.employee_number == data.employee_number))
    if taken.first() is not None:
        raise Conflict(
            f"an employee with number {data.employee_number!r} exists",
            errors=[{"field": "employee_number", "message": "taken"}],
        )
    unit = await units.by_code(session, data.unit_code)
    employee = Employee(id=uuid.uuid4(), employee_number=data.employee_number,
                        **_values(data, unit.id, default_day(rules, today)))  # fmt: skip
    session.add(employee)
    await session.flush()
    return employee, unit


async def update(
    *, session: AsyncSession, employee_id: uuid.UUID, changes: dict[str, Any], if_match: int | None
) -> tuple[Employee, Unit]:
    employee, unit = await get(session, employee_id, for_update=True)
    check_version(employee.version, if_match)
    if "unit_code" in changes:
        if changes["unit_code"] is None:
            raise InvalidInput("an employee belongs to a unit", errors=[{"field": "unit_code", "message": "required"}])
        unit = await units.by_code(session, changes.pop("unit_code"))
        employee.unit_id = unit.id
    for name in ("position_percent", "full_time_hours_per_day", "permanent", "employment_start", "name"):
        if name in changes and changes[name] is None:
            raise InvalidInput(f"{name} cannot be emptied", errors=[{"field": name, "message": "required"}])
    if "position_percent" in changes:
        employee.position = position_of(changes.pop("position_percent"))
    if "full_time_hours_per_day" in changes:
        employee.full_time_day = hours(changes.pop("full_time_hours_per_day"))
    for name, value in changes.items():
        setattr(employee, name, value)
    if employee.employment_end is not None and employee.employment_end < employee.employment_start:
        raise InvalidInput(
            "employment_end comes before employment_start",
            errors=[{"field": "employment_end", "message": "before employment_start"}],
        )
    employee.version += 1
    employee.modified_at = utcnow()
    await session.flush()
    return employee, unit


async def import_employees(
    *, session: AsyncSession, rows: Sequence[EmployeeIn], rules: LeaveRules, today: date
) -> ImportResult:
    """Upserts by employee number: all rows or none."""
    numbers = [r.employee_number for r in rows]
    seen: set[str] = set()
    errors = []
    for i, number in enumerate(numbers):
        if number in seen:
            errors.append({"field": f"rows[{i}].employee_number", "message": "duplicate"})
        seen.add(number)
    codes = {r.unit_code for r in rows}
    unit_ids = dict((await session.execute(select(Unit.code, Unit.id).where(Unit.code.in_(codes)))).all())
    errors += [
        {"field": f"rows[{i}].unit_code", "message": f"no unit {r.unit_code!r}"}
        for i, r in enumerate(rows)
        if r.unit_code not in unit_ids
    ]
    if errors:
        raise InvalidInput(f"{len(errors)} error(s) in the rows; nothing was imported", errors=errors[:50])
    existing: dict[str, Employee] = {}
    for start in range(0, len(numbers), 1000):
        chunk = numbers[start : start + 1000]
        found = await session.scalars(select(Employee).where(Employee.employee_number.in_(chunk)))
        existing.update({e.employee_number: e for e in found.all()})
    full_time_day = default_day(rules, today)
    created = updated = 0
    now = utcnow()
    for row in rows:
        values = _values(row, unit_ids[row.unit_code], full_time_day)
        employee = existing.get(row.employee_number)
        if employee is None:
            session.add(Employee(id=uuid.uuid4(), employee_number=row.employee_number, **values,
                                 created_at=now, modified_at=now))  # fmt: skip
            created += 1
        elif any(getattr(employee, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(employee, name, value)
            employee.version += 1
            employee.modified_at = now
            updated += 1
    await session.flush()
    return ImportResult(created=created, updated=updated, unchanged=len(rows) - created - updated)


def pots_out(
    settings: RegulationSettings, employee: Employee, used: dict[tuple[str, int], Hours], years: set[int]
) -> list[PotOut]:
    employment = employee.employment()
    return [
        PotOut(
            pot=b.pot,
            year=b.year,
            rule=settings.pots[b.pot].rule,  # type: ignore[index]
            size_hours=hours_text(b.size),
            used_hours=hours_text(b.used),
            remaining_hours=hours_text(b.remaining),
            size_days=days_text(b.size, employment.day),
            used_days=days_text(b.used, employment.day),
            remaining_days=days_text(b.remaining, employment.day),
        )
        for b in balances(settings, employment, used, years)
    ]


async def pot_use(session: AsyncSession, employee_id: uuid.UUID, years: set[int]) -> dict[tuple[str, int], Hours]:
    """The paid hours granted from each pot in `years` (LEA-16, LEA-30)."""
    p = GrantedPart
    stmt = (
        select(p.pot, p.year, func.sum(p.hours))
        .where(p.employee_id == employee_id, p.pay == "paid", p.pot.is_not(None), p.year.in_(years))
        .group_by(p.pot, p.year)
    )
    return {(pot, year): int(total) for pot, year, total in (await session.execute(stmt))}


async def quotas(session: AsyncSession, employee: Employee, year: int, rules: LeaveRules) -> QuotasOut:
    _, settings = rules.regulation(date(year, 12, 31), field="year")
    used = await pot_use(session, employee.id, {year})
    p = GrantedPart
    stmt = (
        select(p.reason, p.pay, func.sum(p.hours))
        .where(p.employee_id == employee.id, p.year == year)
        .group_by(p.reason, p.pay)
        .order_by(p.reason)
    )
    by_reason: dict[str, dict[str, Hours]] = {}
    for reason, pay, total in await session.execute(stmt):
        by_reason.setdefault(reason, {})[pay] = int(total)
    return QuotasOut(
        employee_id=employee.id,
        year=year,
        day_hours=hours_text(employee.employment().day),
        pots=pots_out(settings, employee, used, {year}),
        used_by_reason=[
            ReasonUse(
                reason=reason,
                rule=BY_CODE[reason].rule,
                paid_hours=hours_text(amounts.get("paid", 0)),
                unpaid_hours=hours_text(amounts.get("unpaid", 0)),
                statutory_hours=hours_text(amounts.get("statutory", 0)),
            )
            for reason, amounts in by_reason.items()
        ],
    )
