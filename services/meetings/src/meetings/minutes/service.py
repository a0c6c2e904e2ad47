"""Building the minutes from the record (MTG-35) and publishing them (MTG-37).

The public version leaves out closed-session content: of a closed case it says only that the
case was treated, on what legal basis it was closed, and the outcome (our reading of MTG-37).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import MinutesPublishedV1
from folkevalgt_shared.errors import Conflict
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.types import utcnow
from meetings.attendance.service import participants
from meetings.disqualification.models import Disqualification
from meetings.domain.minutes import is_overdue, publication_deadline
from meetings.domain.publication import CLOSED_TITLE
from meetings.elections.models import ElectionRound
from meetings.opening.service import minutes_front_matter, require_minutes_approved_for
from meetings.order.service import changes_of
from meetings.questions.service import questions_of
from meetings.register import repository
from meetings.register.models import Body, Person
from meetings.remarks import service as remarks
from meetings.sittings.models import AgendaItem, Meeting
from meetings.sittings.service import agenda_of
from meetings.treatment.progress import status_of, treatments
from meetings.treatment.service import participation, proposals_of
from meetings.voting.models import VoteEvent


async def build(session: AsyncSession, meeting: Meeting, *, public: bool, personal: bool = False) -> dict[str, Any]:
    """`public`: the public version (MTG-37). `personal`: with the reasons members gave for their absence
    and their applications for leave, which only the secretariat reads (they are the members' own)."""
    private = not public and personal
    body = await repository.get(session, Body, meeting.body_id)
    agenda = await agenda_of(session, meeting.id)
    item_ids = [i.id for i in agenda]
    people = {p.id: p.name for p in (await session.scalars(select(Person))).all()}
    crew = await participants(session, meeting)
    votes = (
        await session.scalars(
            select(VoteEvent).where(VoteEvent.agenda_item_id.in_(item_ids)).order_by(VoteEvent.created_at)
        )
    ).all()
    disqualified = (
        await session.scalars(select(Disqualification).where(Disqualification.agenda_item_id.in_(item_ids)))
    ).all()
    proposals = await proposals_of(session, item_ids)
    rounds = (
        await session.scalars(
            select(ElectionRound)
            .where(ElectionRound.agenda_item_id.in_(item_ids), ElectionRound.status == "counted")
            .order_by(ElectionRound.created_at)
        )
    ).all()
    took_part = {c.agenda_item_id: c.taking_part for c in await participation(session, meeting)}
    by_case = await treatments(session, meeting.id)
    numbers = {i.id: i.case_number for i in agenda}
    questions = await questions_of(session, meeting.id)
    order_changes = await changes_of(session, meeting.id)

    def name(person_id: uuid.UUID | None) -> str | None:
        return people.get(person_id) if person_id else None

    def case(item: AgendaItem) -> dict[str, Any]:
        item_votes = [v for v in votes if v.agenda_item_id == item.id]
        treatment = by_case.get(item.id)
        deciding = [v for v in item_votes if treatment and v.id == treatment.decision_vote_id] or [
            v for v in item_votes if v.kind == "binding"
        ]
        entry: dict[str, Any] = {
            "number": item.number,
            "case_number": item.case_number,
            "closed": item.closed,
            "closed_basis": item.closed_basis,
            "not_in_notice": item.not_in_notice,
            "status": status_of(treatment).value,  # MTG-17: a postponed case says so
            "decision": deciding[-1].result if deciding else None,
        }
        if public and item.closed:
            return entry | {"title": CLOSED_TITLE}
        return entry | {
            "title": item.title,
            "rapporteur": name(item.rapporteur_id),
            "recommendation": item.recommendation,
            "disqualified": [
                {"name": name(d.person_id), "ground": d.ground, "substitute": name(d.substitute_id)}
                for d in disqualified
                if d.agenda_item_id == item.id
            ],
            # MTG-35: proposals made and withdrawn, and who took part in the case.
            "proposals": [
                {
                    "proposer": name(p.proposer_id),
                    "kind": p.kind,
                    "text": p.text,
                    "items": p.items,
                    "chapter": p.chapter,
                    "withdrawn": p.status == "withdrawn",
                }
                for p in proposals
                if p.agenda_item_id == item.id
            ],
            "taking_part": sorted(name(p) or "" for p in took_part.get(item.id, [])),
            # MTG-26/MTG-35: each counted round of an election, with its ballots, the draw and its witnesses.
            "elections": [
                {
                    "kind": r.kind,
                    "round": r.round,
                    "office": r.office,
                    "places": r.places,
                    "ballots": r.ballots,
                    "blank": r.blank,
                    "votes_cast": r.votes_cast,
                    "votes": {name(uuid.UUID(k)) or k: n for k, n in r.votes.items()},
                    "elected": [name(uuid.UUID(e)) for e in r.elected],
                    "moved_up": [name(uuid.UUID(e)) for e in r.moved_up],
                    "lottery": None
                    if r.lottery is None
                    else {
                        "seed": r.lottery["seed"],
                        "among": [name(uuid.UUID(str(x))) for x in r.lottery["among"]],  # type: ignore[attr-defined]
                        "order": [name(uuid.UUID(str(x))) for x in r.lottery["order"]],  # type: ignore[attr-defined]
                    },
                    "witnesses": r.witnesses,
                }
                for r in rounds
                if r.agenda_item_id == item.id
            ],
            "votes": [
                {
                    "motion": v.motion,
                    "kind": v.kind,
                    "method": v.method,
                    "result": v.result,
                    "for": v.votes_for,
                    "against": v.votes_against,
                    "casting_vote": v.casting_vote,
                }
                for v in item_votes
            ],
        }

    day = oslo_date(meeting.starts_at)
    minutes = {
        "meeting_id": str(meeting.id),
        "body": body.name,
        "place": meeting.location,
        "starts_at": meeting.starts_at.isoformat(),
        "ended_at": meeting.ended_at.isoformat() if meeting.ended_at else None,
        "chair": name(meeting.chair_id),
        "present": [
            {"name": name(p.person_id), "role": p.role, "in_place_of": name(p.in_place_of)}
            for p in sorted((p for p in crew if p.present), key=lambda p: (_rank(p.role), name(p.person_id) or ""))
        ],
        "absent": [
            {"name": name(p.person_id), "reason": p.absence_reason if private else None}
            for p in crew
            if p.status == "absent"
        ],
        # MTG-16 / MTG-12: arrivals after the roll call and leaves from the meeting, so that who took
        # part in each case can be seen (MTG-35).
        "arrivals": [
            {
                "name": name(p.person_id),
                "at": p.arrived_at.isoformat(),
                "joins_from": numbers.get(joined) if (joined := _first_case(p.person_id, took_part, agenda)) else None,
            }
            for p in crew
            if p.present and p.arrived_at and meeting.constituted_at and p.arrived_at > meeting.constituted_at
        ],
        "leaves": [
            {
                "name": name(p.person_id),
                "at": p.departed_at.isoformat(),
                "application": p.leave_application if private else None,
            }
            for p in crew
            if p.departed_at is not None
        ],
        "notice": {
            "published_at": meeting.notice_published_at.isoformat() if meeting.notice_published_at else None,
            "late_reason": meeting.notice_late_reason,
        },
        # MTG-17: the order of the cases as decided by a majority, and the questions after the other cases.
        "order_changes": [
            {
                "at": c.created_at.isoformat(),
                "order": [numbers.get(uuid.UUID(i)) for i in c.order],
                "method": c.method,
                "for": c.votes_for,
                "against": c.votes_against,
                "casting_vote": c.casting_vote,
            }
            for c in order_changes
        ],
        "cases": [case(i) for i in agenda],
        "questions": [
            {"asker": name(q.asker_id), "kind": q.kind, "text": q.text, "in_time": q.in_time} for q in questions
        ],
        "publication_deadline": publication_deadline(day).isoformat(),
        "overdue": meeting.status == "closed" and is_overdue(day, oslo_date(utcnow()), _published_on(meeting)),
        "published_at": meeting.minutes_published_at.isoformat() if meeting.minutes_published_at else None,
    }
    await _add_opening_and_remarks(session, meeting, agenda, minutes, public=public, name=name)
    return minutes


async def _add_opening_and_remarks(
    session: AsyncSession,
    meeting: Meeting,
    agenda: Sequence[AgendaItem],
    minutes: dict[str, Any],
    *,
    public: bool,
    name: Callable[[uuid.UUID | None], str | None],
) -> None:
    """MTG-35: secretary, administration, approval of notice and agenda, signatories; MTG-36: remarks."""
    minutes |= await minutes_front_matter(session, meeting, name)
    await remarks.add_to_minutes(session, meeting, agenda, minutes, public=public, name=name)


def _first_case(
    person_id: uuid.UUID, took_part: dict[uuid.UUID, list[uuid.UUID]], agenda: Sequence[AgendaItem]
) -> uuid.UUID | None:
    return next((i.id for i in agenda if person_id in took_part.get(i.id, [])), None)


ROLE_ORDER = ("mayor", "chair", "deputy_mayor", "vice_chair", "member", "deputy")


def _rank(role: str) -> int:
    """Minutes list the chair first, then members, then deputies."""
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def _published_on(meeting: Meeting) -> Any:
    return oslo_date(meeting.minutes_published_at) if meeting.minutes_published_at else None


async def publish(*, session: AsyncSession, meeting_id: uuid.UUID, publisher: EventPublisher) -> Meeting:
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.status != "closed":
        raise Conflict("minutes are published after the meeting is closed")
    if meeting.minutes_published_at is not None:
        raise Conflict("the minutes are already published")
    await _require_approved(session, meeting)
    now = utcnow()
    deadline = publication_deadline(oslo_date(meeting.starts_at))
    meeting.minutes_published_at, meeting.modified_at = now, now
    meeting.version += 1
    await session.flush()
    body = await repository.get(session, Body, meeting.body_id)
    await publisher.publish(
        session,
        MinutesPublishedV1(
            meeting_id=meeting.id,
            body_id=body.id,
            body_key=body.key,
            published_at=now,
            deadline=deadline,
            late=oslo_date(now) > deadline,
        ),
        subject=str(meeting.id),
    )
    return meeting


async def _require_approved(session: AsyncSession, meeting: Meeting) -> None:
    """MTG-37: only approved minutes are published; MTG-36: every remark decided first."""
    await remarks.require_no_pending(session, meeting.id)
    await require_minutes_approved_for(session, meeting)


async def overdue(session: AsyncSession) -> list[Meeting]:
    """Closed meetings whose minutes are not published by the deadline (MTG-37)."""
    today = oslo_date(utcnow())
    closed = (
        await session.scalars(select(Meeting).where(Meeting.status == "closed", Meeting.minutes_published_at.is_(None)))
    ).all()
    return [m for m in closed if is_overdue(oslo_date(m.starts_at), today, None)]
