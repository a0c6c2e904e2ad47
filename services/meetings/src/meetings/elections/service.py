"""Rounds of an election or appointment: MTG-26 majority, ties, lots; MTG-27 gender balance; MTG-02 quorum;
MTG-22 one ballot from each member taking part.

A round is opened first: the service draws the lottery seed then and shows only its hash, so whatever
draw the count may need is fixed before anyone has counted a ballot. The round is then counted once, from
the ballots of those taking part in the case; it stays readable with its ballots, draw and outcome."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.types import utcnow
from meetings.attendance.service import crew_of
from meetings.disqualification.service import case_of
from meetings.domain.elections import (
    Candidate,
    RoundResult,
    commitment,
    gender_balanced,
    majority_round,
    plurality_round,
    ranked,
    tally_ballots,
)
from meetings.domain.proportional import must_be_majority_election
from meetings.elections.models import ElectionRound
from meetings.elections.present import require_present, require_quorate, taking_part_in_election
from meetings.elections.schemas import LotteryOut, RoundCountIn, RoundOpenIn, RoundOut
from meetings.register import repository
from meetings.register.models import Body, Person
from meetings.sittings.models import AgendaItem, Meeting
from meetings.treatment.objections import require_not_objected
from meetings.treatment.progress import hold_election, require_in_progress, treatment_of

ALWAYS_PROPORTIONAL = frozenset({"executive_committee"})  # MTG-28, seed: formannskapet velges ved forholdsvalg


def new_seed() -> str:
    return secrets.token_hex(16)


async def _in_meeting(session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> tuple[Meeting, AgendaItem]:
    meeting, item = await case_of(session, meeting_id, item_id)
    require_in_progress(meeting.status, "elections are held")
    return meeting, item


async def rounds_of(session: AsyncSession, item_id: uuid.UUID) -> list[ElectionRound]:
    stmt = select(ElectionRound).where(ElectionRound.agenda_item_id == item_id).order_by(ElectionRound.created_at)
    return list((await session.scalars(stmt)).all())


async def open_round(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: RoundOpenIn
) -> RoundOut:
    meeting, item = await _in_meeting(session, meeting_id, item_id)
    earlier = await rounds_of(session, item.id)
    if any(r.status == "open" for r in earlier):
        raise Conflict("a round of this election is open: count it first", rule="MTG-26")
    if item.not_in_notice:  # MTG-17: no treatment on the merits over objection
        await require_not_objected(session, item, await crew_of(session, meeting.id))
    present = await taking_part_in_election(session, meeting, item)
    await require_quorate(session, meeting, present)  # MTG-02
    require_present(present, {"written_ballot_demanded_by": data.written_ballot_demanded_by})
    if data.elects_to_body_id is not None:
        body = await repository.get(session, Body, data.elects_to_body_id)
        if body.body_type in ALWAYS_PROPORTIONAL and not must_be_majority_election(data.office):
            raise RuleViolation(
                f"the members of {body.name} are always elected by proportional election (MTG-28)",
                rule="MTG-28",
                errors=[{"field": "elects_to_body_id", "message": "hold a proportional election (…/proportional)"}],
            )
    follows: ElectionRound | None = None
    if data.round == 1:
        if data.follows is not None:
            raise InvalidInput("a round 1 follows no round", errors=[{"field": "follows", "message": "only round 2"}])
        if data.places is None:
            raise InvalidInput("how many places are filled", errors=[{"field": "places", "message": "required"}])
        places = data.places
    else:
        follows = next((r for r in earlier if r.id == data.follows), None)
        if follows is None or follows.round != 1 or follows.status != "counted":
            raise RuleViolation(
                "a round 2 (most votes) is held only after a counted round 1 of the election (MTG-26)",
                rule="MTG-26",
                errors=[{"field": "follows", "message": "name the counted round 1 of this case"}],
            )
        places = follows.places - len(follows.elected)
        if places <= 0 or any(r.follows_id == follows.id for r in earlier):
            raise RuleViolation(
                "round 1 filled its places, or its round 2 is already held: no new round (MTG-26)",
                rule="MTG-26",
                errors=[{"field": "follows", "message": "no places left to fill"}],
            )
        if data.places not in (None, places):
            raise InvalidInput(
                f"round 2 fills the {places} places round 1 left",
                errors=[{"field": "places", "message": f"must be {places} or left out"}],
            )
        same = (follows.kind, follows.office, follows.elects_to_body_id)
        if same != (data.kind, data.office, data.elects_to_body_id):
            raise InvalidInput(
                "round 2 continues the election of round 1",
                errors=[{"field": "kind", "message": "kind, office and body as in round 1"}],
            )
    treatment = await treatment_of(session, item.id, meeting.id)
    await hold_election(session, meeting, item, elected=False)  # MTG-17: the election takes the case up
    now = utcnow()
    if treatment.voting_started_at is None:  # MTG-16: from now a member arriving joins from the next case
        treatment.voting_started_at = now
    seed = new_seed()
    record = ElectionRound(
        id=uuid.uuid4(),
        agenda_item_id=item.id,
        kind=data.kind,
        round=data.round,
        places=places,
        votes={},
        blank=0,
        elected=[],
        moved_up=[],
        new_round_needed=False,
        lottery=None,
        written_ballot_demanded_by=data.written_ballot_demanded_by,
        status="open",
        follows_id=follows.id if follows else None,
        office=data.office,
        elects_to_body_id=data.elects_to_body_id,
        witnesses=data.witnesses,
        lottery_seed=seed,
        lottery_commitment=commitment(seed),
        created_at=now,
        modified_at=now,
    )
    session.add(record)
    await session.flush()
    return out(record)


async def _round(session: AsyncSession, item_id: uuid.UUID, round_id: uuid.UUID) -> ElectionRound:
    found = await session.get(ElectionRound, round_id, with_for_update=True)
    if found is None or found.agenda_item_id != item_id:
        raise NotFound(f"no election round {round_id} in this case")
    return found


def _require_one_ballot_each(data: RoundCountIn, present: set[uuid.UUID]) -> None:
    """MTG-22: the members taking part in the case vote, each once (blank allowed in elections)."""
    voters = set(data.voters)
    problems = []
    if len(voters) != len(data.voters):
        problems.append("a member hands in one ballot")
    if strangers := sorted(str(v) for v in voters - present):
        problems.append(f"not taking part in the case: {', '.join(strangers)}")
    if missing := sorted(str(v) for v in present - voters):
        problems.append(f"taking part but gave no ballot (all must vote, blank is allowed): {', '.join(missing)}")
    if problems:
        raise RuleViolation(
            "ballots come from the members taking part in the case, one each (MTG-22)",
            rule="MTG-22",
            errors=[{"field": "voters", "message": p} for p in problems],
        )
    if len(data.ballots) != len(data.voters):
        raise RuleViolation(
            f"{len(data.ballots)} ballots from {len(data.voters)} voters: one ballot each (MTG-22)",
            rule="MTG-22",
            errors=[{"field": "ballots", "message": f"must be {len(data.voters)}"}],
        )


async def count_round(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, round_id: uuid.UUID, data: RoundCountIn
) -> RoundOut:
    meeting, item = await _in_meeting(session, meeting_id, item_id)
    record = await _round(session, item.id, round_id)
    if record.status != "open":
        raise Conflict("the round is counted; a new vote is a new round (MTG-26)", rule="MTG-26")
    present = await taking_part_in_election(session, meeting, item)
    await require_quorate(session, meeting, present)  # MTG-02
    _require_one_ballot_each(data, present)
    appointment = record.kind == "appointment"
    if appointment and any(not b.candidates for b in data.ballots):
        raise InvalidInput(
            "blank ballots exist only in elections (MTG-22)", errors=[{"field": "ballots", "message": "blank ballot"}]
        )
    try:
        counted = tally_ballots([b.candidates for b in data.ballots], record.places)
    except ValueError as exc:
        raise InvalidInput(str(exc), errors=[{"field": "ballots", "message": str(exc)}]) from exc
    people = {p.id: p for p in (await session.scalars(select(Person).where(Person.id.in_(counted.votes)))).all()}
    if unknown := sorted(str(c) for c in counted.votes if c not in people):
        raise InvalidInput(
            "every candidate must be a person in the register",
            errors=[{"field": "ballots", "message": f"unknown: {', '.join(unknown)}"}],
        )
    follows = await session.get(ElectionRound, record.follows_id) if record.follows_id else None
    before = [uuid.UUID(e) for e in follows.elected] if follows else []
    if again := sorted(str(c) for c in counted.votes if c in before):
        raise InvalidInput(
            "elected in round 1 already", errors=[{"field": "ballots", "message": f"elected: {', '.join(again)}"}]
        )
    try:
        result = _result(record, counted.votes, counted.cast, data.chair_pick, appointment=appointment)
    except ValueError as exc:
        field = "chair_pick" if appointment else "ballots"
        raise InvalidInput(str(exc), errors=[{"field": field, "message": "the tie needs the chair's pick"}]) from exc
    winners = list(result.elected)
    filled = len(before) + len(winners) == (follows.places if follows else record.places)
    elected, moved_up = winners, []
    if filled:  # MTG-27 on the whole election: those of round 1 first, then this round's order
        total = follows.places if follows else record.places
        order = before + winners + [c for c in ranked(counted.votes) if c not in winners]
        more = people | {p.id: p for p in (await session.scalars(select(Person).where(Person.id.in_(before)))).all()}
        balanced = [c.id for c in gender_balanced([Candidate(c, more[c].gender) for c in order], total)]
        elected = [c for c in balanced if c not in before]
        moved_up = [c for c in elected if c not in winners]
    now = utcnow()
    record.votes = {str(k): v for k, v in counted.votes.items()}
    record.blank, record.ballots, record.votes_cast = counted.blank, counted.ballots, counted.cast
    record.voters = sorted(str(v) for v in data.voters)
    record.taking_part = len(present)
    record.elected = [str(e) for e in elected]
    record.moved_up = [str(m) for m in moved_up]
    record.new_round_needed = not filled
    record.lottery = _lottery_json(result) if result.lottery else None
    record.status, record.counted_at, record.modified_at = "counted", now, now
    record.version += 1
    await hold_election(session, meeting, item, elected=filled)
    await session.flush()
    return out(record)


def _result(
    record: ElectionRound, votes: dict[uuid.UUID, int], cast: int, chair_pick: Sequence[uuid.UUID], *, appointment: bool
) -> RoundResult:
    seed = record.lottery_seed
    if record.round == 1:
        return majority_round(
            votes, record.places, cast=cast, appointment=appointment, seed=seed, chair_pick=chair_pick
        )
    return plurality_round(votes, record.places, appointment=appointment, seed=seed, chair_pick=chair_pick)


def _lottery_json(result: RoundResult) -> dict[str, object]:
    lottery = result.lottery
    assert lottery is not None
    return {"seed": lottery.seed, "among": [str(c) for c in lottery.among], "order": [str(c) for c in lottery.order]}


async def get_round(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, round_id: uuid.UUID
) -> RoundOut:
    _, item = await case_of(session, meeting_id, item_id)
    found = await session.get(ElectionRound, round_id)
    if found is None or found.agenda_item_id != item.id:
        raise NotFound(f"no election round {round_id} in this case")
    return out(found)


async def list_rounds(*, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> list[RoundOut]:
    _, item = await case_of(session, meeting_id, item_id)
    return [out(r) for r in await rounds_of(session, item.id)]


def out(record: ElectionRound) -> RoundOut:
    counted = record.status == "counted"
    return RoundOut(
        id=record.id,
        agenda_item_id=record.agenda_item_id,
        kind=record.kind,
        round=record.round,
        follows=record.follows_id,
        places=record.places,
        office=record.office,
        elects_to_body_id=record.elects_to_body_id,
        status=record.status,
        witnesses=list(record.witnesses or []),
        lottery_commitment=record.lottery_commitment,
        lottery_seed=record.lottery_seed if counted else None,  # MTG-26: revealed only after the count
        taking_part=record.taking_part,
        ballots=record.ballots,
        blank=record.blank,
        votes_cast=record.votes_cast,
        votes={uuid.UUID(k): v for k, v in (record.votes or {}).items()},
        elected=[uuid.UUID(e) for e in record.elected],
        moved_up=[uuid.UUID(m) for m in record.moved_up],
        unfilled=record.places - len(record.elected) if counted else record.places,
        new_round_needed=record.new_round_needed,
        lottery=LotteryOut.model_validate(record.lottery) if record.lottery else None,
        written_ballot_demanded_by=record.written_ballot_demanded_by,
        opened_at=record.created_at,
        counted_at=record.counted_at,
    )
