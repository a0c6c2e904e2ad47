"""Leave from office (LEA-60): the representative applies, the council decides (recorded with its reference),
and meetings and remuneration are told on the first and last day, and at once of any change of a leave they
know (`office_leave.started` / `office_leave.ended`, each a full snapshot with a newer version)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.contracts import OfficeLeaveEndedV1, OfficeLeaveStartedV1
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.types import utcnow
from leave.db import register
from leave.deps import is_admin, subject_id
from leave.domain import office_leave as rules_of
from leave.domain.office_leave import Publication, Published
from leave.domain.settings import LeaveRules
from leave.office_leaves.models import OfficeLeave
from leave.office_leaves.schemas import (
    OfficeCutShortIn,
    OfficeDecisionIn,
    OfficeLeaveIn,
    OfficeLeaveOut,
    OfficeRevokeIn,
)

OPEN = ("pending", "granted")


def out(leave: OfficeLeave) -> OfficeLeaveOut:
    published: list[Publication] = []
    if leave.started_published:
        published.append("started")
    if leave.ended_published:
        published.append("ended")
    return OfficeLeaveOut(
        id=leave.id,
        person_id=leave.person_id,
        body_keys=list(leave.body_keys),
        reason=leave.reason,
        justification=leave.justification,
        requested_start=leave.requested_start,
        requested_end=leave.requested_end,
        start_date=leave.start_date,
        end_date=leave.end_date,
        status=leave.status,  # type: ignore[arg-type]
        submitted_by=leave.submitted_by,
        submitted_at=leave.submitted_at,
        granted_by=leave.granted_by,
        decision_ref=leave.decision_ref,
        decided_on=leave.decided_on,
        note=leave.note,
        published=published,
        version=leave.version,
        modified_at=leave.modified_at,
    )


def _published(leave: OfficeLeave) -> Published:
    return Published(leave.started_published, leave.ended_published)


async def _check_representative(session: AsyncSession, person_id: uuid.UUID, data: OfficeLeaveIn) -> None:
    """LEA-60: leave from an office the person holds during the leave, in the register copy."""
    m = register.membership.c
    rows = await session.execute(
        select(m.body_key).where(
            m.person_id == person_id,
            ~m.deleted,
            m.start_date <= data.end_date,
            or_(m.end_date.is_(None), m.end_date >= data.start_date),
        )
    )
    bodies = set(rows.scalars().all())
    if not bodies:
        raise RuleViolation(
            "leave from office is for an elected representative holding an office in the period (LEA-60)",
            rule="LEA-60",
            errors=[{"field": "person_id", "message": "no office in the register during the leave"}],
        )
    missing = [k for k in data.body_keys if k not in bodies]
    if missing:
        raise RuleViolation(
            f"the person holds no office in {', '.join(missing)} during the leave (LEA-60)",
            rule="LEA-60",
            errors=[{"field": "body_keys", "message": f"no office in {k}"} for k in missing],
        )


async def apply(*, session: AsyncSession, data: OfficeLeaveIn, principal: Principal, rules: LeaveRules) -> OfficeLeave:
    me = subject_id(principal)
    person_id = data.person_id or me
    if person_id is None:
        raise InvalidInput("give person_id", errors=[{"field": "person_id", "message": "required"}])
    if person_id != me and not is_admin(principal):
        raise Forbidden("a representative applies for leave from office only for themself")
    settings = rules.office_leave(data.start_date)
    rules_of.check_span(data.start_date, data.end_date, settings.max_years)
    await _check_representative(session, person_id, data)
    overlapping = (
        await session.scalars(
            select(OfficeLeave).where(
                OfficeLeave.person_id == person_id,
                OfficeLeave.status.in_(OPEN),
                OfficeLeave.start_date <= data.end_date,
                OfficeLeave.end_date >= data.start_date,
            )
        )
    ).all()
    for other in overlapping:
        if not other.body_keys or not data.body_keys or set(other.body_keys) & set(data.body_keys):
            raise Conflict(
                f"the person already has leave from office {other.id} in that period",
                errors=[{"field": "start_date", "message": f"overlaps {other.id}"}],
            )
    now = utcnow()
    leave = OfficeLeave(
        id=uuid.uuid4(),
        person_id=person_id,
        body_keys=sorted(set(data.body_keys)),
        reason=data.reason,
        justification=data.justification,
        requested_start=data.start_date,
        requested_end=data.end_date,
        start_date=data.start_date,
        end_date=data.end_date,
        status="pending",
        submitted_by=principal.subject,
        submitted_at=now,
        started_published=False,
        ended_published=False,
        published_version=0,
        version=1,
        created_at=now,
        modified_at=now,
    )
    session.add(leave)
    await session.flush()
    return leave


async def get(session: AsyncSession, leave_id: uuid.UUID, *, lock: bool = False) -> OfficeLeave:
    stmt = select(OfficeLeave).where(OfficeLeave.id == leave_id)
    leave = (await session.scalars(stmt.with_for_update() if lock else stmt)).one_or_none()
    if leave is None:
        raise NotFound(f"no leave from office {leave_id}")
    return leave


def visible(leave: OfficeLeave, principal: Principal) -> bool:
    return is_admin(principal) or subject_id(principal) == leave.person_id


async def publish(session: AsyncSession, publisher: EventPublisher, leave: OfficeLeave, kind: Publication) -> None:
    """A full snapshot with a version newer than any published before: consumers keep the newest."""
    if leave.version <= leave.published_version:
        leave.version = leave.published_version + 1
    fields = dict(
        leave_id=leave.id,
        person_id=leave.person_id,
        start_date=leave.start_date,
        end_date=leave.end_date,
        body_keys=list(leave.body_keys),
        reason=leave.reason,
        version=leave.version,
        changed_at=utcnow(),
    )
    data = OfficeLeaveStartedV1(**fields) if kind == "started" else OfficeLeaveEndedV1(**fields)
    await publisher.publish(session, data, subject=str(leave.id))
    leave.published_version = leave.version
    leave.started_published = True
    leave.ended_published = kind == "ended"


async def publish_if_due(session: AsyncSession, publisher: EventPublisher, leave: OfficeLeave, today: date) -> bool:
    kind = rules_of.due(leave.status == "granted", leave.start_date, leave.end_date, _published(leave), today)
    if kind is None:
        return False
    await publish(session, publisher, leave, kind)
    return True


async def decide(
    *,
    session: AsyncSession,
    leave_id: uuid.UUID,
    data: OfficeDecisionIn,
    principal: Principal,
    rules: LeaveRules,
    publisher: EventPublisher,
    today: date,
) -> OfficeLeave:
    """LEA-60: the council grants (possibly for a shorter time) or denies; recorded with its reference."""
    leave = await get(session, leave_id, lock=True)
    if leave.status != "pending":
        raise Conflict(f"the leave from office is {leave.status}, not pending")
    settings = rules.office_leave(leave.start_date)
    now = utcnow()
    leave.granted_by, leave.decision_ref, leave.decided_on = settings.granted_by, data.decision_ref, data.decided_on
    leave.recorded_by, leave.note = principal.subject, data.note
    leave.version += 1
    leave.modified_at = now
    if data.outcome == "deny":
        leave.status = "denied"
        await session.flush()
        return leave
    end = data.end_date or leave.end_date
    if end > leave.requested_end or end < leave.start_date:
        raise InvalidInput(
            "the last day granted must lie within the period applied for",
            errors=[{"field": "end_date", "message": "outside the period applied for"}],
        )
    leave.status, leave.end_date = "granted", end
    await publish_if_due(session, publisher, leave, today)
    await session.flush()
    return leave


async def cut_short(
    *,
    session: AsyncSession,
    leave_id: uuid.UUID,
    data: OfficeCutShortIn,
    principal: Principal,
    publisher: EventPublisher,
    today: date,
) -> OfficeLeave:
    leave = await get(session, leave_id, lock=True)
    if leave.status != "granted":
        raise Conflict(f"the leave from office is {leave.status}, not granted")
    if not leave.start_date <= data.end_date < leave.end_date:
        raise InvalidInput(
            "a leave is cut short to a day from its first day and before its last",
            errors=[{"field": "end_date", "message": "not within the leave"}],
        )
    _record_change(leave, data.decision_ref, data.decided_on, principal, data.note)
    leave.end_date = data.end_date
    await _publish_change(session, publisher, leave, today)
    return leave


async def revoke(
    *,
    session: AsyncSession,
    leave_id: uuid.UUID,
    data: OfficeRevokeIn,
    principal: Principal,
    publisher: EventPublisher,
    today: date,
) -> OfficeLeave:
    leave = await get(session, leave_id, lock=True)
    if leave.status != "granted":
        raise Conflict(f"the leave from office is {leave.status}, not granted")
    if leave.end_date < today:
        raise Conflict("the leave from office is over: there is nothing to revoke")
    _record_change(leave, data.decision_ref, data.decided_on, principal, data.note)
    leave.status = "revoked"
    leave.end_date = rules_of.revoked_end(leave.start_date, leave.end_date, today)
    await _publish_change(session, publisher, leave, today)
    return leave


def _record_change(leave: OfficeLeave, ref: str, on: date, principal: Principal, note: str | None) -> None:
    leave.decision_ref, leave.decided_on, leave.recorded_by = ref, on, principal.subject
    leave.note = note or leave.note
    leave.version += 1
    leave.modified_at = utcnow()


async def _publish_change(session: AsyncSession, publisher: EventPublisher, leave: OfficeLeave, today: date) -> None:
    kind = rules_of.after_change(leave.end_date, _published(leave), today)
    if kind is not None:
        await publish(session, publisher, leave, kind)
    await session.flush()


async def withdraw(*, session: AsyncSession, leave_id: uuid.UUID, principal: Principal) -> OfficeLeave:
    leave = await get(session, leave_id, lock=True)
    if not visible(leave, principal):
        raise NotFound(f"no leave from office {leave_id}")
    if leave.status != "pending":
        raise Conflict(f"the leave from office is {leave.status}: only a pending application can be withdrawn")
    leave.status = "withdrawn"
    leave.version += 1
    leave.modified_at = utcnow()
    await session.flush()
    return leave


async def publish_due(session: AsyncSession, publisher: EventPublisher, today: date) -> int:
    """The periodic job: leaves whose first or last day has come are told, once (LEA-60)."""
    c = OfficeLeave
    stmt = select(c).where(
        c.status == "granted",
        c.ended_published == false(),
        c.start_date <= today,
        or_(c.started_published == false(), c.end_date <= today),
    )
    if session.get_bind().dialect.name == "postgresql":
        # Every replica runs the job: a row another is publishing is skipped, not published twice.
        stmt = stmt.with_for_update(skip_locked=True)
    done = 0
    for leave in (await session.scalars(stmt.order_by(c.start_date, c.id))).all():
        done += await publish_if_due(session, publisher, leave, today)
    await session.flush()
    return done
