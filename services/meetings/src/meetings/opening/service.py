"""The opening of a meeting (MTG-15), the approval of its minutes (MTG-37) and the administration
present (MTG-35). The roll call (attendance) calls `record_opening` when it constitutes the meeting."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence, Set
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict, RuleViolation
from folkevalgt_shared.types import utcnow
from meetings.attendance.models import Participant
from meetings.domain.opening import (
    Approver,
    all_present_sign,
    check_signatories,
    require_minutes_approved,
    signatories_needed,
)
from meetings.opening.models import Opening, Signatory, StaffAttendee
from meetings.opening.schemas import (
    AdministrationIn,
    AdministrationOut,
    ApproverOut,
    OpeningOut,
    StaffIn,
)
from meetings.register import repository
from meetings.register.models import Body
from meetings.sittings.models import Meeting


async def record_opening(
    session: AsyncSession,
    *,
    meeting: Meeting,
    body: Body,
    present: Set[uuid.UUID],
    chair: uuid.UUID,
    notice_approved: bool,
    agenda_approved: bool,
    tacit: bool,
    note: str | None,
    signatories: Sequence[uuid.UUID] | None,
) -> None:
    """MTG-15: the approval of notice and agenda, the chair and the signatories appointed.
    In the dispensation committee everyone present besides the chair signs, without appointment."""
    if signatories is None and all_present_sign(body.body_type):
        signatories = sorted(present - {chair})
    if signatories is not None:
        check_signatories(body.body_type, signatories, present, chair)
    session.add(
        Opening(
            meeting_id=meeting.id,
            notice_approved=notice_approved,
            agenda_approved=agenda_approved,
            tacit=tacit,
            note=note,
        )
    )
    session.add(Signatory(id=uuid.uuid4(), meeting_id=meeting.id, person_id=chair, capacity="chair"))
    for person_id in signatories or ():
        session.add(Signatory(id=uuid.uuid4(), meeting_id=meeting.id, person_id=person_id, capacity="signatory"))
    await session.flush()


async def approvers(session: AsyncSession, meeting_id: uuid.UUID) -> Sequence[Signatory]:
    stmt = select(Signatory).where(Signatory.meeting_id == meeting_id).order_by(Signatory.capacity, Signatory.id)
    return (await session.scalars(stmt)).all()


async def _present(session: AsyncSession, meeting_id: uuid.UUID) -> set[uuid.UUID]:
    stmt = select(Participant.person_id).where(Participant.meeting_id == meeting_id, Participant.present.is_(True))
    return set((await session.scalars(stmt)).all())


def _unpublished(meeting: Meeting, what: str) -> None:
    if meeting.constituted_at is None:
        raise Conflict(f"the meeting is {meeting.status}; {what} after the roll call has constituted it")
    if meeting.minutes_published_at is not None:
        raise Conflict(f"the minutes are published; {what} no longer")


async def appoint_signatories(
    *, session: AsyncSession, meeting_id: uuid.UUID, person_ids: Sequence[uuid.UUID]
) -> Sequence[Signatory]:
    """MTG-15: appoint (or re-appoint, before anyone has approved) the signatories of the minutes."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    _unpublished(meeting, "signatories are appointed")
    current = await approvers(session, meeting_id)
    if any(a.approved_at is not None for a in current):
        raise Conflict("the minutes are being approved; the signatories can no longer change")
    body = await repository.get(session, Body, meeting.body_id)
    chair = next(a.person_id for a in current if a.capacity == "chair")
    check_signatories(body.body_type, person_ids, await _present(session, meeting_id), chair, field="person_ids")
    await session.execute(
        delete(Signatory).where(Signatory.meeting_id == meeting_id, Signatory.capacity == "signatory")
    )
    for person_id in person_ids:
        session.add(Signatory(id=uuid.uuid4(), meeting_id=meeting_id, person_id=person_id, capacity="signatory"))
    meeting.version += 1
    meeting.modified_at = utcnow()
    await session.flush()
    return await approvers(session, meeting_id)


