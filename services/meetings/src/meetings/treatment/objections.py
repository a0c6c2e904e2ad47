"""MTG-17: a case not in the notice is not treated on its merits (realitetsbehandling) if the chair or a third
of the members present object. The objections are recorded on the case, each member once; from then on the
case takes no proposal and no vote, from the start of its treatment — save a proposal to postpone it and the
vote on that, which is no treatment on the merits.

Our reading of the seed ("1/3 av de møtende medlemmer"): the third is counted against every member present in
the meeting when the objection is counted (present and not left), not against those taking part in the case."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict, InvalidInput, RuleViolation
from folkevalgt_shared.types import utcnow
from meetings.attendance.service import CrewRow, crew_of
from meetings.disqualification.service import case_of
from meetings.domain.procedure import require_consent_for_unnoticed_case
from meetings.sittings.models import AgendaItem, Meeting
from meetings.treatment.models import CaseObjection, CaseTreatment
from meetings.treatment.progress import require_in_progress, require_undecided
from meetings.treatment.schemas import ObjectionIn, ObjectionsOut


def present_members(crew: Sequence[CrewRow]) -> set[uuid.UUID]:
    return {p.person_id for p in crew if p.present and p.departed_at is None}


async def _objections(session: AsyncSession, item_id: uuid.UUID) -> list[CaseObjection]:
    stmt = select(CaseObjection).where(CaseObjection.agenda_item_id == item_id).order_by(CaseObjection.created_at)
    return list((await session.scalars(stmt)).all())


async def require_not_objected(
    session: AsyncSession, item: AgendaItem | None, crew: Sequence[CrewRow], *, item_id: uuid.UUID | None = None
) -> None:
    """Refuses treatment on the merits of a case not in the notice while the objections block it."""
    case_id = item.id if item is not None else item_id
    assert case_id is not None
    found = (await session.execute(select(CaseObjection.as_chair).where(CaseObjection.agenda_item_id == case_id))).all()
    objecting, chair = len(found), any(as_chair for (as_chair,) in found)
    if objecting:
        require_consent_for_unnoticed_case(
            present=len(present_members(crew)), objecting=objecting, chair_objects=bool(chair)
        )


async def state(session: AsyncSession, meeting: Meeting, item: AgendaItem) -> ObjectionsOut:
    found = await _objections(session, item.id)
    present = present_members(await crew_of(session, meeting.id)) if meeting.status == "in_progress" else set()
    try:
        require_consent_for_unnoticed_case(
            present=len(present), objecting=len(found), chair_objects=any(o.as_chair for o in found)
        )
        blocked = False
    except RuleViolation:
        blocked = True
    return ObjectionsOut(
        agenda_item_id=item.id,
        objecting=[o.person_id for o in found],
        chair_objects=any(o.as_chair for o in found),
        present=len(present),
        blocked=blocked,
    )


async def object_to(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: ObjectionIn
) -> ObjectionsOut:
    meeting, item = await case_of(session, meeting_id, item_id)
    require_in_progress(meeting.status, "objections are made")
    if not item.not_in_notice:
        raise RuleViolation(
            "only a case not in the notice can be objected to (MTG-17)",
            rule="MTG-17",
            errors=[{"field": "item_id", "message": "the case was in the notice"}],
        )
    treatment = await session.get(CaseTreatment, item.id)
    if treatment is not None:
        require_undecided(treatment)
    if data.person_id not in present_members(await crew_of(session, meeting.id)):
        raise InvalidInput(
            "only the chair or a member present objects", errors=[{"field": "person_id", "message": "not present"}]
        )
    if any(o.person_id == data.person_id for o in await _objections(session, item.id)):
        raise Conflict("this member has already objected", errors=[{"field": "person_id", "message": "objected"}])
    now = utcnow()
    session.add(
        CaseObjection(
            id=uuid.uuid4(),
            agenda_item_id=item.id,
            person_id=data.person_id,
            as_chair=data.person_id == meeting.chair_id,
            created_at=now,
            modified_at=now,
        )
    )
    await session.flush()
    return await state(session, meeting, item)
