"""Use cases of the treatment of a case: who takes part (MTG-12, MTG-16), proposals (MTG-20) and
opening the vote (MTG-21), over the pure rules in domain.participation and domain.procedure."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.types import utcnow
from meetings.attendance.models import Participant
from meetings.attendance.service import CrewRow, crew_of, participants
from meetings.disqualification.models import Disqualification
from meetings.disqualification.service import Exclusion, case_of, of_case
from meetings.domain.disqualification import taking_part
from meetings.domain.participation import (
    CaseWindow,
    Stay,
    first_case_joined,
    require_free_to_leave,
    takes_part,
    taking_part_in,
)
from meetings.domain.procedure import require_voting_not_open
from meetings.register import repository
from meetings.register.models import Body
from meetings.sittings.models import AgendaItem, Meeting
from meetings.sittings.service import agenda_of
from meetings.treatment.models import CaseTreatment, Proposal
from meetings.treatment.objections import require_not_objected
from meetings.treatment.progress import (
    Treatment,
    case_at_hand,
    is_open,
    require_in_progress,
    require_undecided,
    require_voting_closed_elsewhere,
    status_of,
    take_up,
    treatments,
)
from meetings.treatment.schemas import (
    ArrivalIn,
    ArrivalOut,
    CaseParticipationOut,
    LeaveIn,
    LeaveOut,
    ProposalIn,
    TreatmentOut,
)


def window(item_id: uuid.UUID, treatment: Treatment | None) -> CaseWindow:
    """A postponement ends the case's treatment in the meeting as a decision does (MTG-17)."""
    if treatment is None:
        return CaseWindow(item_id)
    finished = treatment.decided_at or treatment.postponed_at
    return CaseWindow(item_id, treatment.taken_up_at, treatment.voting_started_at, finished)


def stays(crew: Sequence[Participant] | Sequence[CrewRow]) -> list[Stay]:
    return [Stay(p.person_id, p.arrived_at, p.departed_at) for p in crew if p.present and p.arrived_at is not None]


async def taking_part_in_case(
    session: AsyncSession, meeting: Meeting, item: AgendaItem, treatment: CaseTreatment | None
) -> set[uuid.UUID]:
    crew = await participants(session, meeting)
    return in_case(crew, await of_case(session, item.id), item.id, treatment)


def in_case(
    crew: Sequence[Participant] | Sequence[CrewRow],
    disqualifications: Sequence[Disqualification] | Sequence[Exclusion],
    item_id: uuid.UUID,
    treatment: Treatment | None,
) -> set[uuid.UUID]:
    """MTG-22/MTG-02/MTG-14: present during the case (arrivals and leaves), less the disqualified,
    with the deputies summoned for this case who have come."""
    case = window(item_id, treatment)
    return taking_part(
        taking_part_in(stays(crew), case),
        {d.person_id for d in disqualifications},
        {
            d.substitute_id
            for d in disqualifications
            if d.substitute_id
            and d.substitute_present
            and takes_part(Stay(d.substitute_id, d.substitute_arrived_at or datetime.min.replace(tzinfo=UTC)), case)
        },  # MTG-16: a deputy for the case who came after its vote began does not join it
    )


async def state(session: AsyncSession, meeting: Meeting, item: AgendaItem) -> TreatmentOut:
    treatment = await session.get(CaseTreatment, item.id)
    return TreatmentOut(
        agenda_item_id=item.id,
        taken_up_at=treatment.taken_up_at if treatment else None,
        voting_started_at=treatment.voting_started_at if treatment else None,
        voting_opened_at=treatment.voting_opened_at if treatment else None,
        voting_open=is_open(treatment) if treatment else False,
        status=status_of(treatment),
        decided_at=treatment.decided_at if treatment else None,
        postponed_at=treatment.postponed_at if treatment else None,
        decision_vote_id=treatment.decision_vote_id if treatment else None,
        taking_part=sorted(await taking_part_in_case(session, meeting, item, treatment), key=str),
    )


