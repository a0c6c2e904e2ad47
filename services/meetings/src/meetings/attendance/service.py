"""Absences and deputies for one meeting (MTG-10): use cases over the pure rule in domain.deputies."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import (
    AttendanceRecordedV1,
    DeputySummonedV1,
    EventData,
    MeetingClosedV1,
    OfficeLeaveEndedV1,
    OfficeLeaveStartedV1,
    PassedOver,
)
from folkevalgt_shared.errors import Conflict, InvalidInput
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.events.inbox import Handler
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.hot import HotQuery
from folkevalgt_shared.types import utcnow
from meetings.attendance.models import Participant
from meetings.attendance.schemas import AbsenceIn, AbsenceOut, ParticipantOut, PassedOverOut, RollCallIn, RollCallOut
from meetings.disqualification.models import Disqualification
from meetings.domain.chair import ChairElection, chair_of_meeting
from meetings.domain.composition import SEAT_ROLES
from meetings.domain.deputies import Deputy, Unavailable, next_deputy
from meetings.domain.opening import require_constitution
from meetings.domain.order import require_meeting_may_end
from meetings.domain.sitting_time import require_meeting_day, require_started
from meetings.office_leave.service import on_leave, period_of, record_leaves
from meetings.opening.models import Opening
from meetings.opening.service import record_opening
from meetings.register import repository
from meetings.register.models import Body, Membership
from meetings.sittings.models import AgendaItem, Meeting
from meetings.sittings.service import order_of

OPEN = ("planned", "notice_published")


async def memberships_on_meeting_day(session: AsyncSession, meeting: Meeting) -> list[Membership]:
    day = oslo_date(meeting.starts_at)
    return [
        m
        for m in await repository.memberships_of_body(session, meeting.body_id)
        if m.start_date <= day and (m.end_date is None or m.end_date >= day)
    ]


class CrewRow(NamedTuple):
    """Who sits in a constituted meeting, in what role, and when they came and left."""

    person_id: uuid.UUID
    role: str
    present: bool
    arrived_at: datetime | None
    departed_at: datetime | None


CREW = HotQuery(
    select(*(getattr(Participant, f) for f in CrewRow._fields)).where(Participant.meeting_id == bindparam("meeting_id"))
)


async def crew_of(session: AsyncSession, meeting_id: uuid.UUID) -> list[CrewRow]:
    """As plain rows on the driver: the vote path reads this on every vote, and full objects cost
    several times more (bench/meetings_bench.py)."""
    return [CrewRow(*row) for row in await CREW.fetch(session, meeting_id=meeting_id)]


async def participants(session: AsyncSession, meeting: Meeting) -> Sequence[Participant]:
    """The members with a vote on the meeting's day (created on first use), and summoned deputies."""
    rows = {
        p.person_id: p
        for p in (await session.scalars(select(Participant).where(Participant.meeting_id == meeting.id))).all()
    }
    if meeting.status not in OPEN:
        # The roll call wrote a row for every member (MTG-15); from then on the rows are the record.
        return sorted(rows.values(), key=_seating)
    for m in await memberships_on_meeting_day(session, meeting):
        if m.role in SEAT_ROLES and m.voting_right and m.person_id not in rows:
            rows[m.person_id] = Participant(
                id=uuid.uuid4(),
                meeting_id=meeting.id,
                person_id=m.person_id,
                role=m.role,
                party_group=m.party_group,
                status="expected",
            )
            session.add(rows[m.person_id])
    await session.flush()
    return sorted(rows.values(), key=_seating)


async def deputies_of(
    session: AsyncSession, meeting: Meeting, seated: Iterable[Participant]
) -> tuple[list[Deputy], dict[uuid.UUID, Unavailable]]:
    """MTG-10: the body's deputies on the meeting's day, and who of them cannot be summoned and why:
    already in the meeting or absent from it, or on leave from office that day (LEA-60)."""
    deputies = [
        Deputy(m.person_id, _deputy_list(m), m.deputy_order or 0)
        for m in await memberships_on_meeting_day(session, meeting)
        if m.role == "deputy"
    ]
    body = await repository.get(session, Body, meeting.body_id)
    day = oslo_date(meeting.starts_at)
    away = await on_leave(session, [d.person_id for d in deputies], day, body.key)
    unavailable = dict.fromkeys(away, Unavailable.ON_LEAVE)
    # What the meeting's own record says comes first: a deputy summoned before the leave was known attends.
    unavailable |= {p.person_id: Unavailable.ABSENT if p.status == "absent" else Unavailable.ATTENDING for p in seated}
    return deputies, unavailable


