"""Use cases of an application for leave: apply, assess (the proposal), decide, revoke or cut short, withdraw.
Each changes state and publishes its event in one transaction; a decision locks the employee's row, so two
decisions for one employee are taken one after the other and cannot both draw the last paid day (LEA-16).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Table,
    and_,
    bindparam,
    delete,
    insert,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.contracts import LeaveConsequences, LeaveGrantedV1, LeavePart, LeaveRevokedV1
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.hot import HotQuery
from folkevalgt_shared.types import utcnow
from leave.applications.models import Application, GrantedPart
from leave.applications.schemas import ApplicationIn, ConsequencesOut, PartOut, RevokeIn, SplitOut
from leave.deps import Caller
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


def _unknown_applicant(employee_id: uuid.UUID) -> InvalidInput:
    """The body names an employee that does not exist, or one the caller may not apply for: 422 naming
    the field, the same for both, so that the answer does not tell whether the employee exists."""
    return InvalidInput(
        f"body.employee_id: no employee {employee_id} that you may apply for",
        errors=[
            {"field": "body.employee_id", "message": "no such employee you may apply for", "code": "unknown_reference"}
        ],
    )


async def apply(*, session: AsyncSession, data: ApplicationIn, caller: Caller, rules: LeaveRules) -> Application:
    """LEA-02: an employee applies (or a manager records an urgent application by phone or in person)."""
    reason = reason_of(data.reason)
    employee_id = _who(caller, data)
    # Locked: one employee's applications are checked for overlap one at a time.
    try:
        employee, unit = await _employee(session, employee_id, lock=True)
    except NotFound:
        if data.employee_id is not None and caller.employee_ids and employee_id not in caller.employee_ids:
            raise Forbidden("an employee applies only for themself") from None  # as for one of another unit
        raise _unknown_applicant(employee_id) from None
    if not caller.reaches(employee.id, employee.unit_id):
        if data.employee_id is not None and caller.employee_ids:
            raise Forbidden("an employee applies only for themself")
        raise _unknown_applicant(employee_id)  # the same answer as for no employee: existence is not told
    rules_of.check_channel(data.channel, data.urgent)
    extent = Extent(data.start_date, data.end_date, hours(data.hours_per_day) if data.hours_per_day else None)
    employment = employee.employment()
    rules_of.check_extent(extent, employment)
    _check_length(extent)
    rules_of.check_applicant(reason, employment, data.documentation_ref)
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


def store_totals(application: Application, result: Split, cons: Consequences, pots: list[PotOut]) -> None:
    application.paid, application.unpaid, application.statutory = result.paid, result.unpaid, result.statutory
    application.consequences = ConsequencesOut.model_validate(cons.__dict__).model_dump(mode="json")
    application.balances = [p.model_dump() for p in pots]


async def insert_parts(session: AsyncSession, application: Application, parts: Sequence[Part]) -> None:
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


G: Table = GrantedPart.__table__  # type: ignore[assignment]
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


async def publish_leave(
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
        await insert_parts(session, application, kept)
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
    store_totals(application, result, cons, pots_out(settings, employee, used, years))
    await session.flush()
    await publish_leave(session, publisher, application, employee, unit, result, cons, granted=False)
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
