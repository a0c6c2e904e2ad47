"""How far the treatment of each case has come (MTG-17, MTG-21): taken up, voting opened, decided
or postponed by decision; one case at a time, in the order of the agenda."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict
from folkevalgt_shared.types import utcnow
from meetings.disqualification.service import case_of
from meetings.domain.order import CaseStatus, case_status, require_free_to_take_up
from meetings.domain.procedure import require_voting_not_open
from meetings.domain.sitting_time import require_started
from meetings.sittings.models import AgendaItem, Meeting
from meetings.sittings.service import order_of
from meetings.treatment.models import CaseTreatment


def require_in_progress(status: str, what: str) -> None:
    if status != "in_progress":
        raise Conflict(f"the meeting is {status}; {what} in a constituted meeting (MTG-15)")


class Progress(NamedTuple):
    """How far one case has come, as a plain row: the vote path reads every case's on each vote."""

    agenda_item_id: uuid.UUID
    taken_up_at: datetime | None
    voting_started_at: datetime | None
    voting_opened_at: datetime | None
    decided_at: datetime | None
    postponed_at: datetime | None


Treatment = CaseTreatment | Progress  # what the rules below read of a case's treatment


TREATMENTS = select(CaseTreatment).where(CaseTreatment.meeting_id == bindparam("meeting_id"))  # built once


async def treatments(session: AsyncSession, meeting_id: uuid.UUID) -> dict[uuid.UUID, CaseTreatment]:
    rows = await session.scalars(TREATMENTS, {"meeting_id": meeting_id})
    return {t.agenda_item_id: t for t in rows.all()}


async def treatment_of(session: AsyncSession, item_id: uuid.UUID, meeting_id: uuid.UUID) -> CaseTreatment:
    found = await session.get(CaseTreatment, item_id)
    if found is None:
        found = CaseTreatment(agenda_item_id=item_id, meeting_id=meeting_id, version=1)
        session.add(found)
    return found


def status_of(treatment: Treatment | None) -> CaseStatus:
    if treatment is None:
        return CaseStatus.PENDING
    return case_status(
        taken_up=treatment.taken_up_at is not None,
        decided=treatment.decided_at is not None,
        postponed=treatment.postponed_at is not None,
    )


def require_voting_closed_elsewhere(item_id: uuid.UUID, others: Mapping[uuid.UUID, Treatment]) -> None:
    """MTG-21: while the chair has opened voting in a case and it is not decided, no other case."""
    require_voting_not_open(
        opened_elsewhere=any(is_open(t) for i, t in others.items() if i != item_id), opened_here=False
    )


def is_open(treatment: Treatment) -> bool:
    finished = treatment.decided_at or treatment.postponed_at
    return treatment.voting_opened_at is not None and finished is None


def require_undecided(treatment: Treatment) -> None:
    if treatment.decided_at is not None:
        raise Conflict("the case is decided; its treatment is finished", rule="MTG-21")
    if treatment.postponed_at is not None:
        raise Conflict("the case is postponed by decision; it is not treated again in this meeting", rule="MTG-17")


async def take_up(session: AsyncSession, treatment: CaseTreatment, now: datetime) -> None:
    """MTG-17: the case is taken up (tatt opp til behandling) unless it already is; refused while
    another case is under treatment or an earlier case of the agenda waits."""
    if treatment.taken_up_at is None:
        require_free_to_take_up(treatment.agenda_item_id, await order_of(session, treatment.meeting_id))
        treatment.taken_up_at = treatment.modified_at = now


@dataclass(frozen=True)
class CaseAtHand:
    """A case of a constituted meeting, not yet decided or postponed, with every case's treatment."""

    meeting: Meeting
    item: AgendaItem
    treatment: CaseTreatment
    by_case: dict[uuid.UUID, CaseTreatment]


async def case_at_hand(session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, what: str) -> CaseAtHand:
    meeting, item = await case_of(session, meeting_id, item_id)
    require_in_progress(meeting.status, what)
    require_started(meeting.starts_at, utcnow(), what)  # MTG-15
    by_case = await treatments(session, meeting.id)
    treatment = by_case.get(item.id) or await treatment_of(session, item.id, item.meeting_id)
    require_undecided(treatment)
    return CaseAtHand(meeting, item, treatment, by_case)


async def hold_election(session: AsyncSession, meeting: Meeting, item: AgendaItem, *, elected: bool) -> None:
    """MTG-17: an election or appointment in a case takes the case up, and decides it once the places
    are filled (MTG-26/28). A further election in a decided case (e.g. the leader after the members)
    changes nothing here."""
    by_case = await treatments(session, meeting.id)
    treatment = by_case.get(item.id) or await treatment_of(session, item.id, item.meeting_id)
    now = utcnow()
    require_started(meeting.starts_at, now, "elections are held")  # MTG-15
    if treatment.decided_at is not None:
        return
    require_undecided(treatment)
    require_voting_closed_elsewhere(item.id, by_case)
    await take_up(session, treatment, now)
    if elected:
        treatment.decided_at = now
    treatment.version += 1
