"""A fictional demo workplace for `make run`: units with managers, employees (full and part time, one temporary),
applications waiting in the managers' queues, granted leave with its paid/unpaid split, a denial, statutory leave,
and sick-leave figures per unit for the half-years of the plan (2010–2013) and the last year.

Everything goes through the service's use cases, so the same rules apply; running it twice changes nothing.
Leave from office is not in the demo: it would take council members out of the demo meetings.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from folkevalgt_shared.auth import Principal, Scope
from folkevalgt_shared.calendar import add_working_days, oslo_date
from folkevalgt_shared.db import Database
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.types import utcnow
from leave.applications import decision
from leave.applications import service as applications
from leave.applications.schemas import ApplicationIn, GrantIn
from leave.config import Settings
from leave.db import platform
from leave.deps import caller_of
from leave.domain.settings import rule_book
from leave.employees import service as employees
from leave.employees.models import Employee
from leave.employees.schemas import EmployeeIn
from leave.sick_leave import service as sick_leave
from leave.sick_leave.schemas import FiguresIn
from leave.units import service as units
from leave.units.models import Unit
from leave.units.schemas import UnitImportRow

UNITS = {
    "HESSENG-BHG": "Hesseng barnehage",
    "PRESTOY": "Prestøyhjemmet",
    "WESSEL": "Wesselborgen",
    "KKS": "Kirkenes kompetansesenter",
    "IT": "IT-avdelingen",
}
# (number, name, unit, position %, permanent); the first of each unit manages it.
STAFF = [
    ("1001", "Mona Hætta", "HESSENG-BHG", "100", True),
    ("1002", "Ola Nilsen", "HESSENG-BHG", "100", True),
    ("1003", "Kari Persen", "HESSENG-BHG", "50", True),
    ("1004", "Aslak Somby", "HESSENG-BHG", "80", True),
    ("1005", "Ida Lund", "HESSENG-BHG", "100", False),
    ("1101", "Per Eriksen", "PRESTOY", "100", True),
    ("1102", "Liv Johansen", "PRESTOY", "75", True),
    ("1103", "Nina Berg", "PRESTOY", "100", True),
    ("1104", "Geir Isaksen", "PRESTOY", "60", True),
    ("1201", "Berit Olsen", "WESSEL", "100", True),
    ("1202", "Hans Mikkelsen", "WESSEL", "100", True),
    ("1203", "Sara Pedersen", "WESSEL", "40", True),
    ("1301", "Einar Vik", "KKS", "100", True),
    ("1302", "Tone Hansen", "KKS", "100", True),
    ("1401", "Marit Solberg", "IT", "100", True),
    ("1402", "Bjørn Karlsen", "IT", "100", True),
]
HR = Principal("demo-hr", frozenset({Scope.LEAVE_ADMIN, Scope.LEAVE_READ}), float("inf"))


async def load(settings: Settings) -> dict[str, int]:
    db = Database(settings.database_url)
    publisher = EventPublisher(platform.outbox, settings.events.subscriptions, "/leave")
    rules = rule_book(settings.municipality_config)
    today = oslo_date(utcnow())
    try:
        async with db.transaction() as session:
            if (await session.scalars(select(Unit.id).where(Unit.code == "HESSENG-BHG"))).first() is not None:
                return {"employees": 0, "leave": 0}
            await units.import_units(session=session, rows=[UnitImportRow(code=c, name=n) for c, n in UNITS.items()])
            rows = [
                EmployeeIn(
                    employee_number=number,
                    name=name,
                    unit_code=unit,
                    position_percent=Decimal(percent),
                    permanent=permanent,
                    employment_start=date(2008 + int(number[-1]), 8, 1),
                )
                for number, name, unit, percent, permanent in STAFF
            ]
            await employees.import_employees(session=session, rows=rows, rules=rules, today=today)
            first_of = {unit: number for number, _, unit, _, _ in reversed(STAFF)}
            await units.import_units(
                session=session,
                rows=[UnitImportRow(code=c, name=n, manager_employee_number=first_of[c]) for c, n in UNITS.items()],
            )
            staff = {e.employee_number: e for e in (await session.scalars(select(Employee))).all()}
            unit_ids = dict((await session.execute(select(Unit.id, Unit.code))).all())
            managers = {unit_id: first_of[code] for unit_id, code in unit_ids.items()}
            caller = await caller_of(session, HR)
            monday = today - timedelta(days=today.weekday())

            async def leave(number: str, reason: str, start: date, days: int = 1, decide: str | None = "grant",
                            **more: object) -> None:  # fmt: skip
                first = start if start.weekday() < 5 else add_working_days(start, 1)
                data = ApplicationIn(
                    employee_id=staff[number].id,
                    reason=reason,
                    start_date=first,
                    end_date=add_working_days(first, days - 1),
                    justification=str(more.pop("justification", "Søknad via skjema")),
                    **more,  # type: ignore[arg-type]
                )
                applied = await applications.apply(session=session, data=data, caller=caller, rules=rules)
                if decide is not None:
                    # The unit's manager decides (LEA-03).
                    manager = staff[managers[staff[number].unit_id]]
                    scopes = frozenset({Scope.LEAVE_DECIDE, Scope.LEAVE_READ})
                    as_manager = Principal(str(manager.id), scopes, float("inf"))
                    note = "Forsvarlig bemanning kan ikke sikres (LEA-03)" if decide == "deny" else None
                    await decision.decide(
                        session=session,
                        application_id=applied.id,
                        data=GrantIn(outcome="deny" if decide == "deny" else "grant", note=note),
                        principal=as_manager,
                        rules=rules,
                        publisher=publisher,
                        if_match=None,
                    )

            # Ola has used ten paid days; a death in the family takes the last two and one more unpaid (LEA-16).
            await leave("1002", "serious_illness", monday - timedelta(weeks=8), 5)
            await leave("1002", "medical", monday - timedelta(weeks=6), 5)
            await leave("1002", "death", monday - timedelta(weeks=3), 3, occasion="Bestemors gravferd")
            await leave("1003", "child_settling", monday - timedelta(weeks=2), 2)  # half time: 1 paid, 1 unpaid
            await leave("1102", "medical", monday - timedelta(weeks=1), 1, hours_per_day=Decimal("2.5"))
            await leave("1103", "moving", monday - timedelta(weeks=4), 1)
            await leave("1202", "parental", monday - timedelta(weeks=10), 40)  # statutory (LEA-50)
            await leave("1302", "public_office", monday - timedelta(weeks=5), 2, justification="Domsmann i tingretten")
            await leave("1402", "weighty_reasons", monday - timedelta(weeks=2), 1, decide="deny")
            # Waiting in the managers' queues.
            await leave("1004", "weighty_reasons", monday + timedelta(weeks=2), 4, decide=None,
                        justification="Konfirmasjon og bryllup i familien")  # fmt: skip
            await leave("1002", "first_school_day", monday + timedelta(weeks=3), 1, decide=None,
                        hours_per_day=Decimal("3"))  # fmt: skip
            await leave("1104", "death", monday + timedelta(days=1), 3, decide=None, channel="phone", urgent=True)
            await leave("1203", "other_welfare", monday + timedelta(weeks=6), 10, decide=None)

            random_figures = random.Random(2012)
            figures = []
            half_years = [(y, h) for y in range(2010, 2014) for h in (1, 2)]
            half_years += [(today.year - 1, 1), (today.year - 1, 2)]
            for n, (year, half) in enumerate(half_years):
                for code, name in UNITS.items():
                    headcount = {"IT": 4}.get(code, 20 + len(code))  # IT is too small to be shown (LEA-70)
                    possible = Decimal(headcount * 118)
                    spread = Decimal(random_figures.randint(-30, 60)) / 1000
                    level = Decimal("0.13") - Decimal(n) * Decimal("0.004") + spread
                    absent = (possible * max(level, Decimal("0.02"))).quantize(Decimal("1"))
                    short = (absent * Decimal("0.24")).quantize(Decimal("1"))
                    child = (absent * Decimal("0.04")).quantize(Decimal("1"))
                    figures.append(
                        FiguresIn(
                            year=year,
                            half=half,
                            unit_code=code,
                            unit_name=name,
                            employees=headcount,
                            possible_days=possible,
                            short_term_days=short,
                            child_illness_days=child,
                            long_term_days=absent - short - child,
                        )
                    )
            await sick_leave.record(session=session, rows=figures, recorded_by=HR.subject)
            return {"employees": len(STAFF), "leave": 13}
    finally:
        await db.dispose()
