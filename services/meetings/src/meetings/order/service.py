"""Changing the order of the cases by a majority decision, and the order of business (MTG-17)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.types import utcnow
from meetings.attendance.service import crew_of
from meetings.domain.order import reorder, require_majority
from meetings.domain.procedure import require_voting_not_open
from meetings.domain.quorum import count_for_case, require_quorum
from meetings.order.models import OrderChange
from meetings.order.schemas import OrderChangeIn, OrderChangeOut, OrderOfBusinessOut, PlacedCaseOut
from meetings.questions import service as questions
from meetings.register import repository
from meetings.register.models import Body
from meetings.sittings.models import Meeting
from meetings.sittings.service import agenda_of, order_of
from meetings.treatment.progress import is_open, require_in_progress, status_of, treatments
from meetings.voting.service import popolo_ballots, roles_in_vote, tally


async def change_order(*, session: AsyncSession, meeting_id: uuid.UUID, data: OrderChangeIn) -> OrderChange:
    """MTG-17: a simple majority of the members taking part may change the order of the cases;
    MTG-21: not while voting is open in a case."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    require_in_progress(meeting.status, "the order of the cases is changed")
    by_case = await treatments(session, meeting.id)
    require_voting_not_open(opened_elsewhere=any(is_open(t) for t in by_case.values()), opened_here=False)
    agenda = await agenda_of(session, meeting.id)
    reorder(await order_of(session, meeting.id), data.order)
    crew = await crew_of(session, meeting.id)
    taking_part = {p.person_id for p in crew if p.present and p.departed_at is None}
    body = await repository.get(session, Body, meeting.body_id)
    require_quorum(count_for_case(body.quorum, taking_part, disqualified=set()))  # MTG-02
    ballots, outcome = tally(data, taking_part, meeting.chair_id)
    require_majority(outcome.adopted, outcome.votes_for, outcome.votes_against)

    now = utcnow()
    by_id = {item.id: item for item in agenda}
    for position, item_id in enumerate(data.order, start=1):
        item = by_id[item_id]
        if item.position != position:
            item.position, item.modified_at = position, now
            item.version += 1
    meeting.modified_at = now
    meeting.version += 1  # the agenda reads in the new order: a new ETag
    change = OrderChange(
        id=uuid.uuid4(),
        meeting_id=meeting.id,
        previous=[str(item.id) for item in agenda],
        order=[str(item_id) for item_id in data.order],
        method=data.method.value,
        votes_for=outcome.votes_for,
        votes_against=outcome.votes_against,
        casting_vote=outcome.casting_vote,
        ballots=popolo_ballots(ballots, roles_in_vote(meeting.chair_id, crew, [])),
    )
    session.add(change)
    await session.flush()
    return change


async def changes_of(session: AsyncSession, meeting_id: uuid.UUID) -> Sequence[OrderChange]:
    stmt = select(OrderChange).where(OrderChange.meeting_id == meeting_id).order_by(OrderChange.created_at)
    return (await session.scalars(stmt)).all()


def change_out(change: OrderChange) -> OrderChangeOut:
    return OrderChangeOut.model_validate(
        {
            **{f: getattr(change, f) for f in OrderChangeOut.model_fields if f != "votes"},
            "votes": change.ballots,
        }
    )


async def order_of_business(session: AsyncSession, meeting_id: uuid.UUID) -> OrderOfBusinessOut:
    """MTG-17: the cases in the order of treatment, then the questions and interpellations."""
    meeting = await repository.get(session, Meeting, meeting_id)
    by_case = await treatments(session, meeting.id)
    return OrderOfBusinessOut(
        cases=[
            PlacedCaseOut(
                agenda_item_id=item.id,
                position=item.position,
                number=item.number,
                case_number=item.case_number,
                title=item.title,
                status=status_of(by_case.get(item.id)),
            )
            for item in await agenda_of(session, meeting.id)
        ],
        questions=[questions.out(q, meeting) for q in await questions.questions_of(session, meeting.id)],
        changes=[change_out(c) for c in await changes_of(session, meeting.id)],
    )