def _deputy_list(m: Membership) -> str | None:
    """MTG-01/MTG-10: a personal deputy (youth council) stands in for one representative only."""
    return f"personal:{m.personal_deputy_for}" if m.personal_deputy_for else m.joint_list or m.party_group


async def list_of(session: AsyncSession, meeting: Meeting, participant: Participant) -> str | None:
    """MTG-10: the list whose deputies stand in for the participant: the joint list (fellesliste) the member
    was elected on, else the party group; a representative with a personal deputy (MTG-01, youth council)
    has that deputy alone; for a summoned deputy, the list of the member replaced."""
    person = participant.in_place_of or participant.person_id
    memberships = await memberships_on_meeting_day(session, meeting)
    if any(m.role == "deputy" and m.personal_deputy_for == person for m in memberships):
        return f"personal:{person}"
    for m in memberships:
        if m.person_id == person and m.role != "group_leader":
            return m.joint_list or m.party_group
    return participant.party_group


def _seating(p: Participant) -> tuple[bool, str, str]:
    return (p.role == "deputy", p.party_group or "", str(p.person_id))


async def report_absence(
    *, session: AsyncSession, meeting_id: uuid.UUID, data: AbsenceIn, publisher: EventPublisher
) -> AbsenceOut:
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.status not in OPEN:
        raise Conflict(f"the meeting is {meeting.status}; absences are reported before it starts")
    rows = {p.person_id: p for p in await participants(session, meeting)}
    absent = rows.get(data.person_id)
    if absent is None:
        raise InvalidInput(
            "the person is neither a member of the body on the meeting's day nor a summoned deputy",
            errors=[{"field": "person_id", "message": "not expected at this meeting"}],
        )
    if absent.status == "absent":
        raise Conflict("this absence is already reported")
    absent.status, absent.absence_reason = "absent", data.reason
    absent.modified_at = utcnow()
    summoned, passed = await _summon_deputy(session, meeting, rows.values(), absent, publisher)
    await session.flush()
    return AbsenceOut(
        absent=ParticipantOut.model_validate(absent),
        summoned=ParticipantOut.model_validate(summoned) if summoned else None,
        passed_over=passed,
    )


async def _summon_deputy(
    session: AsyncSession,
    meeting: Meeting,
    seated: Iterable[Participant],
    absent: Participant,
    publisher: EventPublisher,
) -> tuple[Participant | None, list[PassedOverOut]]:
    """MTG-10: the next deputy of the absent member's list, in the order of election, who is not
    already attending, absent or on leave from office; summoned in the absent member's place."""
    deputies, unavailable = await deputies_of(session, meeting, seated)
    summons = next_deputy(deputies, await list_of(session, meeting, absent), unavailable)
    passed = [PassedOverOut(person_id=d.person_id, reason=reason.value) for d, reason in summons.passed_over]
    summoned = None
    if summons.deputy is not None:
        in_place_of = absent.in_place_of or absent.person_id
        summoned = Participant(
            id=uuid.uuid4(),
            meeting_id=meeting.id,
            person_id=summons.deputy.person_id,
            role="deputy",
            party_group=absent.party_group,
            status="expected",
            in_place_of=in_place_of,
            deputy_order=summons.deputy.order,
        )
        session.add(summoned)
        await session.flush()
        body = await repository.get(session, Body, meeting.body_id)
        await publisher.publish(
            session,
            DeputySummonedV1(
                meeting_id=meeting.id,
                body_id=body.id,
                body_key=body.key,
                starts_at=meeting.starts_at,
                deputy_person_id=summoned.person_id,
                in_place_of_person_id=in_place_of,
                party_group=summoned.party_group,
                deputy_order=summons.deputy.order,
                passed_over=[PassedOver(person_id=p.person_id, reason=p.reason) for p in passed],
                summoned_at=utcnow(),
            ),
            subject=str(meeting.id),
        )
    return summoned, passed


