"""Who may call what, the rule settings and the day: dependencies the leave routers share.

An employee's token carries `leave:read`/`leave:write` with their employee id (or their register person id)
as subject and reaches only their own applications; a unit manager holds `leave:decide` and reaches the units
they manage (LEA-03); HR and the case-management system hold `leave:admin` and reach everything. An elected
representative applies for leave from office as themself (subject = person id); the council's decision is
recorded by `leave:admin`.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal, Scope, require_any_scope, require_scopes
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.preconditions import IfMatchVersion
from folkevalgt_shared.types import utcnow
from leave.domain.settings import LeaveRules
from leave.employees.models import Employee
from leave.units.models import Unit

READ_SCOPES = (Scope.LEAVE_READ, Scope.LEAVE_WRITE, Scope.LEAVE_DECIDE, Scope.LEAVE_ADMIN)


def _any_of(*scopes: Scope) -> Callable[[Request], Awaitable[Principal]]:
    """One of `scopes`, declared in the OpenAPI document (bearer token, 401/403, x-required-scopes)."""
    return require_any_scope(*scopes)


Reader = Annotated[Principal, Depends(_any_of(*READ_SCOPES))]
Applicant = Annotated[Principal, Depends(_any_of(Scope.LEAVE_WRITE, Scope.LEAVE_DECIDE, Scope.LEAVE_ADMIN))]
Decider = Annotated[Principal, Depends(_any_of(Scope.LEAVE_DECIDE, Scope.LEAVE_ADMIN))]
Admin = Annotated[Principal, Depends(require_scopes(Scope.LEAVE_ADMIN))]


def is_admin(principal: Principal) -> bool:
    return principal.has(Scope.LEAVE_ADMIN)


def subject_id(principal: Principal) -> uuid.UUID | None:
    try:
        return uuid.UUID(principal.subject)
    except ValueError:
        return None


@dataclass
class Caller:
    """The caller as the leave service knows them: the employee records their subject names (as employee id or
    person id), and the units they manage with `leave:decide`."""

    principal: Principal
    employee_ids: set[uuid.UUID] = field(default_factory=set)
    managed_units: set[uuid.UUID] = field(default_factory=set)

    @property
    def admin(self) -> bool:
        return is_admin(self.principal)

    def is_self(self, employee_id: uuid.UUID) -> bool:
        return employee_id in self.employee_ids

    def manages(self, unit_id: uuid.UUID) -> bool:
        return self.principal.has(Scope.LEAVE_DECIDE) and unit_id in self.managed_units

    def reaches(self, employee_id: uuid.UUID, unit_id: uuid.UUID) -> bool:
        """Object-level access: HR, the employee themself, the manager of the unit."""
        return self.admin or self.is_self(employee_id) or self.manages(unit_id)


async def caller_of(session: AsyncSession, principal: Principal) -> Caller:
    caller = Caller(principal)
    me = subject_id(principal)
    if me is None:
        return caller
    found = await session.scalars(select(Employee.id).where(or_(Employee.id == me, Employee.person_id == me)))
    caller.employee_ids = set(found.all())
    if caller.employee_ids and principal.has(Scope.LEAVE_DECIDE):
        units = await session.scalars(select(Unit.id).where(Unit.manager_id.in_(caller.employee_ids)))
        caller.managed_units = set(units.all())
    return caller


async def _rules(request: Request) -> LeaveRules:
    rules: LeaveRules = request.app.state.rules
    return rules


RulesDep = Annotated[LeaveRules, Depends(_rules)]


def today() -> date:
    """Today in Oslo, by the service's clock."""
    return oslo_date(utcnow())


IfMatch = IfMatchVersion
