"""Use cases of an application for leave: apply, assess (the proposal), decide, revoke or cut short, withdraw.
Each changes state and publishes its event in one transaction; a decision locks the employee's row, so two
decisions for one employee are taken one after the other and cannot both draw the last paid day (LEA-16).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
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
    delete,
    func,
    insert,
    literal_column,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal, Scope
from folkevalgt_shared.contracts import LeaveConsequences, LeaveGrantedV1, LeavePart, LeaveRevokedV1
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.hot import HotQuery
from folkevalgt_shared.types import utcnow
from leave.applications.models import Application, GrantedPart
from leave.applications.schemas import ApplicationIn, ConsequencesOut, GrantIn, PartOut, RevokeIn, SplitOut
from leave.deps import Caller, is_admin, subject_id
from leave.domain import applications as rules_of
from leave.domain.applications import Earlier, Taken, occasion_use
from leave.domain.consequences import Consequences, consequences
from leave.domain.model import ONE_DAY, Employment, Extent, Hours, add_years, hours
from leave.domain.quota import History, Part, Split, clip, split
from leave.domain.reasons import BY_CODE, Reason
from leave.domain.settings import LeaveRules, RegulationSettings
from leave.employees.models import Employee
from leave.employees.schemas import PotOut
from leave.employees.service import pot_use, pots_out
from leave.schemas import days_text, hours_text
from leave.units.models import Unit
from leave.units.service import check_version

OPEN = ("pending", "granted")
LONGEST_YEARS = 10  # a guard on the days a leave may span, well beyond every limit of the regulation


@dataclass(frozen=True)
class Assessment:
    """What the rules give an extent today: the split, its consequences and the pots afterwards."""

    rule_version: str
    settings: RegulationSettings
    split: Split
    consequences: Consequences
    pots_after: list[PotOut]


def reason_of(code: str) -> Reason:
    found = BY_CODE.get(code)
    if found is None:
        raise InvalidInput(
            f"unknown reason {code!r}: see GET /leave/reasons",
            errors=[{"field": "reason", "message": "unknown reason"}],
        )
    return found


def _check_length(extent: Extent) -> None:
    if extent.end >= add_years(extent.start, LONGEST_YEARS):
        raise InvalidInput(
            f"a leave spans at most {LONGEST_YEARS} years",
            errors=[{"field": "end_date", "message": f"more than {LONGEST_YEARS} years"}],
        )


async def taken_leaves(
    session: AsyncSession, employee_id: uuid.UUID, extent: Extent, *, statuses: Sequence[str], exclude: uuid.UUID | None
) -> list[Taken]:
    a = Application
    stmt = select(a.id, a.start_date, a.end_date, a.per_day).where(
        a.employee_id == employee_id, a.status.in_(statuses), a.start_date <= extent.end, a.end_date >= extent.start
    )
    if exclude is not None:
        stmt = stmt.where(a.id != exclude)
    rows = await session.execute(stmt)
    return [Taken(str(i), Extent(s, e, p)) for i, s, e, p in rows]


async def history(
    session: AsyncSession,
    employee: Employee,
    reason: Reason,
    settings: RegulationSettings,
    extent: Extent,
    occasion: str | None,
    exclude: uuid.UUID | None,
) -> History:
    """What earlier grants have taken that this leave's split depends on."""
    years = set(range(extent.start.year, extent.end.year + 1))
    used = await pot_use(session, employee.id, years)
    rs = settings.reasons.get(reason.code)
    if rs is None:  # statutory: nothing is computed beyond recording (LEA-50)
        return History(pot_used=used)
    occasion_used = 0
    if rs.max_days is not None:
        occasion_used = occasion_use(extent, occasion, await _same_reason(session, employee.id, reason.code, occasion,
                                                                           extent, exclude))  # fmt: skip
    run = None
    if rs.max_years is not None:
        a = Application
        stmt2 = select(a.start_date, a.end_date, a.occasion).where(
            a.employee_id == employee.id, a.reason == reason.code, a.status == "granted", a.start_date < extent.start
        )
        if exclude is not None:
            stmt2 = stmt2.where(a.id != exclude)
        earlier = (await session.execute(stmt2)).all()
        if rs.repeat_after_years is not None:  # LEA-32: a run of leaves with less than a period between
            run = rules_of.run_start(extent.start, [(s, e) for s, e, _ in earlier], rs.repeat_after_years)
        elif occasion is not None:  # the same occasion continued: its limit runs from its first leave
            run = min([s for s, _, o in earlier if o == occasion], default=None)
    return History(pot_used=used, occasion_used=occasion_used, run_start=run)


