"""MTG-14: the body itself decides whether a member is disqualified in a case; the member concerned takes no
part in that decision. In the meeting the question is put to the vote of those taking part in the case (less
the member concerned) and recorded as the body's decision. Before the meeting a known disqualification — e.g.
as proxy for a party (fvl § 6 d, meetings.proxies) — is recorded ahead, so that a deputy is summoned for the
case (MTG-10); that is `service.disqualify`. MTG-13: not in an election to public office (KL 1992 § 40 nr. 3
a); an exemption (KL § 40 nr. 4) only before the case is taken up."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import InvalidInput, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from meetings.disqualification.models import Disqualification
from meetings.disqualification.schemas import DisqualificationIn
from meetings.disqualification.service import case_of, disqualify
from meetings.domain.quorum import count_for_case, require_quorum
from meetings.elections.models import ElectionRound, ProportionalElection
from meetings.register import repository
from meetings.register.models import Body
from meetings.treatment.models import CaseTreatment
from meetings.treatment.progress import require_undecided
from meetings.treatment.service import taking_part_in_case
from meetings.voting.service import tally


async def holds_election(session: AsyncSession, item_id: uuid.UUID) -> bool:
    rounds = select(ElectionRound.id).where(ElectionRound.agenda_item_id == item_id).limit(1)
    lists = select(ProportionalElection.id).where(ProportionalElection.agenda_item_id == item_id).limit(1)
    return (await session.scalar(rounds)) is not None or (await session.scalar(lists)) is not None


async def decide(
    *,
    session: AsyncSession,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    data: DisqualificationIn,
    publisher: EventPublisher,
) -> Disqualification:
    meeting, item = await case_of(session, meeting_id, item_id)
    if await holds_election(session, item.id):
        raise RuleViolation(
            "the rules on disqualification do not apply to elections to public office (KL 1992 § 40 nr. 3 a)",
            rule="MTG-14",
            errors=[{"field": "person_id", "message": "the case holds an election"}],
        )
    if meeting.status != "in_progress":
        if data.decision is not None:
            raise InvalidInput(
                "the body votes on disqualification in its meeting; before it, a known disqualification is recorded",
                errors=[{"field": "decision", "message": "only in a constituted meeting"}],
            )
        return await disqualify(session=session, meeting_id=meeting_id, item_id=item_id, data=data, publisher=publisher)
    if data.decision is None:
        raise RuleViolation(
            "in the meeting the body decides whether the member is disqualified, without the member (MTG-14)",
            rule="MTG-14",
            errors=[{"field": "decision", "message": "required: the body's vote"}],
        )
    treatment = await session.get(CaseTreatment, item.id)
    if treatment is not None:
        require_undecided(treatment)
    voting = await taking_part_in_case(session, meeting, item, treatment) - {data.person_id}  # MTG-14
    body = await repository.get(session, Body, meeting.body_id)
    require_quorum(count_for_case(body.quorum, voting, disqualified=set()))  # MTG-02
    chair = meeting.chair_id if meeting.chair_id != data.person_id else None
    _, outcome = tally(data.decision, voting, chair)
    if not outcome.adopted:
        raise RuleViolation(
            f"the body did not find the member disqualified ({outcome.votes_for} for, {outcome.votes_against} "
            "against): the member takes part in the case",
            rule="MTG-14",
            errors=[{"field": "decision", "message": "not adopted"}],
        )
    record = await disqualify(session=session, meeting_id=meeting_id, item_id=item_id, data=data, publisher=publisher)
    record.decided_by = "body"
    record.votes_for, record.votes_against, record.casting_vote = (
        outcome.votes_for,
        outcome.votes_against,
        outcome.casting_vote,
    )
    await session.flush()
    return record