async def take_up_case(*, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> TreatmentOut:
    """MTG-17: the chair takes up the case (sak tatt opp til behandling); from now it is not left
    until decided by vote or postponed by decision. Taking it up again changes nothing."""
    case = await case_at_hand(session, meeting_id, item_id, "cases are taken up")
    require_voting_closed_elsewhere(case.item.id, case.by_case)
    if case.treatment.taken_up_at is None:
        await take_up(session, case.treatment, utcnow())
        case.treatment.version += 1
        await session.flush()
    return await state(session, case.meeting, case.item)


async def open_voting(*, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> TreatmentOut:
    """MTG-21: the chair says the case is put to the vote; from now until it is decided there is no
    debate, no new proposal and no other case. Members arriving from now join from the next case (MTG-16)."""
    case = await case_at_hand(session, meeting_id, item_id, "voting is opened")
    treatment = case.treatment
    if treatment.voting_opened_at is not None:
        raise Conflict("voting on this case is already open", rule="MTG-21")
    require_voting_closed_elsewhere(case.item.id, case.by_case)
    now = utcnow()
    await take_up(session, treatment, now)
    treatment.voting_opened_at = now
    treatment.voting_started_at = treatment.voting_started_at or now
    treatment.version += 1
    await session.flush()
    return await state(session, case.meeting, case.item)


async def proposals_of(session: AsyncSession, item_ids: Sequence[uuid.UUID]) -> list[Proposal]:
    stmt = select(Proposal).where(Proposal.agenda_item_id.in_(item_ids)).order_by(Proposal.created_at)
    return list((await session.scalars(stmt)).all())


async def make_proposal(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: ProposalIn
) -> Proposal:
    """MTG-20: only members of the body (taking part in the case) make proposals, in writing, to the
    chair; MTG-21: not once voting on the case is opened."""
    case = await case_at_hand(session, meeting_id, item_id, "proposals are made")
    meeting, item, treatment = case.meeting, case.item, case.treatment
    require_voting_not_open(opened_elsewhere=False, opened_here=is_open(treatment))
    require_voting_closed_elsewhere(item.id, case.by_case)
    if len(data.items) == 1:
        raise InvalidInput(
            "a proposal in items has at least two; otherwise give the text alone",
            errors=[{"field": "items", "message": "one item only"}],
        )
    if data.proposer_id not in await taking_part_in_case(session, meeting, item, treatment):
        raise RuleViolation(
            "proposals can be made only by members of the body taking part in the case",
            rule="MTG-20",
            errors=[{"field": "proposer_id", "message": "not taking part in this case"}],
        )
    if item.not_in_notice and data.kind != "postponement":  # MTG-17: no treatment on the merits over objection
        await require_not_objected(session, item, await crew_of(session, meeting.id))
    await take_up(session, treatment, utcnow())
    proposal = Proposal(id=uuid.uuid4(), agenda_item_id=item.id, status="made", **data.model_dump())
    session.add(proposal)
    await session.flush()
    return proposal


async def withdraw_proposal(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, proposal_id: uuid.UUID
) -> Proposal:
    """MTG-20: a proposal may be withdrawn; it stays recorded (MTG-35). Not while the vote is open (MTG-21)."""
    meeting, item = await case_of(session, meeting_id, item_id)
    require_in_progress(meeting.status, "proposals are withdrawn")
    proposal = await repository.get(session, Proposal, proposal_id)
    if proposal.agenda_item_id != item.id:
        raise NotFound(f"proposal {proposal_id} is not made in this case")
    if proposal.status == "withdrawn":
        raise Conflict("the proposal is already withdrawn")
    treatment = await session.get(CaseTreatment, item.id)
    if treatment is not None:
        require_undecided(treatment)
        if is_open(treatment):
            raise RuleViolation(
                "voting on the case is open: the proposals stand until it is decided",
                rule="MTG-21",
                errors=[{"field": "proposal_id", "message": "voting is open"}],
            )
    now = utcnow()
    proposal.status, proposal.withdrawn_at, proposal.modified_at = "withdrawn", now, now
    proposal.version += 1
    await session.flush()
    return proposal


async def record_arrival(*, session: AsyncSession, meeting_id: uuid.UUID, data: ArrivalIn) -> ArrivalOut:
    """MTG-16: a member or summoned deputy arriving after the roll call reports to the chair; if the
    vote in a case has started, they join from the next case."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    require_in_progress(meeting.status, "arrivals are recorded")
    crew = {p.person_id: p for p in await participants(session, meeting)}
    row = crew.get(data.person_id)
    if row is None or row.status != "expected":
        raise InvalidInput(
            "only members without reported absence and summoned deputies take a seat",
            errors=[{"field": "person_id", "message": "not expected at this meeting"}],
        )
    if row.present:
        raise Conflict(
            "the member has left the meeting with leave" if row.departed_at else "the member is already present"
        )
    now = utcnow()
    row.present, row.arrived_at, row.modified_at = True, now, now
    row.version += 1
    await session.flush()
    by_case = await treatments(session, meeting.id)
    open_cases = [window(i.id, by_case.get(i.id)) for i in await agenda_of(session, meeting.id)]
    joins = first_case_joined(Stay(row.person_id, now), [w for w in open_cases if w.decided is None])
    return ArrivalOut(person_id=row.person_id, arrived_at=now, joins_from=joins)


async def record_leave(*, session: AsyncSession, meeting_id: uuid.UUID, data: LeaveIn) -> LeaveOut:
    """MTG-12: leave from the meeting on a written application; not before the case under treatment
    is finished (and so never during its vote)."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    require_in_progress(meeting.status, "leaves are granted")
    crew = {p.person_id: p for p in await participants(session, meeting)}
    row = crew.get(data.person_id)
    if row is None or not row.present:
        raise InvalidInput(
            "only a member or deputy present in the meeting can be granted leave from it",
            errors=[{"field": "person_id", "message": "not present"}],
        )
    if row.departed_at is not None:
        raise Conflict("the member has already left the meeting")
    by_case = await treatments(session, meeting.id)
    require_free_to_leave(window(i, t) for i, t in by_case.items())
    now = utcnow()
    row.departed_at, row.leave_application, row.modified_at = now, data.application, now
    row.version += 1
    await session.flush()
    return LeaveOut(person_id=row.person_id, departed_at=now, application=data.application)


async def participation(session: AsyncSession, meeting: Meeting) -> list[CaseParticipationOut]:
    """MTG-35: who took part in each case, and so whether the body was quorate in it (MTG-02)."""
    body = await repository.get(session, Body, meeting.body_id)
    agenda = await agenda_of(session, meeting.id)
    by_case = await treatments(session, meeting.id)
    crew = await participants(session, meeting)
    disqualified = (
        await session.scalars(
            select(Disqualification).where(Disqualification.agenda_item_id.in_([i.id for i in agenda]))
        )
    ).all()
    out = []
    for item in agenda:
        of_item = [d for d in disqualified if d.agenda_item_id == item.id]
        members = in_case(crew, of_item, item.id, by_case.get(item.id))
        out.append(
            CaseParticipationOut(
                agenda_item_id=item.id,
                number=item.number,
                case_number=item.case_number,
                taking_part=sorted(members, key=str),
                disqualified=sorted((d.person_id for d in of_item), key=str),
                quorum=body.quorum,
                quorate=len(members) >= body.quorum,
                status=status_of(by_case.get(item.id)),
            )
        )
    return out