NEAR = timedelta(days=62)  # how far a leave continuing another of the same reason is looked for


async def _same_reason(
    session: AsyncSession,
    employee_id: uuid.UUID,
    reason: str,
    occasion: str | None,
    extent: Extent,
    exclude: uuid.UUID | None,
) -> list[Earlier]:
    g = GrantedPart
    near = and_(g.last_date >= extent.start - NEAR, g.first_date <= extent.end + NEAR)
    stmt = select(g.application_id, g.first_date, g.last_date, g.hours, g.occasion).where(
        g.employee_id == employee_id, g.reason == reason, or_(g.occasion == occasion, near) if occasion else near
    )
    if exclude is not None:
        stmt = stmt.where(g.application_id != exclude)
    return [Earlier(str(a), f, la, h, o) for a, f, la, h, o in await session.execute(stmt)]


async def assess(
    session: AsyncSession,
    *,
    employee: Employee,
    reason: Reason,
    extent: Extent,
    occasion: str | None,
    rules: LeaveRules,
    exclude: uuid.UUID | None,
    holiday_pay_beyond: bool = True,
) -> Assessment:
    rule_version, settings = rules.regulation(extent.start)
    employment = employee.employment()
    past = await history(session, employee, reason, settings, extent, occasion, exclude)
    result = split(reason, settings, employment, extent, past)
    after = dict(past.pot_used)
    for key, amount in result.drawn().items():
        after[key] = after.get(key, 0) + amount
    years = {p.year for p in result.parts} or {extent.start.year}
    return Assessment(
        rule_version,
        settings,
        result,
        consequences(reason, result, employment, settings.consequences, extent, holiday_pay_beyond=holiday_pay_beyond),
        pots_out(settings, employee, after, years),
    )


def split_out(result: Split, cons: Consequences | dict[str, Any], day: Hours) -> SplitOut:
    return SplitOut(
        requested_hours=hours_text(result.requested),
        paid_hours=hours_text(result.paid),
        unpaid_hours=hours_text(result.unpaid),
        statutory_hours=hours_text(result.statutory),
        paid_days=days_text(result.paid, day),
        unpaid_days=days_text(result.unpaid, day),
        parts=[part_out(p) for p in result.parts],
        consequences=ConsequencesOut.model_validate(cons if isinstance(cons, dict) else cons.__dict__),
    )


def part_out(p: Part) -> PartOut:
    return PartOut(
        year=p.year,
        first_date=p.first,
        last_date=p.last,
        days=p.days,
        hours_per_day=hours_text(p.per_day),
        hours=hours_text(p.hours),
        pay=p.pay,
        pot=p.pot,
        rule=p.rule,
        why=p.why,
        right=p.right,
        discretionary=p.discretionary,
    )


def _who(caller: Caller, data: ApplicationIn) -> uuid.UUID:
    if data.employee_id is not None:
        return data.employee_id
    if len(caller.employee_ids) == 1:
        return next(iter(caller.employee_ids))
    raise InvalidInput(
        "the caller is not one employee: give employee_id",
        errors=[{"field": "employee_id", "message": "required unless you apply as yourself"}],
    )


async def _employee(session: AsyncSession, employee_id: uuid.UUID, *, lock: bool) -> tuple[Employee, Unit]:
    stmt = select(Employee, Unit).join(Unit, Unit.id == Employee.unit_id).where(Employee.id == employee_id)
    row = (await session.execute(stmt.with_for_update(of=Employee) if lock else stmt)).one_or_none()
    if row is None:
        raise NotFound(f"no employee {employee_id}")
    return row


