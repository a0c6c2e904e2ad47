"""Recording a vote: quorum for the case (MTG-02), who votes (MTG-22), outcome (MTG-25)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.contracts import DecisionMadeV1
from folkevalgt_shared.errors import Conflict, NotFound
from folkevalgt_shared.events.outbox import EventPublisher
from meetings.attendance.service import participants
from meetings.disqualification.service import of_case
from meetings.domain.disqualification import taking_part
from meetings.domain.procedure import require_consent_for_unnoticed_case
from meetings.domain.quorum import count_for_case, require_quorum
from meetings.domain.votes import Ballot, Choice, count_ballots
from meetings.register import repository
from meetings.register.models import Body
from meetings.sittings.models import AgendaItem, Meeting
from meetings.voting.models import VoteEvent
from meetings.voting.schemas import Count, VoteIn, VoteOut

POPOLO_OPTION = {"for": "yes", "against": "no"}


async def record_vote(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: VoteIn, publisher: EventPublisher
) -> VoteEvent:
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.status != "in_progress":
        raise Conflict(f"the meeting is {meeting.status}; votes are taken in a constituted meeting (MTG-15)")
    item = await repository.get(session, AgendaItem, item_id)
    if item.meeting_id != meeting.id:
        raise NotFound(f"case {item_id} is not on this meeting's agenda")
    body = await repository.get(session, Body, meeting.body_id)
    present = {p.person_id for p in await participants(session, meeting) if p.present}
    disqualifications = await of_case(session, item.id)
    eligible = taking_part(
        present,
        {d.person_id for d in disqualifications},
        {d.substitute_id for d in disqualifications if d.substitute_id and d.substitute_present},
    )
    require_quorum(count_for_case(body.quorum, eligible, disqualified=set()))  # MTG-02, per case
    if item.not_in_notice:
        require_consent_for_unnoticed_case(
            present=len(eligible), objecting=data.objections, chair_objects=data.chair_objects
        )
    outcome = count_ballots(eligible, [Ballot(b.voter_id, Choice(b.option)) for b in data.ballots], meeting.chair_id)
    vote = VoteEvent(
        id=uuid.uuid4(),
        agenda_item_id=item.id,
        motion=data.motion,
        result="adopted" if outcome.adopted else "rejected",
        votes_for=outcome.votes_for,
        votes_against=outcome.votes_against,
        casting_vote=outcome.casting_vote,
        ballots=[{"voter_id": str(b.voter_id), "option": POPOLO_OPTION[b.option]} for b in data.ballots],
    )
    session.add(vote)
    await session.flush()
    await publisher.publish(
        session,
        DecisionMadeV1(
            meeting_id=meeting.id,
            body_id=body.id,
            body_key=body.key,
            agenda_item_id=item.id,
            case_number=item.case_number,
            vote_event_id=vote.id,
            motion=vote.motion,
            adopted=outcome.adopted,
            votes_for=outcome.votes_for,
            votes_against=outcome.votes_against,
            casting_vote=outcome.casting_vote,
            decided_at=vote.created_at,
        ),
        subject=item.case_number,
    )
    return vote


def popolo(vote: VoteEvent) -> VoteOut:
    return VoteOut(
        id=vote.id,
        agenda_item_id=vote.agenda_item_id,
        motion={"text": vote.motion},
        result=vote.result,  # type: ignore[arg-type]
        casting_vote=vote.casting_vote,
        counts=[Count(option="yes", value=vote.votes_for), Count(option="no", value=vote.votes_against)],
        votes=vote.ballots,
        created_at=vote.created_at,
    )
