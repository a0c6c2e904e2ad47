"""The unit manager's decision on an application (LEA-03): grant, possibly less, or deny with a reason.

Plain rows and Core statements: the decision is the service's busiest write (bench/leave_bench.py). It reads in
two statements — the application with its employee, locked together, and everything the split depends on — and
writes the application, its parts and the event, all in the request's transaction.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    String,
    Table,
    Uuid,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal, Scope
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.hot import HotQuery
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.types import utcnow
from leave.applications.models import Application, GrantedPart
from leave.applications.schemas import GrantIn
from leave.applications.service import NEAR, history, insert_parts, publish_leave, reason_of, store_totals
from leave.deps import is_admin, subject_id
from leave.domain import applications as rules_of
from leave.domain.applications import Earlier, Taken, occasion_use
from leave.domain.consequences import consequences
from leave.domain.model import Extent, Hours, hours
from leave.domain.quota import History, Part, split
from leave.domain.settings import LeaveRules
from leave.employees.models import Employee
from leave.employees.service import pots_out
from leave.units.models import Unit

A: Table = Application.__table__  # type: ignore[assignment]
E: Table = Employee.__table__  # type: ignore[assignment]
U: Table = Unit.__table__  # type: ignore[assignment]
G: Table = GrantedPart.__table__  # type: ignore[assignment]
_MANAGERS = E.alias("manager")
_ME = bindparam("me", type_=Uuid)
# What a pending application's decision and its answer need; the rest is empty until decided.
_DECIDED = ("consequences", "balances", "decision_note", "rule_version", "paid", "unpaid", "statutory", "created_at")
_LOADED = [c for c in A.c if not c.key.startswith(("decided", "revoke", "revocation")) and c.key not in _DECIDED]
_UNLOADED = {c.key: None for c in A.c if c not in _LOADED}
_EMPLOYEE = [E.c[k] for k in ("id", "employee_number", "person_id", "position", "full_time_day", "permanent",
                              "employment_start", "employment_end")]  # fmt: skip
# The application and its employee, locked together (decisions for one employee queue up: LEA-16), with whether
# the caller manages the unit or is the employee: one round trip where the ORM took three (bench/leave_bench.py).
DECISION_LOAD = HotQuery(
    select(
        *_LOADED,
        *_EMPLOYEE,
        U.c.code,
        U.c.manager_id.in_(select(_MANAGERS.c.id).where(or_(_MANAGERS.c.id == _ME, _MANAGERS.c.person_id == _ME))),
        or_(E.c.id == _ME, E.c.person_id == _ME),
    )
    .select_from(A.join(E, E.c.id == A.c.employee_id).join(U, U.c.id == A.c.unit_id))
    .where(A.c.id == bindparam("application_id"))
    .with_for_update(of=[A, E])
)


def _none(type_: Any) -> Any:
    return cast(null(), type_)


# What the split depends on, in one statement told apart by `kind`: the pots used in the years of the leave, the
# earlier grants of the reason that may be the same occasion, and the employee's granted leave on the same days.
DECISION_READS = HotQuery(
    union_all(
        select(literal_column("'pot'", String).label("kind"), G.c.pot.label("pot"), G.c.year.label("year"),
               cast(func.sum(G.c.hours), BigInteger).label("hours"), _none(Date).label("first"),
               _none(Date).label("last"), _none(Uuid).label("id"))
        .where(G.c.employee_id == bindparam("employee_id"), G.c.pay == bindparam("paid"), G.c.pot.is_not(None),
               G.c.year >= bindparam("first_year"), G.c.year <= bindparam("last_year"))
        .group_by(G.c.pot, G.c.year),
        select(literal_column("'same'", String), G.c.occasion, _none(Integer), G.c.hours, G.c.first_date,
               G.c.last_date, G.c.application_id)
        .where(G.c.employee_id == bindparam("employee_id"), G.c.reason == bindparam("reason"),
               G.c.application_id != bindparam("application_id"),
               or_(G.c.occasion == bindparam("occasion"),
                   and_(G.c.last_date >= bindparam("near_first"), G.c.first_date <= bindparam("near_last")))),
        select(literal_column("'taken'", String), _none(String), _none(Integer), A.c.per_day, A.c.start_date,
               A.c.end_date, A.c.id)
        .where(A.c.employee_id == bindparam("employee_id"), A.c.status == bindparam("granted"),
               A.c.start_date <= bindparam("last_day"), A.c.end_date >= bindparam("first_day"),
               A.c.id != bindparam("application_id")),
    )
)  # fmt: skip


async def _decision_load(
    session: AsyncSession, application_id: uuid.UUID, me: uuid.UUID | None
) -> tuple[Application, Employee, Unit, bool, bool]:
    found = await DECISION_LOAD.fetch(session, application_id=application_id, me=me)
    if not found:
        raise NotFound(f"no application {application_id}")
    row, width, more = found[0], len(_LOADED), len(_LOADED) + len(_EMPLOYEE)
    # Plain attribute holders, not ORM objects: nothing here is written through the session.
    application = SimpleNamespace(**_UNLOADED, **{c.key: v for c, v in zip(_LOADED, row[:width], strict=True)})
    employee = EmployeeRow(**{c.key: v for c, v in zip(_EMPLOYEE, row[width:more], strict=True)})
    code, manages, is_self = row[more:]
    unit = SimpleNamespace(id=application.unit_id, code=code)
    return application, employee, unit, bool(manages), bool(is_self)  # type: ignore[return-value]


class EmployeeRow(SimpleNamespace):
    """An employee's row read with Core, with the ORM class's one method."""

    employment = Employee.employment


async def _decision_reads(
    session: AsyncSession, application: Application, extent: Extent
) -> tuple[dict[tuple[str, int], Hours], list[Earlier], list[Taken]]:
    pots: dict[tuple[str, int], Hours] = {}
    same: list[Earlier] = []
    taken: list[Taken] = []
    for kind, pot, year, amount, first, last, other in await DECISION_READS.fetch(
        session,
        employee_id=application.employee_id,
        application_id=application.id,
        first_year=extent.start.year,
        last_year=extent.end.year,
        reason=application.reason,
        occasion=application.occasion,
        first_day=extent.start,
        last_day=extent.end,
        near_first=extent.start - NEAR,
        near_last=extent.end + NEAR,
        paid="paid",
        granted="granted",
    ):
        if kind == "pot":
            pots[(pot, year)] = int(amount)
        elif kind == "same":
            same.append(Earlier(str(other), first, last, int(amount), pot))
        else:
            taken.append(Taken(str(other), Extent(first, last, amount)))
    return pots, same, taken


async def decide(
    *,
    session: AsyncSession,
    application_id: uuid.UUID,
    data: GrantIn,
    principal: Principal,
    rules: LeaveRules,
    publisher: EventPublisher,
    if_match: int | None,
) -> tuple[Application, Employee, tuple[Part, ...]]:
    """LEA-03: the unit manager grants (possibly less) or denies with a reason. Plain rows and Core statements:
    the decision is the service's busiest write (bench/leave_bench.py)."""
    application, employee, unit, manages, is_self = await _decision_load(session, application_id, subject_id(principal))
    if not (is_admin(principal) or (manages and principal.has(Scope.LEAVE_DECIDE))):
        raise NotFound(f"no application {application_id}")
    if is_self and not is_admin(principal):
        raise Forbidden("a manager does not decide their own leave (LEA-03): it goes to HR or the next level")
    check_version(application.version, if_match)
    if application.status != "pending":
        raise Conflict(f"the application is {application.status}, not pending")
    reason = reason_of(application.reason)
    employment = employee.employment()
    requested = Extent(application.requested_start, application.requested_end, application.requested_per_day)
    rule_version, settings = rules.regulation(requested.start)
    used, same, taken = await _decision_reads(session, application, requested)
    run, occasion_used = None, 0
    rs = settings.reasons.get(reason.code)
    if rs is not None and rs.max_days is not None:
        occasion_used = occasion_use(requested, application.occasion, same)
    if rs is not None and rs.max_years is not None:
        run = (
            await history(session, employee, reason, settings, requested, application.occasion, application.id)
        ).run_start
    past = History(pot_used=used, occasion_used=occasion_used, run_start=run)
    full = split(reason, settings, employment, requested, past)
    now = utcnow()
    changes: dict[str, Any] = {
        "decided_by": principal.subject,
        "decided_at": now,
        "rule_version": rule_version,
        "version": application.version + 1,
        "modified_at": now,
        "decision_note": data.note,
    }
    years = {p.year for p in full.parts} or {requested.start.year}
    if data.outcome == "deny":
        if data.note is None:
            raise InvalidInput("a denial states its reason", errors=[{"field": "note", "message": "required"}])
        rules_of.check_deny(reason, full)
        changes |= {"status": "denied", "balances": [p.model_dump() for p in pots_out(settings, employee, used, years)]}
        await session.execute(update(A).where(A.c.id == application.id).values(changes))
        _apply(application, changes)
        return application, employee, ()

    granted = Extent(
        data.start_date or requested.start,
        data.end_date or requested.end,
        hours(data.hours_per_day) if data.hours_per_day is not None else requested.per_day,
    )
    result = full
    if granted != requested:
        rules_of.check_extent(granted, employment)
        result = split(reason, settings, employment, granted, past)
        rules_of.check_granted(requested, granted, reason, full, result)
    rules_of.check_no_clash(granted, taken, employee.full_time_day)
    after = dict(used)
    for key, amount in result.drawn().items():
        after[key] = after.get(key, 0) + amount
    stated = consequences(reason, result, employment, settings.consequences, granted,
                          holiday_pay_beyond=data.holiday_pay_beyond_three_months)  # fmt: skip
    changes |= {
        "status": "granted",
        "start_date": granted.start,
        "end_date": granted.end,
        "per_day": granted.per_day,
        "holiday_pay_beyond": data.holiday_pay_beyond_three_months,
    }
    _apply(application, changes)
    store_totals(application, result, stated, pots_out(settings, employee, after, years))
    changes |= {k: getattr(application, k) for k in ("paid", "unpaid", "statutory", "consequences", "balances")}
    await session.execute(update(A).where(A.c.id == application.id).values(changes))
    await insert_parts(session, application, result.parts)
    await publish_leave(session, publisher, application, employee, unit, result, stated, granted=True)
    return application, employee, result.parts


def _apply(application: Application, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(application, name, value)
