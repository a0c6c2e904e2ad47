"""Recording a vote: the case's state (MTG-21), quorum for the case (MTG-02), who votes (MTG-22),
how (MTG-29), test and item votes (MTG-23), the budget procedure (MTG-24), outcome (MTG-25)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    String,
    Table,
    Uuid,
    bindparam,
    cast,
    insert,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.contracts import DecisionMadeV1
from folkevalgt_shared.errors import InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.hot import HotQuery
from folkevalgt_shared.types import UTCDateTime, utcnow
from meetings.attendance.models import Participant
from meetings.attendance.service import CrewRow
from meetings.disqualification.models import Disqualification
from meetings.disqualification.service import Exclusion
from meetings.domain.procedure import (
    budget_runoff,
    budget_test_vote,
    require_all_voted,
    require_items_voted,
)
from meetings.domain.quorum import count_for_case, require_quorum
from meetings.domain.sitting_time import require_started
from meetings.domain.votes import Ballot, Choice, Method, Outcome, ballots_by_method, count_ballots
from meetings.register import repository
from meetings.register.models import Body
from meetings.sittings.models import AgendaItem, Meeting
from meetings.treatment.models import CaseTreatment, Proposal
from meetings.treatment.objections import require_not_objected
from meetings.treatment.progress import (
    Progress,
    require_in_progress,
    require_undecided,
    require_voting_closed_elsewhere,
    take_up,
    treatment_of,
)
from meetings.treatment.service import in_case
from meetings.voting.models import VoteEvent
from meetings.voting.schemas import Count, CountedVoteIn, VoteIn, VoteOut

POPOLO_OPTION = {"for": "yes", "against": "no"}
VOTE_EVENT: Table = VoteEvent.__table__  # type: ignore[assignment]
INSERT_VOTE = HotQuery(insert(VOTE_EVENT))
ALTERNATIVE_KINDS = ("budget_test", "budget_runoff")


async def votes_of(session: AsyncSession, item_id: uuid.UUID) -> Sequence[VoteEvent]:
    stmt = select(VoteEvent).where(VoteEvent.agenda_item_id == item_id).order_by(VoteEvent.created_at)
    return (await session.scalars(stmt)).all()


class CaseForVote(NamedTuple):
    """What a vote reads of its meeting, case and body, as one plain row."""

    meeting_id: uuid.UUID
    status: str
    starts_at: datetime
    chair_id: uuid.UUID | None
    item_id: uuid.UUID
    case_number: str
    budget: bool
    not_in_notice: bool
    body_id: uuid.UUID
    body_key: str
    quorum: int
    seats: int


# The meeting is locked: votes in one meeting are counted one at a time.
CASE_FOR_VOTE = HotQuery(
    select(
        Meeting.id,
        Meeting.status,
        Meeting.starts_at,
        Meeting.chair_id,
        AgendaItem.id,
        AgendaItem.case_number,
        AgendaItem.budget,
        AgendaItem.not_in_notice,
        Body.id,
        Body.key,
        Body.quorum,
        Body.seats,
    )
    .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
    .join(Body, Body.id == Meeting.body_id)
    .where(Meeting.id == bindparam("meeting_id"), AgendaItem.id == bindparam("item_id"))
    .with_for_update(of=Meeting)
)


async def case_for_vote(session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> CaseForVote:
    found = await CASE_FOR_VOTE.fetch(session, meeting_id=meeting_id, item_id=item_id)
    if not found:
        await repository.get(session, Meeting, meeting_id)  # names what is missing: the meeting …
        raise NotFound(f"case {item_id} is not on this meeting's agenda")  # … or the case on it
    return CaseForVote(*found[0])


def _none(type_: Any) -> Any:
    return cast(null(), type_)


# Under the meeting's lock every round trip keeps the meeting's other votes waiting, so what the vote
# reads next comes back in one statement: every case's progress, who sits in the meeting, and who is
# disqualified in the case, told apart by `kind` (bench/meetings_bench.py).
AT = UTCDateTime()
VOTE_READS = HotQuery(
    union_all(
        select(
            literal_column("'progress'", String).label("kind"),
            type_coerce(CaseTreatment.agenda_item_id, Uuid).label("id"),
            _none(Uuid).label("other"),
            CaseTreatment.taken_up_at.label("at_1"),
            CaseTreatment.voting_started_at.label("at_2"),
            CaseTreatment.voting_opened_at.label("at_3"),
            CaseTreatment.decided_at.label("at_4"),
            CaseTreatment.postponed_at.label("at_5"),
            _none(Boolean).label("flag"),
            _none(String).label("role"),
        ).where(CaseTreatment.meeting_id == bindparam("meeting_id")),
        select(
            literal_column("'crew'", String),
            Participant.person_id,
            _none(Uuid),
            Participant.arrived_at,
            Participant.departed_at,
            _none(AT),
            _none(AT),
            _none(AT),
            Participant.present,
            Participant.role,
        ).where(Participant.meeting_id == bindparam("meeting_id")),
        select(
            literal_column("'excluded'", String),
            Disqualification.person_id,
            Disqualification.substitute_id,
            Disqualification.substitute_arrived_at,
            _none(AT),
            _none(AT),
            _none(AT),
            _none(AT),
            Disqualification.substitute_present,
            _none(String),
        ).where(Disqualification.agenda_item_id == bindparam("item_id")),
    )
)


async def vote_reads(
    session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID
) -> tuple[dict[uuid.UUID, Progress], list[CrewRow], list[Exclusion]]:
    progress: dict[uuid.UUID, Progress] = {}
    crew: list[CrewRow] = []
    exclusions: list[Exclusion] = []
    for kind, key, other, at_1, at_2, at_3, at_4, at_5, flag, role in await VOTE_READS.fetch(
        session, meeting_id=meeting_id, item_id=item_id
    ):
        if kind == "progress":
            progress[key] = Progress(key, at_1, at_2, at_3, at_4, at_5)
        elif kind == "crew":
            crew.append(CrewRow(key, role, flag, at_1, at_2))
        else:
            exclusions.append(Exclusion(key, other, flag, at_1))
    return progress, crew, exclusions


async def record_vote(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: VoteIn, publisher: EventPublisher
) -> VoteEvent:
    """Plain rows and Core statements: a vote is the busiest write of a meeting (bench/meetings_bench.py).
    The case's treatment is loaded as an object, and written, only when the vote moves it on."""
    case = await case_for_vote(session, meeting_id, item_id)
    require_in_progress(case.status, "votes are taken")
    now = utcnow()
    require_started(case.starts_at, now, "votes are taken")  # MTG-15
    by_case, crew, disqualifications = await vote_reads(session, case.meeting_id, case.item_id)
    progress = by_case.get(case.item_id)
    if progress is not None:
        require_undecided(progress)
    require_voting_closed_elsewhere(case.item_id, by_case)
    if data.final and data.kind != "binding":
        raise InvalidInput(
            "only a binding vote decides the case", errors=[{"field": "final", "message": "not with a test vote"}]
        )
    proposal = await _proposal(session, case.item_id, data.proposal_id)
    postponing = data.kind == "binding" and proposal is not None and proposal.kind == "postponement"
    if postponing and data.final:
        raise InvalidInput(
            "a vote on a postponement proposal does not decide the case: adopted, it postpones it (MTG-17)",
            errors=[{"field": "final", "message": "not with a postponement proposal"}],
        )
    treatment: CaseTreatment | None = None
    if progress is None or progress.voting_opened_at is None:
        treatment = await treatment_of(session, case.item_id, case.meeting_id)
        await take_up(session, treatment, now)
        if treatment.voting_started_at is None:  # from now, a member arriving joins from the next case (MTG-16)
            treatment.voting_started_at = now
        if treatment.voting_opened_at is None:  # MTG-21: a vote recorded means the case is put to the vote
            treatment.voting_opened_at = now

    eligible = in_case(crew, disqualifications, case.item_id, treatment or progress)
    require_quorum(count_for_case(case.quorum, eligible, disqualified=set()))  # MTG-02, per case
    if case.not_in_notice and not postponing:  # MTG-17: the objections recorded on the case
        await require_not_objected(session, None, crew, item_id=case.item_id)
    if data.kind in ALTERNATIVE_KINDS:
        vote = await _alternatives_vote(session, case, data, eligible)
    else:
        roles = roles_in_vote(case.chair_id, crew, disqualifications)
        vote = await _yes_no_vote(session, case, data, eligible, roles, proposal)
    vote.version, vote.created_at, vote.modified_at = 1, now, now
    decides = data.final or (postponing and vote.result == "adopted")
    if decides:
        treatment = treatment or await treatment_of(session, case.item_id, case.meeting_id)
        if data.final:
            treatment.decided_at, treatment.decision_vote_id = now, vote.id
        else:  # MTG-17: postponed by decision, left for a later meeting
            treatment.postponed_at, treatment.decision_vote_id = now, vote.id
    if treatment is not None:
        treatment.version, treatment.modified_at = treatment.version + 1, now
        await session.flush()  # the treatment before the vote that decides it
    await INSERT_VOTE.run(session, **{c.key: getattr(vote, c.key) for c in VOTE_EVENT.columns})
    if vote.kind == "binding":  # test, item and budget test votes bind nothing (MTG-23, MTG-24)
        await publisher.publish(
            session,
            DecisionMadeV1(
                meeting_id=case.meeting_id,
                body_id=case.body_id,
                body_key=case.body_key,
                agenda_item_id=case.item_id,
                case_number=case.case_number,
                vote_event_id=vote.id,
                motion=vote.motion,
                adopted=vote.result == "adopted",
                votes_for=vote.votes_for,
                votes_against=vote.votes_against,
                casting_vote=vote.casting_vote,
                decided_at=vote.created_at,
                proposal_id=vote.proposal_id,
                method=vote.method,
                final=vote.final,
                body_seats=case.seats,  # ACC-05: a share of the body's members
            ),
            subject=case.case_number,
        )
    return vote