ON_LEAVE_FROM_OFFICE = "Permisjon fra vervet (LEA-60)"


async def replace_members_on_leave(*, session: AsyncSession, meeting: Meeting, publisher: EventPublisher) -> None:
    """LEA-60/MTG-10: as the notice goes out, a member on leave from office on the meeting's day is
    recorded absent for the leave, and the next deputy of the list is summoned in the member's place.
    A leave granted after the notice is reported as an absence by the secretariat, as any other."""
    rows = {p.person_id: p for p in await participants(session, meeting)}
    members = [p for p in rows.values() if p.role != "deputy" and p.status == "expected"]
    body = await repository.get(session, Body, meeting.body_id)
    away = await on_leave(session, [p.person_id for p in members], oslo_date(meeting.starts_at), body.key)
    for member in sorted((p for p in members if p.person_id in away), key=_seating):
        await _replace_on_leave(session, meeting, rows, member, publisher)
    await session.flush()


async def _replace_on_leave(
    session: AsyncSession,
    meeting: Meeting,
    rows: dict[uuid.UUID, Participant],
    on_leave_from_office: Participant,
    publisher: EventPublisher,
) -> None:
    on_leave_from_office.status, on_leave_from_office.absence_reason = "absent", ON_LEAVE_FROM_OFFICE
    on_leave_from_office.modified_at = utcnow()
    summoned, _ = await _summon_deputy(session, meeting, rows.values(), on_leave_from_office, publisher)
    if summoned is not None:
        rows[summoned.person_id] = summoned  # attending now: not summoned again for the next one


async def on_office_leave(session: AsyncSession, events: list[ReceivedEvent], publisher: EventPublisher) -> None:
    """LEA-60/MTG-10: keeps the copy of the leaves, and replaces a person on leave in the meetings whose
    notice is already out: recorded absent for the leave, the next deputy summoned in their place.
    A leave cut short later does not undo a replacement: the deputy has been summoned."""
    leaves = await record_leaves(session, events)
    found = await session.execute(
        select(Meeting.id, Meeting.starts_at, Body.key, Participant.person_id)
        .join(Participant, Participant.meeting_id == Meeting.id)
        .join(Body, Body.id == Meeting.body_id)
        .where(
            Meeting.status == "notice_published",
            Participant.status == "expected",
            Participant.person_id.in_({leave.person_id for leave in leaves}),
        )
    )
    affected = {
        (meeting_id, person)
        for meeting_id, starts_at, body_key, person in found
        for leave in leaves
        if leave.person_id == person and period_of(leave).covers(oslo_date(starts_at), body_key)
    }
    for meeting_id, person in sorted(affected, key=str):
        meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
        rows = {p.person_id: p for p in await participants(session, meeting)}
        if meeting.status == "notice_published" and rows[person].status == "expected":
            await _replace_on_leave(session, meeting, rows, rows[person], publisher)
    await session.flush()


HANDLERS: dict[type[EventData], Handler] = {OfficeLeaveStartedV1: on_office_leave, OfficeLeaveEndedV1: on_office_leave}


