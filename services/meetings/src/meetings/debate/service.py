"""The speakers' list of a case, a question or an interpellation (MTG-19, MTG-31): check, write, answer."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.errors import Conflict, NotFound
from folkevalgt_shared.types import utcnow
from meetings.attendance.service import memberships_on_meeting_day, participants
from meetings.debate.models import FloorRequest, SpeakersList
from meetings.debate.schemas import FloorRequestIn, FloorRequestOut, SpeakersListOut
from meetings.disqualification.service import case_of
from meetings.domain.debate import (
    LIMITS,
    Debate,
    Floor,
    Kind,
    State,
    Turn,
    give_floor,
    over_time,
    request_floor,
    require_no_vote_open,
    spoken_seconds,
)
from meetings.domain.rights import may_speak
from meetings.questions.models import Question
from meetings.register import repository
from meetings.rights.service import grants
from meetings.sittings.models import Meeting
from meetings.treatment.models import CaseTreatment
from meetings.treatment.progress import is_open
from meetings.treatment.service import taking_part_in_case


def _turn(r: FloorRequest) -> Turn:
    return Turn(r.id, r.person_id, Kind(r.kind), r.reply_to, State(r.state), r.given_at, r.ended_at)


def out(r: FloorRequest) -> FloorRequestOut:
    found = FloorRequestOut.model_validate(r)
    if r.given_at is not None:
        found.ends_by = r.given_at + timedelta(seconds=r.limit_seconds)
    return found


async def _requests(session: AsyncSession, subject_id: uuid.UUID) -> list[FloorRequest]:
    stmt = select(FloorRequest).where(FloorRequest.subject_id == subject_id).order_by(FloorRequest.number)
    return list((await session.scalars(stmt)).all())


async def _subject(
    session: AsyncSession, meeting_id: uuid.UUID, subject_id: uuid.UUID, *, question: bool
) -> tuple[Meeting, Floor, set[uuid.UUID], bool]:
    """The meeting, whose floor it is, who takes part (MTG-14/22) and whether a vote is open (MTG-21)."""
    if question:
        meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
        asked = await session.get(Question, subject_id)
        if asked is None or asked.meeting_id != meeting_id:
            raise NotFound(f"no question {subject_id} at meeting {meeting_id}")
        mayor = next(
            (m.person_id for m in await memberships_on_meeting_day(session, meeting) if m.role == "mayor"), None
        )
        debate = Debate.INTERPELLATION if asked.kind == "interpellation" else Debate.QUESTION
        floor = Floor(debate, chair=meeting.chair_id, asker=asked.asker_id, answerer=mayor, mayor=mayor)
        present = {p.person_id for p in await participants(session, meeting) if p.present and p.departed_at is None}
        return meeting, floor, present, False
    meeting, item = await case_of(session, meeting_id, subject_id)  # the meeting locked
    treatment = await session.get(CaseTreatment, item.id)
    if treatment is not None and (treatment.decided_at or treatment.postponed_at):
        raise Conflict("the case is decided or postponed: its debate is over")
    taking_part = await taking_part_in_case(session, meeting, item, treatment)
    return meeting, Floor(Debate.CASE, chair=meeting.chair_id), taking_part, bool(treatment and is_open(treatment))


async def _list(session: AsyncSession, meeting: Meeting, subject_id: uuid.UUID, debate: Debate) -> SpeakersList:
    found = await session.get(SpeakersList, subject_id)
    if found is None:
        found = SpeakersList(subject_id=subject_id, meeting_id=meeting.id, debate=debate.value, requests=0)
        session.add(found)
        await session.flush()
    return found


def _require_sitting(meeting: Meeting) -> None:
    if meeting.status != "in_progress":
        raise Conflict(f"the meeting is {meeting.status}: the floor is given while it sits")


async def request(
    *, session: AsyncSession, meeting_id: uuid.UUID, subject_id: uuid.UUID, question: bool, data: FloorRequestIn
) -> FloorRequest:
    meeting, floor, taking_part, voting_open = await _subject(session, meeting_id, subject_id, question=question)
    _require_sitting(meeting)
    speakers = await _list(session, meeting, subject_id, floor.debate)
    rows = await _requests(session, subject_id)
    reply_to = next((r for r in rows if r.id == data.reply_to), None)
    if data.reply_to is not None and reply_to is None:
        raise NotFound(f"no request {data.reply_to} on this speakers' list")
    rights = await grants(session, meeting.body_id, oslo_date(meeting.starts_at))
    limit = request_floor(
        floor=floor,
        person=data.person_id,
        kind=data.kind,
        reply_to=_turn(reply_to) if reply_to else None,
        turns=[_turn(r) for r in rows],
        list_closed=speakers.closed_at is not None,
        may_speak=data.person_id in taking_part or may_speak(data.person_id, oslo_date(meeting.starts_at), rights),
        voting_open=voting_open,
    )
    speakers.requests += 1
    row = FloorRequest(
        id=uuid.uuid4(),
        subject_id=subject_id,
        number=speakers.requests,
        person_id=data.person_id,
        kind=data.kind.value,
        reply_to=data.reply_to,
        state=State.WAITING.value,
        limit_seconds=limit,
        requested_at=utcnow(),
        over_time=False,
    )
    session.add(row)
    await session.flush()
    return row


async def give(
    *, session: AsyncSession, meeting_id: uuid.UUID, subject_id: uuid.UUID, request_id: uuid.UUID, question: bool
) -> FloorRequest:
    """The chair gives the floor (MTG-19)."""
    meeting, _, _, voting_open = await _subject(session, meeting_id, subject_id, question=question)
    _require_sitting(meeting)
    rows = await _requests(session, subject_id)
    row = _find(rows, request_id)
    require_no_vote_open(voting_open)
    give_floor(_turn(row), [_turn(r) for r in rows])
    row.state, row.given_at = State.SPEAKING.value, utcnow()
    await session.flush()
    return row


async def end(
    *, session: AsyncSession, meeting_id: uuid.UUID, subject_id: uuid.UUID, request_id: uuid.UUID, question: bool
) -> FloorRequest:
    """The speaker is done; a speech beyond its time is recorded so (MTG-19/31)."""
    del question  # the list is the subject's, whatever it is; a case decided meanwhile still ends the speech
    speakers = await session.get(SpeakersList, subject_id)
    if speakers is None or speakers.meeting_id != meeting_id:
        raise NotFound(f"no speakers' list for {subject_id} at meeting {meeting_id}")
    row = _find(await _requests(session, subject_id), request_id)
    if row.state != State.SPEAKING.value:
        raise Conflict(f"the request is {row.state}: only the one who has the floor ends")
    now = utcnow()
    row.state, row.ended_at, row.over_time = State.DONE.value, now, over_time(_turn(row), row.limit_seconds, now)
    await session.flush()
    return row


async def close_list(
    *, session: AsyncSession, meeting_id: uuid.UUID, subject_id: uuid.UUID, question: bool
) -> SpeakersListOut:
    """Strek (MTG-19): no more speakers and no replies; those signed up keep their place."""
    meeting, floor, _, _ = await _subject(session, meeting_id, subject_id, question=question)
    _require_sitting(meeting)
    speakers = await _list(session, meeting, subject_id, floor.debate)
    if speakers.closed_at is not None:
        raise Conflict("the speakers' list is already closed")
    speakers.closed_at = utcnow()
    await session.flush()
    return await listing(session=session, meeting_id=meeting_id, subject_id=subject_id, question=question)


async def listing(
    *, session: AsyncSession, meeting_id: uuid.UUID, subject_id: uuid.UUID, question: bool
) -> SpeakersListOut:
    if question:
        asked = await session.get(Question, subject_id)
        if asked is None or asked.meeting_id != meeting_id:
            raise NotFound(f"no question {subject_id} at meeting {meeting_id}")
        debate = Debate.INTERPELLATION if asked.kind == "interpellation" else Debate.QUESTION
    else:
        await case_of(session, meeting_id, subject_id)
        debate = Debate.CASE
    speakers = await session.get(SpeakersList, subject_id)
    rows = await _requests(session, subject_id)
    spoken = spoken_seconds([_turn(r) for r in rows], utcnow())
    return SpeakersListOut(
        subject_id=subject_id,
        debate=debate,
        closed_at=speakers.closed_at if speakers else None,
        spoken_seconds=spoken,
        over_main_rule=debate == Debate.INTERPELLATION and spoken > LIMITS.interpellation_total,
        requests=[out(r) for r in rows],
    )


def _find(rows: Sequence[FloorRequest], request_id: uuid.UUID) -> FloorRequest:
    row = next((r for r in rows if r.id == request_id), None)
    if row is None:
        raise NotFound(f"no request {request_id} on this speakers' list")
    return row