async def _proposal(session: AsyncSession, item_id: uuid.UUID, proposal_id: uuid.UUID | None) -> Proposal | None:
    if proposal_id is None:
        return None
    proposal = await session.get(Proposal, proposal_id)
    if proposal is None or proposal.agenda_item_id != item_id:
        raise InvalidInput(
            "the proposal is not made in this case", errors=[{"field": "proposal_id", "message": "unknown"}]
        )
    if proposal.status == "withdrawn":
        raise RuleViolation(
            "the proposal was withdrawn and is not voted on",
            rule="MTG-20",
            errors=[{"field": "proposal_id", "message": "withdrawn"}],
        )
    return proposal


def roles_in_vote(
    chair_id: uuid.UUID | None, crew: Sequence[CrewRow], disqualifications: Sequence[Exclusion]
) -> dict[uuid.UUID, str]:
    roles = {p.person_id: p.role for p in crew}
    roles |= {d.substitute_id: "deputy" for d in disqualifications if d.substitute_id}
    if chair_id is not None:
        roles[chair_id] = "chair"  # Popolo: the role in this vote event
    return roles


async def _yes_no_vote(
    session: AsyncSession,
    case: CaseForVote,
    data: VoteIn,
    eligible: set[uuid.UUID],
    roles: dict[uuid.UUID, str],
    proposal: Proposal | None,
) -> VoteEvent:
    motion = data.motion or (proposal.text if proposal else "")
    if data.kind == "item":
        if proposal is None or not proposal.items:
            raise RuleViolation(
                "an item vote is taken on a proposal in several items",
                rule="MTG-23",
                errors=[{"field": "proposal_id", "message": "a proposal with items is needed"}],
            )
        if data.item is None or data.item > len(proposal.items):
            raise InvalidInput(
                f"the proposal has items 1 to {len(proposal.items)}",
                errors=[{"field": "item", "message": "no such item"}],
            )
        motion = data.motion or proposal.items[data.item - 1]
    elif data.item is not None:
        raise InvalidInput("only an item vote names an item", errors=[{"field": "item", "message": "kind is not item"}])
    if data.kind == "binding" and proposal is not None and proposal.items:
        voted = await session.scalars(
            select(VoteEvent.item_number).where(VoteEvent.proposal_id == proposal.id, VoteEvent.kind == "item")
        )
        require_items_voted(len(proposal.items), {n for n in voted if n is not None})

    ballots, outcome = tally(data, eligible, case.chair_id)
    return VoteEvent(
        id=uuid.uuid4(),
        agenda_item_id=case.item_id,
        motion=motion,
        proposal_id=proposal.id if proposal else None,
        kind=data.kind,
        method=data.method.value,
        item_number=data.item,
        chapter=data.chapter or (proposal.chapter if proposal else None),
        final=data.final,
        result="adopted" if outcome.adopted else "rejected",
        votes_for=outcome.votes_for,
        votes_against=outcome.votes_against,
        casting_vote=outcome.casting_vote,
        ballots=popolo_ballots(ballots, roles),
    )