async def roll_call(*, session: AsyncSession, meeting_id: uuid.UUID, data: RollCallIn) -> RollCallOut:
    """MTG-15: register who is present; the meeting is lawfully constituted only if quorate and the
    notice and agenda are approved. The opening's record (signatories) is kept by meetings.opening."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.status != "notice_published":
        raise Conflict(f"the meeting is {meeting.status}; the roll call opens a meeting whose notice is published")
    now = utcnow()
    require_meeting_day(meeting.starts_at, now, "the roll call is taken")  # MTG-15
    rows = {p.person_id: p for p in await participants(session, meeting) if p.status == "expected"}
    present = set(data.present)
    strangers = sorted(str(p) for p in present - rows.keys())
    if strangers:
        raise InvalidInput(
            "only members without reported absence and summoned deputies can be present",
            errors=[{"field": "present", "message": f"not expected: {', '.join(strangers)}"}],
        )
    body = await repository.get(session, Body, meeting.body_id)
    require_constitution(
        present=len(present),
        quorum=body.quorum,
        notice_approved=data.notice_approved,
        agenda_approved=data.agenda_approved,
    )
    election = data.chair_election
    chosen = chair_of_meeting(
        {p: rows[p].role for p in present},
        data.chair_id,
        ChairElection(election.votes_for, election.votes_against) if election else None,
    )  # MTG-09
    chair = chosen.person
    await record_opening(
        session,
        meeting=meeting,
        body=body,
        present=present,
        chair=chair,
        notice_approved=data.notice_approved,
        agenda_approved=data.agenda_approved,
        tacit=data.tacit,
        note=data.opening_note,
        signatories=data.signatories,
    )
    for person_id in present:
        rows[person_id].present, rows[person_id].arrived_at = True, now
    opening = await session.get(Opening, meeting.id)
    if opening is not None:  # MTG-09/MTG-35: on what footing the chair leads the meeting
        opening.chair_basis = chosen.basis
        if chosen.election is not None:
            opening.chair_votes_for = chosen.election.votes_for
            opening.chair_votes_against = chosen.election.votes_against
    meeting.chair_id, meeting.constituted_at, meeting.status = chair, now, "in_progress"
    meeting.version += 1
    meeting.modified_at = now
    await session.flush()
    return RollCallOut(
        present=len(present), quorum=body.quorum, chair_id=chair, chair_basis=chosen.basis, constituted_at=now
    )


async def close_meeting(*, session: AsyncSession, meeting_id: uuid.UUID, publisher: EventPublisher) -> Meeting:
    """Ends the meeting and publishes who attended, in what role and for how long, then
    meeting.closed (remuneration computes meeting fees from these, REM-30..33)."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.status != "in_progress":
        raise Conflict(f"the meeting is {meeting.status}; only a constituted meeting can be closed")
    require_meeting_may_end(await order_of(session, meeting.id))
    body = await repository.get(session, Body, meeting.body_id)
    now = utcnow()
    require_started(meeting.starts_at, now, "the meeting is closed")  # MTG-35: never an end before the start
    attended = [p for p in await participants(session, meeting) if p.present]
    substitutes = (
        await session.scalars(
            select(Disqualification)
            .join(AgendaItem, AgendaItem.id == Disqualification.agenda_item_id)
            .where(AgendaItem.meeting_id == meeting.id, Disqualification.substitute_present.is_(True))
        )
    ).all()
    records = [
        (p.person_id, p.role, p.role == "deputy", p.in_place_of, p.arrived_at or now, p.departed_at or now)
        for p in attended
    ]
    seen = {p.person_id for p in attended}
    for d in substitutes:  # deputies who sat for one case only (MTG-14)
        if d.substitute_id is not None and d.substitute_id not in seen:
            seen.add(d.substitute_id)
            records.append((d.substitute_id, "deputy", True, d.person_id, d.modified_at, now))
    for person_id, role, as_deputy, in_place_of, since, until in records:
        await publisher.publish(
            session,
            AttendanceRecordedV1(
                meeting_id=meeting.id,
                body_id=body.id,
                body_key=body.key,
                body_type=body.body_type,
                person_id=person_id,
                role=role,
                as_deputy=as_deputy,
                in_place_of=in_place_of,
                attended_from=since,
                attended_to=until,  # a leave from the meeting ends the attendance (MTG-12)
                remote=meeting.remote,
                secretariat_present=meeting.secretariat_present,
            ),
            subject=f"{meeting.id}/{person_id}",
        )
    meeting.status, meeting.ended_at, meeting.modified_at = "closed", now, now
    meeting.version += 1
    await session.flush()
    await publisher.publish(
        session,
        MeetingClosedV1(
            meeting_id=meeting.id,
            body_id=body.id,
            body_key=body.key,
            starts_at=meeting.starts_at,
            ended_at=now,
            attendances=len(records),
        ),
        subject=str(meeting.id),
    )
    return meeting
