"""Use cases of disqualification per case (MTG-13/14)."""

from __future__ import annotations

import uuid
from collections.abc import Set
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.contracts import MemberDisqualifiedV1
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.types import utcnow
from meetings.attendance.service import deputies_of, list_of, participants
from meetings.disqualification.models import Disqualification, DisqualificationNotice
from meetings.disqualification.schemas import DisqualificationIn, NoticeIn, NoticeOut
from meetings.domain.deputies import Unavailable, next_deputy
from meetings.domain.disqualification import Ground
from meetings.register import repository
from meetings.sittings.models import AgendaItem, Meeting
from meetings.treatment.models import CaseTreatment

# Built once: building the clauses costs more than the database needs to answer them (bench/).
CASE = (
    select(Meeting, AgendaItem)
    .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
    .where(Meeting.id == bindparam("meeting_id"), AgendaItem.id == bindparam("item_id"))
    .with_for_update(of=Meeting)
)
OF_CASE = (
    select(Disqualification)
    .where(Disqualification.agenda_item_id == bindparam("item_id"))
    .order_by(Disqualification.created_at)
)


async def case_of(session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> tuple[Meeting, AgendaItem]:
    """The meeting, locked, and a case on its agenda."""
    found = (await session.execute(CASE, {"meeting_id": meeting_id, "item_id": item_id})).first()
    if found is None:
        await repository.get(session, Meeting, meeting_id)  # names what is missing: the meeting …
        raise NotFound(f"case {item_id} is not on this meeting's agenda")  # … or the case on it
    return found[0], found[1]


async def of_case(session: AsyncSession, item_id: uuid.UUID) -> list[Disqualification]:
    return list((await session.scalars(OF_CASE, {"item_id": item_id})).all())


class Exclusion(NamedTuple):
    """What taking part in a case needs of a disqualification (MTG-14): who is out, and who sits in.
    The vote reads it as a plain row (voting.service.vote_reads)."""

    person_id: uuid.UUID
    substitute_id: uuid.UUID | None
    substitute_present: bool
    substitute_arrived_at: datetime | None = None


async def disqualify(
    *,
    session: AsyncSession,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    data: DisqualificationIn,
    publisher: EventPublisher,
    passed_over: Set[uuid.UUID] = frozenset(),
) -> Disqualification:
    """Records the body's decision that a member is disqualified in the case (the member takes no
    part in that decision, MTG-14) and summons the next deputy of the list for this case only, passing
    over `passed_over`: deputies known to be disqualified in the case too (e.g. as proxy, fvl § 6 d)."""
    meeting, item = await case_of(session, meeting_id, item_id)
    if meeting.status not in ("notice_published", "in_progress"):
        raise Conflict(f"the meeting is {meeting.status}; disqualification is decided before or during it")
    rows = {p.person_id: p for p in await participants(session, meeting)}
    member = rows.get(data.person_id)
    if member is None or member.status != "expected":
        raise InvalidInput(
            "the person does not take a seat at this meeting",
            errors=[{"field": "person_id", "message": "not expected at this meeting"}],
        )
    if data.ground == Ground.EXEMPTION:
        treatment = await session.get(CaseTreatment, item.id)
        if treatment is not None and treatment.taken_up_at is not None:
            raise RuleViolation(
                "an exemption (KL § 40 nr. 4) is requested and granted before the case is taken up (MTG-13)",
                rule="MTG-13",
                errors=[{"field": "ground", "message": "the case is taken up"}],
            )
    earlier = await of_case(session, item.id)
    if any(d.person_id == data.person_id for d in earlier):
        raise Conflict("this member is already found disqualified in the case")

    deputies, unavailable = await deputies_of(session, meeting, rows.values())
    unavailable |= {d.person_id: Unavailable.DISQUALIFIED for d in earlier}
    unavailable |= dict.fromkeys(passed_over - unavailable.keys(), Unavailable.DISQUALIFIED)
    unavailable |= {d.substitute_id: Unavailable.ATTENDING for d in earlier if d.substitute_id}
    summons = next_deputy(deputies, await list_of(session, meeting, member), unavailable)  # MTG-10
    record = Disqualification(
        id=uuid.uuid4(),
        agenda_item_id=item.id,
        person_id=data.person_id,
        ground=data.ground.value,
        explanation=data.explanation,
        substitute_id=summons.deputy.person_id if summons.deputy else None,
        substitute_order=summons.deputy.order if summons.deputy else None,
    )
    session.add(record)
    await session.flush()
    await publisher.publish(
        session,
        MemberDisqualifiedV1(
            meeting_id=meeting.id,
            body_id=meeting.body_id,
            agenda_item_id=item.id,
            case_number=item.case_number,
            person_id=data.person_id,
            ground=data.ground.value,
            substitute_person_id=record.substitute_id,
            decided_at=utcnow(),
        ),
        subject=item.case_number,
    )
    return record


async def substitute_arrived(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, disqualification_id: uuid.UUID
) -> Disqualification:
    await case_of(session, meeting_id, item_id)
    record = await repository.get(session, Disqualification, disqualification_id)
    if record.agenda_item_id != item_id or record.substitute_id is None:
        raise NotFound("no deputy was summoned for this case under that disqualification")
    if record.substitute_present:
        raise Conflict("the deputy has already taken the seat for this case")
    record.substitute_present = True
    record.substitute_arrived_at = record.modified_at = utcnow()
    await session.flush()
    return record


async def give_notice(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: NoticeIn
) -> DisqualificationNotice:
    """MTG-11: a member tells the chair in advance that they may be disqualified in a case, so the
    body can decide it (MTG-14) and a deputy can be summoned for that case in time (MTG-10)."""
    meeting, item = await case_of(session, meeting_id, item_id)
    if meeting.status not in ("planned", "notice_published"):
        raise RuleViolation(
            f"the meeting is {meeting.status}; notice of a possible disqualification is given before it",
            rule="MTG-11",
            errors=[{"field": "meeting_id", "message": "the meeting has begun"}],
        )
    member = next((p for p in await participants(session, meeting) if p.person_id == data.person_id), None)
    if member is None or member.status != "expected":
        raise InvalidInput(
            "only a member or summoned deputy expected at the meeting gives such notice",
            errors=[{"field": "person_id", "message": "not expected at this meeting"}],
        )
    exists = await session.scalar(
        select(DisqualificationNotice.id).where(
            DisqualificationNotice.agenda_item_id == item.id, DisqualificationNotice.person_id == data.person_id
        )
    )
    if exists is not None:
        raise Conflict("this member has already given notice in the case")
    notice = DisqualificationNotice(
        id=uuid.uuid4(),
        agenda_item_id=item.id,
        person_id=data.person_id,
        ground=data.ground.value if data.ground else None,
        explanation=data.explanation,
    )
    session.add(notice)
    await session.flush()
    return notice


async def notices_of_case(session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> list[NoticeOut]:
    await case_of(session, meeting_id, item_id)
    notices = await session.scalars(
        select(DisqualificationNotice)
        .where(DisqualificationNotice.agenda_item_id == item_id)
        .order_by(DisqualificationNotice.created_at)
    )
    decided = {d.person_id for d in await of_case(session, item_id)}
    return [NoticeOut.model_validate(n).model_copy(update={"decided": n.person_id in decided}) for n in notices]