def tally(data: CountedVoteIn, eligible: set[uuid.UUID], chair: uuid.UUID | None) -> tuple[list[Ballot], Outcome]:
    """MTG-29 how the vote was taken, MTG-22 all taking part vote, MTG-25 majority or the chair's vote."""
    given = [Ballot(b.voter_id, Choice(b.option)) for b in data.ballots]
    ballots = ballots_by_method(data.method, eligible, ballots=given, against=set(data.against))
    return ballots, count_ballots(eligible, ballots, chair)


def popolo_ballots(ballots: Sequence[Ballot], roles: dict[uuid.UUID, str]) -> list[dict[str, str]]:
    return [
        {"voter_id": str(b.voter), "option": POPOLO_OPTION[b.choice], "role": roles.get(b.voter, "member")}
        for b in ballots
    ]


async def _alternatives_vote(
    session: AsyncSession, case: CaseForVote, data: VoteIn, eligible: set[uuid.UUID]
) -> VoteEvent:
    """MTG-24: per main chapter a test vote among the alternative proposals; without a majority the
    two with most votes are put against each other. Neither binds: the budget is decided as a whole."""
    if not case.budget:
        raise RuleViolation(
            "the test vote per main chapter belongs to the economic plan and the annual budget",
            rule="MTG-24",
            errors=[{"field": "kind", "message": "the case is not a budget case"}],
        )
    if data.chapter is None:
        raise InvalidInput("name the main chapter", errors=[{"field": "chapter", "message": "required"}])
    if data.method is Method.SECRET_BALLOT:
        ballots_by_method(data.method, eligible, ballots=[], against=set())  # refused, MTG-29
    tally = {a.proposal_id: a.votes for a in data.alternatives}
    if len(tally) != len(data.alternatives) or len(tally) < 2:
        raise InvalidInput(
            "give at least two different alternatives", errors=[{"field": "alternatives", "message": "too few"}]
        )
    for proposal_id in tally:
        proposal = await _proposal(session, case.item_id, proposal_id)
        if proposal is not None and proposal.chapter not in (None, data.chapter):
            raise InvalidInput(
                f"proposal {proposal_id} concerns the chapter {proposal.chapter}",
                errors=[{"field": "alternatives", "message": "another main chapter"}],
            )
    require_all_voted(sum(tally.values()), len(eligible))
    casting, chosen = False, None
    if data.kind == "budget_test":
        test = budget_test_vote(tally)
        chosen = test.majority
    else:
        latest_test = (
            await session.scalars(
                select(VoteEvent)
                .where(
                    VoteEvent.agenda_item_id == case.item_id,
                    VoteEvent.kind == "budget_test",
                    VoteEvent.chapter == data.chapter,
                )
                .order_by(VoteEvent.created_at.desc())
                .limit(1)
            )
        ).first()
        allowed = set(runoff_of(latest_test)) if latest_test else set()
        if len(tally) != 2 or not set(tally) <= allowed:
            raise RuleViolation(
                "the run-off is between the two alternatives with most votes in the chapter's test vote, "
                "when none got a majority",
                rule="MTG-24",
                errors=[{"field": "alternatives", "message": f"allowed: {', '.join(sorted(map(str, allowed)))}"}],
            )
        runoff = budget_runoff(tally, data.chair_choice)
        chosen, casting = runoff.winner, runoff.casting_vote
    return VoteEvent(
        id=uuid.uuid4(),
        agenda_item_id=case.item_id,
        motion=data.motion
        or f"{'Prøvevotering' if data.kind == 'budget_test' else 'Alternativ votering'}: {data.chapter}",
        kind=data.kind,
        method=data.method.value,
        chapter=data.chapter,
        final=False,
        result="chosen" if chosen else "no_majority",
        votes_for=tally[chosen] if chosen else 0,
        votes_against=sum(tally.values()) - tally[chosen] if chosen else 0,
        casting_vote=casting,
        ballots=[],
        alternatives=[{"proposal_id": str(p), "votes": n} for p, n in tally.items()],
        chosen_id=chosen,
    )


