"""The leave service under test, and a workplace to run it with: units with their managers, employees, and
callers with the tokens each would hold (HR, a unit manager, an employee as themself)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Table, func, select

from folkevalgt_shared import clock
from folkevalgt_shared.calendar import OSLO
from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness, ServiceFactory
from leave.employees.schemas import EmployeeIn
from leave.employees.service import import_employees
from leave.units.schemas import UnitImportRow
from leave.units.service import import_units

HR = ("leave:admin", "leave:read", "ops:write")
MANAGER = ("leave:decide", "leave:read", "leave:write")
EMPLOYEE = ("leave:read", "leave:write")
GRANTED = "no.folkevalgt.leave.leave.granted.v1"
REVOKED = "no.folkevalgt.leave.leave.revoked.v1"
STARTED = "no.folkevalgt.leave.office_leave.started.v1"
ENDED = "no.folkevalgt.leave.office_leave.ended.v1"


@pytest.fixture
def subscriptions() -> list[Subscription]:
    """Payroll takes leave.granted/revoked; meetings and remuneration take leave from office."""
    return [
        Subscription(name="payroll", url="http://payroll/events", types=[GRANTED, REVOKED]),
        Subscription(name="meetings", url="http://meetings/events", types=[STARTED, ENDED]),
    ]


@pytest.fixture
async def leave(service_factory: ServiceFactory, subscriptions: list[Subscription]) -> Harness:
    return await service_factory("leave", subscriptions=subscriptions)


@pytest.fixture
def set_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[date], None]]:
    """Moves the service's clock to noon (Oslo) on a day: what "today" is decides publications (LEA-60)."""

    def move(day: date) -> None:
        noon = datetime.combine(day, time(12), tzinfo=OSLO).astimezone(UTC)
        monkeypatch.setattr(clock, "_offset", noon - datetime.now(UTC))

    yield move