async def apply(*, session: AsyncSession, data: ApplicationIn, caller: Caller, rules: LeaveRules) -> Application:
    """LEA-02: an employee applies (or a manager records an urgent application by phone or in person)."""
    reason = reason_of(data.reason)
    employee_id = _who(caller, data)
    # Locked: one employee's applications are checked for overlap one at a time.
    employee, unit = await _employee(session, employee_id, lock=True)
    if not caller.reaches(employee.id, employee.unit_id):
        if data.employee_id is not None and caller.employee_ids:
            raise Forbidden("an employee applies only for themself")
        raise NotFound(f"no employee {employee_id}")
    rules_of.check_channel(data.channel, data.urgent)
    extent = Extent(data.start_date, data.end_date, hours(data.hours_per_day) if data.hours_per_day else None)
    employment = employee.employment()
    rules_of.check_extent(extent, employment)
    _check_length(extent)
    rules_of.check_applicant(reason, employment)
    rules.regulation(extent.start)  # refused before the regulation applies
    taken = await taken_leaves(session, employee.id, extent, statuses=OPEN, exclude=None)
    rules_of.check_no_clash(extent, taken, employment.full_time_day)
    now = utcnow()
    application = Application(
        id=uuid.uuid4(),
        employee_id=employee.id,
        unit_id=unit.id,
        reason=reason.code,
        rule=reason.rule,
        legal_basis=data.legal_basis or reason.legal_basis,
        occasion=data.occasion,
        justification=data.justification,
        documentation_ref=data.documentation_ref,
        channel=data.channel,
        urgent=data.urgent,
        requested_start=extent.start,
        requested_end=extent.end,
        requested_per_day=extent.per_day,
        start_date=extent.start,
        end_date=extent.end,
        per_day=extent.per_day,
        status="pending",
        submitted_by=caller.principal.subject,
        submitted_at=now,
        paid=0,
        unpaid=0,
        statutory=0,
        holiday_pay_beyond=True,
        version=1,
        created_at=now,
        modified_at=now,
    )
    session.add(application)
    await session.flush()
    return application


async def load(
    session: AsyncSession, application_id: uuid.UUID, *, lock: bool = False
) -> tuple[Application, Employee, Unit]:
    stmt = (
        select(Application, Employee, Unit)
        .join(Employee, Employee.id == Application.employee_id)
        .join(Unit, Unit.id == Application.unit_id)
        .where(Application.id == application_id)
    )
    # The employee's row is locked with the application's: decisions for one employee queue up (LEA-16).
    row = (await session.execute(stmt.with_for_update(of=[Application, Employee]) if lock else stmt)).one_or_none()
    if row is None:
        raise NotFound(f"no application {application_id}")
    return row


def _check_decider(caller: Caller, application: Application) -> None:
    if not (caller.admin or caller.manages(application.unit_id)):
        raise NotFound(f"no application {application.id}")
    if caller.is_self(application.employee_id) and not caller.admin:
        raise Forbidden("a manager does not decide their own leave (LEA-03): it goes to HR or the next level")


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
    _store_totals(application, result, stated, pots_out(settings, employee, after, years))
    changes |= {k: getattr(application, k) for k in ("paid", "unpaid", "statutory", "consequences", "balances")}
    await session.execute(update(A).where(A.c.id == application.id).values(changes))
    await _insert_parts(session, application, result.parts)
    await _publish(session, publisher, application, employee, unit, result, stated, granted=True)
    return application, employee, result.parts