def runoff_of(vote: VoteEvent) -> tuple[uuid.UUID, ...]:
    if vote.kind != "budget_test" or vote.chosen_id is not None:
        return ()
    tally = {uuid.UUID(str(a["proposal_id"])): int(str(a["votes"])) for a in vote.alternatives or []}
    return budget_test_vote(tally).runoff


def popolo(vote: VoteEvent) -> VoteOut:
    counts = (
        [Count(option=str(a["proposal_id"]), value=int(str(a["votes"]))) for a in vote.alternatives]
        if vote.alternatives
        else [Count(option="yes", value=vote.votes_for), Count(option="no", value=vote.votes_against)]
    )
    return VoteOut(
        id=vote.id,
        agenda_item_id=vote.agenda_item_id,
        motion={"text": vote.motion},
        proposal_id=vote.proposal_id,
        kind=vote.kind,  # type: ignore[arg-type]
        binding=vote.kind == "binding",
        method=Method(vote.method),
        item=vote.item_number,
        chapter=vote.chapter,
        final=vote.final,
        result=vote.result,  # type: ignore[arg-type]
        chosen=vote.chosen_id,
        runoff=list(runoff_of(vote)),
        casting_vote=vote.casting_vote,
        counts=counts,
        votes=vote.ballots,
        created_at=vote.created_at,
    )