async def approve_minutes(*, session: AsyncSession, meeting_id: uuid.UUID, person_id: uuid.UUID) -> Signatory:
    """MTG-37: the chair or a signatory approves the minutes of a closed meeting."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    _unpublished(meeting, "the minutes are approved")
    if meeting.status != "closed":
        raise Conflict(f"the meeting is {meeting.status}; the minutes are approved after it is closed")
    approver = next((a for a in await approvers(session, meeting_id) if a.person_id == person_id), None)
    if approver is None:
        raise RuleViolation(
            "only the chair and the signatories appointed at the opening approve the minutes",
            rule="MTG-37",
            errors=[{"field": "person_id", "message": "neither the chair nor a signatory of these minutes"}],
        )
    if approver.approved_at is not None:
        raise Conflict("this approval is already recorded")
    approver.approved_at = approver.modified_at = utcnow()
    approver.version += 1
    await session.flush()
    return approver


async def require_minutes_approved_for(session: AsyncSession, meeting: Meeting) -> None:
    """MTG-37: refuses to publish minutes the chair and every signatory have not approved."""
    body = await repository.get(session, Body, meeting.body_id)
    rows = await approvers(session, meeting.id)
    others = len(await _present(session, meeting.id) - {meeting.chair_id})
    require_minutes_approved(
        [Approver(a.person_id, a.capacity, a.approved_at) for a in rows], signatories_needed(body.body_type, others)
    )


async def set_administration(*, session: AsyncSession, meeting_id: uuid.UUID, data: AdministrationIn) -> None:
    """MTG-35: the secretary and others present from the administration; replaces the earlier list."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.minutes_published_at is not None:
        raise Conflict("the minutes are published; who attended from the administration can no longer change")
    await session.execute(delete(StaffAttendee).where(StaffAttendee.meeting_id == meeting_id))
    staff = ([(data.secretary, True)] if data.secretary else []) + [(a, False) for a in data.attendees]
    for position, (person, secretary) in enumerate(staff, start=1):
        session.add(
            StaffAttendee(
                id=uuid.uuid4(),
                meeting_id=meeting_id,
                position=position,
                name=person.name,
                title=person.title,
                secretary=secretary,
            )
        )
    meeting.version += 1
    meeting.modified_at = utcnow()
    await session.flush()


async def administration(session: AsyncSession, meeting_id: uuid.UUID) -> AdministrationOut:
    stmt = select(StaffAttendee).where(StaffAttendee.meeting_id == meeting_id).order_by(StaffAttendee.position)
    rows = (await session.scalars(stmt)).all()
    secretary = next((StaffIn(name=r.name, title=r.title) for r in rows if r.secretary), None)
    return AdministrationOut(
        secretary=secretary, attendees=[StaffIn(name=r.name, title=r.title) for r in rows if not r.secretary]
    )


async def opening_of(session: AsyncSession, meeting_id: uuid.UUID) -> OpeningOut | None:
    opening = await session.get(Opening, meeting_id)
    if opening is None:
        return None
    return OpeningOut(
        notice_approved=opening.notice_approved,
        agenda_approved=opening.agenda_approved,
        tacit=opening.tacit,
        note=opening.note,
        approvers=[ApproverOut.model_validate(a) for a in await approvers(session, meeting_id)],
        administration=await administration(session, meeting_id),
    )


async def minutes_front_matter(
    session: AsyncSession, meeting: Meeting, name: Callable[[uuid.UUID | None], str | None]
) -> dict[str, Any]:
    """MTG-35: secretary, administration attendees, approval of notice and agenda, the signatories."""
    opening = await session.get(Opening, meeting.id)
    staff = await administration(session, meeting.id)
    return {
        "secretary": staff.secretary.model_dump() if staff.secretary else None,
        "administration": [a.model_dump() for a in staff.attendees],
        "opening": None
        if opening is None
        else {
            "notice_approved": opening.notice_approved,
            "agenda_approved": opening.agenda_approved,
            "tacit": opening.tacit,
            "note": opening.note,
        },
        "signatories": [
            {
                "name": name(a.person_id),
                "capacity": a.capacity,
                "approved_at": a.approved_at.isoformat() if a.approved_at else None,
            }
            for a in await approvers(session, meeting.id)
        ],
    }