@dataclass
class Workplace:
    h: Harness
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    employees: dict[str, dict[str, Any]] = field(default_factory=dict)

    def hr(self) -> dict[str, str]:
        return self.h.headers(*HR, sub="hr-office")

    def as_(self, name: str, *scopes: str) -> dict[str, str]:
        """The employee `name` as themself (token subject = their employee id)."""
        return self.h.headers(*(scopes or EMPLOYEE), sub=self.employees[name]["id"])

    def manager(self, name: str) -> dict[str, str]:
        return self.as_(name, *MANAGER)

    def manager_token(self) -> dict[str, str]:
        """Management reading statistics: leave:decide, no unit needed."""
        return self.h.headers(*MANAGER, sub="management")

    async def unit(self, code: str, name: str | None = None) -> dict[str, Any]:
        unit = await self.h.post("/units", {"code": code, "name": name or code}, headers=self.hr())
        self.units[code] = unit
        return unit

    async def employee(
        self,
        name: str,
        unit: str,
        *,
        percent: str = "100",
        permanent: bool = True,
        start: date = date(2015, 1, 1),
        end: date | None = None,
        person_id: str | None = None,
        manages: bool = False,
        hours: str | None = None,
    ) -> dict[str, Any]:
        if unit not in self.units:
            await self.unit(unit)
        body: dict[str, Any] = {
            "employee_number": f"E{len(self.employees) + 1:04d}",
            "name": name,
            "unit_code": unit,
            "position_percent": percent,
            "permanent": permanent,
            "employment_start": start.isoformat(),
        }
        if end:
            body["employment_end"] = end.isoformat()
        if person_id:
            body["person_id"] = person_id
        if hours:
            body["full_time_hours_per_day"] = hours
        employee: dict[str, Any] = await self.h.post("/employees", body, headers=self.hr())
        self.employees[name] = employee
        if manages:
            unit_id = self.units[unit]["id"]
            response = await self.h.client.patch(
                f"/units/{unit_id}", json={"manager_id": employee["id"]}, headers=self.hr()
            )
            assert response.status_code == 200, response.text
        return employee

    async def staff(self, *people: tuple[str, str, str, bool]) -> None:
        """Units and employees (name, unit, position %, manages) in one transaction, through the import use cases
        HR's bulk imports run (the HTTP imports themselves are tested in test_employees_and_units)."""
        rows = [
            EmployeeIn(
                employee_number=f"E{n:04d}",
                name=name,
                unit_code=unit,
                position_percent=Decimal(percent),
                permanent=True,
                employment_start=date(2015, 1, 1),
            )
            for n, (name, unit, percent, _) in enumerate(people, start=len(self.employees) + 1)
        ]
        codes = sorted({unit for _, unit, _, _ in people} - set(self.units))
        managers = {
            unit: row.employee_number for row, (_, unit, _, manages) in zip(rows, people, strict=True) if manages
        }
        db, rules = self.h.app.state.db, self.h.app.state.rules
        async with db.transaction() as session:
            await import_units(session=session, rows=[UnitImportRow(code=c, name=c) for c in codes])
            await import_employees(session=session, rows=rows, rules=rules, today=date(2026, 1, 1))
            await import_units(session=session, rows=[UnitImportRow(code=u, name=u, manager_employee_number=m)
                                                      for u, m in managers.items()])  # fmt: skip
        hr = self.hr()
        listed = (await self.h.client.get("/employees", params={"limit": 500}, headers=hr)).json()["items"]
        by_number = {e["employee_number"]: e for e in listed}
        for row, (name, _, _, _) in zip(rows, people, strict=True):
            self.employees[name] = by_number[row.employee_number]
        for unit in (await self.h.client.get("/units", params={"limit": 500}, headers=hr)).json()["items"]:
            self.units[unit["code"]] = unit

    async def apply(
        self, name: str, reason: str, start: date, end: date | None = None, status: int = 201, **more: Any
    ) -> dict[str, Any]:
        body = {
            "reason": reason,
            "start_date": start.isoformat(),
            "end_date": (end or start).isoformat(),
            "justification": more.pop("justification", "Søknad"),
            **more,
        }
        response = await self.h.client.post("/applications", json=body, headers=self.as_(name))
        assert response.status_code == status, response.text
        result: dict[str, Any] = response.json()
        return result

    async def decide(
        self, application: dict[str, Any], manager: str, outcome: str = "grant", status: int = 200, **more: Any
    ) -> dict[str, Any]:
        response = await self.h.client.post(
            f"/applications/{application['id']}/decision", json={"outcome": outcome, **more},
            headers=self.manager(manager),
        )  # fmt: skip
        assert response.status_code == status, response.text
        result: dict[str, Any] = response.json()
        return result

    async def grant(self, name: str, reason: str, start: date, end: date | None = None, **more: Any) -> dict[str, Any]:
        """Applied for by `name` and granted by HR as asked."""
        application = await self.apply(name, reason, start, end, **more)
        response = await self.h.client.post(
            f"/applications/{application['id']}/decision", json={"outcome": "grant"}, headers=self.hr()
        )
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def quotas(self, name: str, year: int) -> dict[str, Any]:
        response = await self.h.client.get(
            f"/employees/{self.employees[name]['id']}/quotas", params={"year": year}, headers=self.as_(name)
        )
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def outbox(self, event_type: str) -> list[dict[str, Any]]:
        o = self.h.app.state.platform.outbox
        async with self.h.app.state.db.reading() as session:
            rows = (
                await session.scalars(select(o.c.payload).where(o.c.event_type == event_type).order_by(o.c.id))
            ).all()
        return [json.loads(p)["data"] for p in rows]

    async def count(self, table: Table) -> int:
        async with self.h.app.state.db.reading() as session:
            return int(await session.scalar(select(func.count()).select_from(table)) or 0)


@pytest.fixture
def work(leave: Harness) -> Workplace:
    return Workplace(leave)


def pot(body: dict[str, Any], name: str = "welfare") -> dict[str, Any]:
    """A pot of a decision's or proposal's pots_after, or of a quotas answer."""
    pots = body.get("pots_after") or body.get("pots") or []
    found: dict[str, Any] = next(p for p in pots if p["pot"] == name)
    return found


@pytest.fixture(scope="session")
def kit() -> type[Any]:
    class Kit:
        pot = staticmethod(pot)
        new_id = staticmethod(lambda: str(uuid.uuid4()))

    return Kit