def _apply(application: Application, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(application, name, value)


def _store_totals(application: Application, result: Split, cons: Consequences, pots: list[PotOut]) -> None:
    application.paid, application.unpaid, application.statutory = result.paid, result.unpaid, result.statutory
    application.consequences = ConsequencesOut.model_validate(cons.__dict__).model_dump(mode="json")
    application.balances = [p.model_dump() for p in pots]


async def _insert_parts(session: AsyncSession, application: Application, parts: Sequence[Part]) -> None:
    if not parts:
        return
    rows = [
        {
            "application_id": application.id,
            "employee_id": application.employee_id,
            "reason": application.reason,
            "occasion": application.occasion,
            "year": p.year,
            "first_date": p.first,
            "last_date": p.last,
            "days": p.days,
            "per_day": p.per_day,
            "hours": p.hours,
            "pay": p.pay,
            "pot": p.pot,
            "rule": p.rule,
            "why": p.why,
            "right": p.right,
            "discretionary": p.discretionary,
        }
        for p in parts
    ]
    if len(rows) == 1:  # the common case: one statement on the driver, no SQLAlchemy execution layer
        await INSERT_PART.run(session, **rows[0])
    else:
        await session.execute(insert(GrantedPart), rows)


INSERT_PART = HotQuery(insert(G).values({c.key: bindparam(c.key) for c in G.c if c.key != "id"}))


async def parts_of(session: AsyncSession, application_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[Part, ...]]:
    g = GrantedPart
    rows = (
        await session.scalars(select(g).where(g.application_id.in_(application_ids)).order_by(g.first_date, g.id))
    ).all()
    out: dict[uuid.UUID, list[Part]] = {}
    for r in rows:
        out.setdefault(r.application_id, []).append(
            Part(
                r.year,
                r.first_date,
                r.last_date,
                r.days,
                r.per_day,
                r.pay,  # type: ignore[arg-type]
                r.pot,
                r.rule,
                r.why,
                r.right,
                r.discretionary,
            )
        )
    return {k: tuple(v) for k, v in out.items()}


async def _publish(
    session: AsyncSession,
    publisher: EventPublisher,
    application: Application,
    employee: Employee,
    unit: Unit,
    result: Split,
    cons: Consequences,
    *,
    granted: bool,
) -> None:
    whole = application.status == "revoked"
    fields = dict(
        application_id=application.id,
        employee_id=employee.id,
        employee_number=employee.employee_number,
        person_id=employee.person_id,
        unit_code=unit.code,
        reason=application.reason,
        rule=application.rule,
        legal_basis=application.legal_basis,
        start_date=None if whole else application.start_date,
        end_date=None if whole else application.end_date,
        hours_per_day=hours_text(application.per_day) if application.per_day is not None else None,
        paid_hours=hours_text(result.paid),
        unpaid_hours=hours_text(result.unpaid),
        statutory_hours=hours_text(result.statutory),
        parts=[
            LeavePart(
                year=p.year,
                first_date=p.first,
                last_date=p.last,
                days=p.days,
                hours=hours_text(p.hours),
                pay=p.pay,
                pot=p.pot,
                rule=p.rule,
                why=p.why,
            )
            for p in result.parts
        ],
        consequences=LeaveConsequences(
            seniority_interrupted=cons.seniority_interrupted,
            pension_reported_out_from=cons.pension_reported_out_from,
            holiday_pay_beyond_three_months=cons.holiday_pay_beyond_three_months,
            statements=list(cons.statements),
        ),
        version=application.version,
        changed_at=application.modified_at,
    )
    if granted:
        event: LeaveGrantedV1 | LeaveRevokedV1 = LeaveGrantedV1(**fields)
    else:
        assert application.revoked_from is not None and application.revocation_reason is not None
        event = LeaveRevokedV1(
            **fields,
            revoked_from=application.revoked_from,
            revocation_reason=application.revocation_reason,
        )
    await publisher.publish(session, event, subject=str(application.id))


async def revoke(
    *,
    session: AsyncSession,
    application_id: uuid.UUID,
    data: RevokeIn,
    caller: Caller,
    rules: LeaveRules,
    publisher: EventPublisher,
    today: date,
) -> tuple[Application, Employee, Unit, tuple[Part, ...]]:
    """LEA-03: a granted leave revoked from a day, or cut short; the days given back return to the pots."""
    application, employee, unit = await load(session, application_id, lock=True)
    _check_decider(caller, application)
    if application.status != "granted":
        raise Conflict(f"the application is {application.status}, not granted")
    from_date = data.from_date or today
    if from_date > application.end_date:
        raise InvalidInput(
            "the leave granted ends before that day: nothing to revoke",
            errors=[{"field": "from_date", "message": "after the last day granted"}],
        )
    reason = reason_of(application.reason)
    parts = (await parts_of(session, [application.id])).get(application.id, ())
    await session.execute(delete(GrantedPart).where(GrantedPart.application_id == application.id))
    if from_date <= application.start_date:
        application.status, kept = "revoked", tuple[Part, ...]()
    else:
        new_end = from_date - ONE_DAY
        extent = Extent(application.start_date, new_end, application.per_day)
        kept = clip(parts, new_end, list(extent.working_days()))
        application.end_date = new_end
        await _insert_parts(session, application, kept)
    now = utcnow()
    application.revoked_from, application.revoked_by, application.revoked_at = from_date, caller.principal.subject, now
    application.revocation_reason = data.reason
    application.version += 1
    application.modified_at = now
    result = Split(kept)
    _, settings = rules.regulation(application.requested_start)
    employment: Employment = employee.employment()
    extent = Extent(application.start_date, application.end_date, application.per_day)
    cons = consequences(
        reason, result, employment, settings.consequences, extent, holiday_pay_beyond=application.holiday_pay_beyond
    )
    years = {p.year for p in parts} or {application.start_date.year}
    await session.flush()
    used = await pot_use(session, employee.id, years)
    _store_totals(application, result, cons, pots_out(settings, employee, used, years))
    await session.flush()
    await _publish(session, publisher, application, employee, unit, result, cons, granted=False)
    return application, employee, unit, kept


async def withdraw(*, session: AsyncSession, application_id: uuid.UUID, caller: Caller) -> Application:
    """The applicant withdraws an application not yet decided."""
    application, _, _ = await load(session, application_id, lock=True)
    if not caller.reaches(application.employee_id, application.unit_id):
        raise NotFound(f"no application {application_id}")
    if application.status != "pending":
        raise Conflict(f"the application is {application.status}: only a pending application can be withdrawn")
    application.status = "withdrawn"
    application.version += 1
    application.modified_at = utcnow()
    await session.flush()
    return application
