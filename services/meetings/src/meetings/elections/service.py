"""Counting a round of an election or appointment: MTG-26 majority, ties, lots; MTG-27 gender balance."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict, InvalidInput
from meetings.disqualification.service import case_of
from meetings.domain.elections import Candidate, first_round, gender_balanced, plurality_round, ranked
from meetings.elections.models import ElectionRound
from meetings.elections.proportional import require_members
from meetings.elections.schemas import LotteryOut, RoundIn, RoundOut
from meetings.register.models import Person
from meetings.treatment.progress import hold_election


async def count_round(*, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: RoundIn) -> RoundOut:
    meeting, item = await case_of(session, meeting_id, item_id)
    if meeting.status != "in_progress":
        raise Conflict(f"the meeting is {meeting.status}; elections are held in a constituted meeting (MTG-15)")
    await require_members(session, meeting, {"written_ballot_demanded_by": data.written_ballot_demanded_by})
    people = {p.id: p for p in (await session.scalars(select(Person).where(Person.id.in_(data.votes)))).all()}
    unknown = sorted(str(c) for c in data.votes if c not in people)
    if unknown:
        raise InvalidInput(
            "every candidate must be a person in the register",
            errors=[{"field": "votes", "message": f"unknown: {', '.join(unknown)}"}],
        )
    if data.kind == "appointment" and data.blank:
        raise InvalidInput("blank ballots exist only in elections", errors=[{"field": "blank", "message": "must be 0"}])

    lottery = None
    if data.round == 1:
        winners = first_round(data.votes, data.places, blank=data.blank)
        needed = len(winners) < data.places
        order = winners + [c for c in ranked(data.votes) if c not in winners]
    else:
        try:
            result = plurality_round(
                data.votes,
                data.places,
                appointment=data.kind == "appointment",
                seed=data.lottery_seed,
                chair_pick=data.chair_pick,
            )
        except ValueError as exc:
            field = "chair_pick" if data.kind == "appointment" else "lottery_seed"
            raise InvalidInput(str(exc), errors=[{"field": field, "message": "the tie needs it"}]) from exc
        winners, needed, lottery = list(result.elected), False, result.lottery
        order = winners + [c for c in ranked(data.votes) if c not in winners]

    elected: list[uuid.UUID] = []
    moved_up: list[uuid.UUID] = []
    if not needed:
        ranking = [Candidate(c, people[c].gender) for c in order]
        elected = [c.id for c in gender_balanced(ranking, data.places)]
        moved_up = [c for c in elected if c not in winners]
    await hold_election(session, meeting, item, elected=not needed)
    record = ElectionRound(
        id=uuid.uuid4(),
        agenda_item_id=item.id,
        kind=data.kind,
        round=data.round,
        places=data.places,
        votes={str(k): v for k, v in data.votes.items()},
        blank=data.blank,
        elected=[str(e) for e in elected],
        moved_up=[str(m) for m in moved_up],
        new_round_needed=needed,
        lottery=_lottery_json(lottery) if lottery else None,
        written_ballot_demanded_by=data.written_ballot_demanded_by,
    )
    session.add(record)
    await session.flush()
    return RoundOut(
        id=record.id,
        kind=data.kind,
        round=data.round,
        places=data.places,
        elected=elected,
        moved_up=moved_up,
        new_round_needed=needed,
        lottery=LotteryOut.model_validate(record.lottery) if record.lottery else None,
        written_ballot_demanded_by=data.written_ballot_demanded_by,
    )


def _lottery_json(lottery: Any) -> dict[str, object]:
    return {"seed": lottery.seed, "among": [str(c) for c in lottery.among], "order": [str(c) for c in lottery.order]}
