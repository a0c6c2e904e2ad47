"""Holding a proportional election (forholdsvalg) in a case: MTG-28, with gender balance MTG-27."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from meetings.disqualification.service import case_of
from meetings.domain.elections import Candidate, commitment
from meetings.domain.proportional import CandidateList, elect, list_gender_shortfall, must_be_majority_election
from meetings.elections.models import ElectionList, ProportionalElection
from meetings.elections.present import require_present, require_quorate, taking_part_in_election
from meetings.elections.schemas import (
    CountIn,
    ElectionListIn,
    ElectionListOut,
    ProportionalElectionIn,
    ProportionalElectionOut,
    ProportionalResultOut,
)
from meetings.elections.service import ALWAYS_PROPORTIONAL, new_seed
from meetings.register import repository
from meetings.register.models import Body, Person
from meetings.sittings.models import AgendaItem, Meeting
from meetings.treatment.progress import hold_election


async def _in_meeting(
    session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, *, elected: bool | None = None
) -> tuple[Meeting, uuid.UUID]:
    """`elected` given: the election takes the case up (MTG-17), and decides it once counted."""
    meeting, item = await case_of(session, meeting_id, item_id)
    if meeting.status != "in_progress":
        raise Conflict(f"the meeting is {meeting.status}; elections are held in a constituted meeting (MTG-15)")
    if elected is not None:
        await hold_election(session, meeting, item, elected=elected)
    return meeting, item.id


async def _election(session: AsyncSession, item_id: uuid.UUID, election_id: uuid.UUID) -> ProportionalElection:
    election = await session.get(ProportionalElection, election_id, with_for_update=True)
    if election is None or election.agenda_item_id != item_id:
        raise NotFound(f"no proportional election {election_id} in this case")
    return election


async def _lists(session: AsyncSession, election_id: uuid.UUID) -> list[ElectionList]:
    stmt = select(ElectionList).where(ElectionList.election_id == election_id).order_by(ElectionList.created_at)
    return list((await session.scalars(stmt)).all())


async def start(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: ProportionalElectionIn
) -> ProportionalElectionOut:
    meeting, case_id = await _in_meeting(session, meeting_id, item_id, elected=False)
    item = await session.get(AgendaItem, case_id)
    assert item is not None
    present = await taking_part_in_election(session, meeting, item)
    await require_quorate(session, meeting, present)  # MTG-02
    if must_be_majority_election(data.office):
        raise RuleViolation(
            "the chair and vice chair are always elected by majority election (MTG-28)",
            rule="MTG-28",
            errors=[{"field": "office", "message": "hold a majority election (…/elections)"}],
        )
    always = False
    if data.elects_to_body_id is not None:
        body = await repository.get(session, Body, data.elects_to_body_id)
        always = body.body_type in ALWAYS_PROPORTIONAL  # MTG-28: the executive committee, without a demand
    if data.demanded_by is None and not always:
        raise RuleViolation(
            "members are elected proportionally when a member present demands it, else by majority election (MTG-28)",
            rule="MTG-28",
            errors=[{"field": "demanded_by", "message": "required: the member who demanded it"}],
        )
    require_present(
        present, {"demanded_by": data.demanded_by, "written_ballot_demanded_by": data.written_ballot_demanded_by}
    )
    seed = new_seed()  # MTG-26: fixed before the count, only its hash shown until then
    election = ProportionalElection(
        id=uuid.uuid4(),
        agenda_item_id=case_id,
        status="open",
        result=None,
        lottery_seed=seed,
        lottery_commitment=commitment(seed),
        **data.model_dump(exclude={"office"}),
    )
    session.add(election)
    await session.flush()
    return out(election, [])


async def add_list(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, election_id: uuid.UUID, data: ElectionListIn
) -> ElectionListOut:
    _, case_id = await _in_meeting(session, meeting_id, item_id)
    election = await _election(session, case_id, election_id)
    if election.status != "open":
        raise Conflict("the election has been counted; no new lists")
    if len(set(data.candidates)) != len(data.candidates):
        raise InvalidInput("a candidate stands once", errors=[{"field": "candidates", "message": "repeated name"}])
    people = {p.id: p for p in (await session.scalars(select(Person).where(Person.id.in_(data.candidates)))).all()}
    unknown = [str(c) for c in data.candidates if c not in people]
    if unknown:
        raise InvalidInput(
            "every candidate must be a person in the register",
            errors=[{"field": "candidates", "message": f"unknown: {', '.join(unknown)}"}],
        )
    on_other_lists = {c for other in await _lists(session, election.id) for c in other.candidates}
    twice = [str(c) for c in data.candidates if str(c) in on_other_lists]
    if twice:
        raise Conflict(
            "a candidate stands on one list only",
            errors=[{"field": "candidates", "message": f"already on another list: {', '.join(twice)}"}],
        )
    shortfall = list_gender_shortfall([Candidate(c, people[c].gender) for c in data.candidates], election.places)
    if shortfall and not election.council_members_only:
        missing = ", ".join(f"{n} {g}" for g, n in shortfall.items())
        raise RuleViolation(
            f"each list must hold both genders as required for {election.places} places (MTG-27, KL 1992 § 36 nr. 2)",
            rule="MTG-27",
            errors=[{"field": "candidates", "message": f"missing: {missing}"}],
        )
    row = ElectionList(
        id=uuid.uuid4(),
        election_id=election.id,
        name=data.name,
        groups=data.groups,
        candidates=[str(c) for c in data.candidates],
        gender_shortfall=shortfall,
    )
    session.add(row)
    await session.flush()
    return _list_out(row)


async def count(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, election_id: uuid.UUID, data: CountIn
) -> ProportionalElectionOut:
    meeting, case_id = await _in_meeting(session, meeting_id, item_id, elected=True)
    election = await _election(session, case_id, election_id)
    if election.status != "open":
        raise Conflict("the election has already been counted")
    item = await session.get(AgendaItem, case_id)
    assert item is not None
    present = await taking_part_in_election(session, meeting, item)
    await require_quorate(session, meeting, present)  # MTG-02
    handed_in = sum(b.votes for b in data.ballots) + data.blank
    if handed_in != len(present):
        raise RuleViolation(
            f"{handed_in} ballots, but {len(present)} members take part in the case: one ballot each (MTG-22)",
            rule="MTG-22",
            errors=[{"field": "ballots", "message": f"list votes and blank ballots must add up to {len(present)}"}],
        )
    lists = await _lists(session, election.id)
    if not lists:
        raise Conflict("no lists have been put forward")
    by_id = {row.id: row for row in lists}
    given = [b.list_id for b in data.ballots]
    if len(set(given)) != len(given) or set(given) - set(by_id):
        raise InvalidInput(
            "ballots name each list of this election at most once",
            errors=[{"field": "ballots", "message": "unknown or repeated list"}],
        )
    people = {
        p.id: p
        for p in (
            await session.scalars(
                select(Person).where(Person.id.in_({uuid.UUID(c) for r in lists for c in r.candidates}))
            )
        ).all()
    }
    candidate_lists = [
        CandidateList(r.id, tuple(Candidate(uuid.UUID(c), people[uuid.UUID(c)].gender) for c in r.candidates))
        for r in lists
    ]
    for ballot in data.ballots:
        if ballot.counted_order is None:
            continue
        if sorted(map(str, ballot.counted_order)) != sorted(by_id[ballot.list_id].candidates):
            raise InvalidInput(
                "the counted order holds exactly the list's candidates",
                errors=[{"field": "ballots", "message": f"counted_order of list {ballot.list_id}"}],
            )
        counted = {c.id: c for cl in candidate_lists if cl.id == ballot.list_id for c in cl.candidates}
        candidate_lists = [
            CandidateList(cl.id, tuple(counted[c] for c in ballot.counted_order)) if cl.id == ballot.list_id else cl
            for cl in candidate_lists
        ]
    try:
        result = elect(
            candidate_lists, {b.list_id: b.votes for b in data.ballots}, election.places, seed=election.lottery_seed
        )
    except ValueError as exc:
        raise InvalidInput(str(exc), errors=[{"field": "ballots", "message": str(exc)}]) from exc
    lottery = result.distribution.lottery
    election.result = {
        "lists": [
            {
                "list_id": str(r.list_id),
                "name": by_id[r.list_id].name,
                "votes": r.votes,
                "seats": r.seats,
                "members": [str(m) for m in r.members],
                "deputies": [str(d) for d in r.deputies],
                "moved_up": [str(m) for m in r.moved_up],
            }
            for r in result.lists
        ],
        "blank": data.blank,
        "unfilled": result.distribution.unfilled,
        "gender_balanced": result.balanced,
        "lottery": None
        if lottery is None
        else {"seed": lottery.seed, "among": [str(c) for c in lottery.among], "order": [str(c) for c in lottery.order]},
    }
    election.status = "counted"
    election.version += 1
    await session.flush()
    return out(election, lists)


async def get(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, election_id: uuid.UUID
) -> ProportionalElectionOut:
    _, item = await case_of(session, meeting_id, item_id)
    election = await _election(session, item.id, election_id)
    return out(election, await _lists(session, election.id))


def _list_out(row: ElectionList) -> ElectionListOut:
    return ElectionListOut.model_validate(
        {f: getattr(row, f) for f in ("id", "name", "groups", "candidates", "gender_shortfall")}
    )


def out(election: ProportionalElection, lists: list[ElectionList]) -> ProportionalElectionOut:
    fields: dict[str, Any] = {
        f: getattr(election, f)
        for f in (
            "id",
            "agenda_item_id",
            "elects_to",
            "places",
            "demanded_by",
            "elects_to_body_id",
            "written_ballot_demanded_by",
            "council_members_only",
            "lottery_commitment",
            "status",
        )
    }
    return ProportionalElectionOut.model_validate(
        {
            **fields,
            "lists": [_list_out(r) for r in lists],
            "result": ProportionalResultOut.model_validate(election.result) if election.result else None,
        }
    )
