"""Use cases of meetings and their agenda: check the rules, write, publish, in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence, Set
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import (
    AgendaCase,
    CasePresentedV1,
    MeetingCancelledV1,
    MeetingScheduledV1,
    NoticePublishedV1,
    PresentedDocument,
)
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.types import utcnow
from meetings.domain.composition import SEAT_ROLES
from meetings.domain.extra_meetings import ExtraGround, caller_title, check_extra_meeting
from meetings.domain.notice import NoticeRule, check_not_begun, check_notice, notice_deadline
from meetings.domain.order import CaseStatus, PlacedCase, case_status
from meetings.domain.rapporteurs import next_in_turn, require_member
from meetings.domain.sessions import check_remote_meeting, closed_on_agenda, require_closing_in_meeting
from meetings.register import repository
from meetings.register.models import Body, Membership, Person
from meetings.sittings.models import AgendaDocument, AgendaItem, ExtraMeetingDemand, ExtraMeetingGround, Meeting
from meetings.sittings.schemas import (
    AgendaItemIn,
    CancelIn,
    ClosedSessionIn,
    DocumentIn,
    ExtraGroundOut,
    MeetingIn,
    NoticeIn,
)
from meetings.treatment.models import CaseTreatment


async def agenda_of(session: AsyncSession, meeting_id: uuid.UUID) -> Sequence[AgendaItem]:
    """The cases in the order of treatment: the notice's, unless a majority changed it (MTG-17)."""
    stmt = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
    return (await session.scalars(stmt)).all()


async def statuses_of(session: AsyncSession, meeting_id: uuid.UUID) -> dict[uuid.UUID, CaseStatus]:
    """How far each case of the meeting has come; a case never taken up has no row (pending)."""
    rows = await session.execute(
        select(CaseTreatment.agenda_item_id, *PROGRESS).where(CaseTreatment.meeting_id == meeting_id)
    )
    return {row[0]: _status(*row[1:]) for row in rows}


async def order_of(session: AsyncSession, meeting_id: uuid.UUID) -> list[PlacedCase]:
    """The cases in the order of treatment, with how far each has come (MTG-17)."""
    statuses = await statuses_of(session, meeting_id)
    agenda = await agenda_of(session, meeting_id)
    return [PlacedCase(i.id, i.case_number, statuses.get(i.id, CaseStatus.PENDING)) for i in agenda]


def _status(taken_up: datetime | None, decided: datetime | None, postponed: datetime | None) -> CaseStatus:
    return case_status(taken_up=taken_up is not None, decided=decided is not None, postponed=postponed is not None)


PROGRESS = (CaseTreatment.taken_up_at, CaseTreatment.decided_at, CaseTreatment.postponed_at)


async def documents_of(session: AsyncSession, item_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[AgendaDocument]]:
    """The documents of each agenda item, in order (one query for a whole agenda)."""
    stmt = select(AgendaDocument).where(AgendaDocument.agenda_item_id.in_(item_ids)).order_by(AgendaDocument.position)
    out: dict[uuid.UUID, list[AgendaDocument]] = {i: [] for i in item_ids}
    for doc in await session.scalars(stmt):
        out[doc.agenda_item_id].append(doc)
    return out


def _documents(data: AgendaItemIn) -> list[DocumentIn]:
    """A plain reference (the older input) is a document with only a name."""
    documents = [DocumentIn(name=d) if isinstance(d, str) else d for d in data.documents]
    for n, doc in enumerate(documents):
        if doc.exempt and not doc.exempt_basis:
            raise RuleViolation(
                "a document exempt from public access needs its legal basis (e.g. 'Offl. § 14')",
                rule="MTG-06",
                errors=[{"field": f"documents[{n}].exempt_basis", "message": "required when exempt"}],
            )
    return documents


def deadline_of(meeting: Meeting, body: Body, agenda: Sequence[AgendaItem]) -> datetime:
    """MTG-01/MTG-06: the longer budget notice applies when any case is budget, plan or tax."""
    rule = NoticeRule(body.notice_days, body.notice_days_budget)
    return notice_deadline(meeting.starts_at, rule, budget=any(item.budget for item in agenda))


async def schedule(*, session: AsyncSession, data: MeetingIn, publisher: EventPublisher) -> Meeting:
    body = await repository.get(session, Body, data.body_id, field="body.body_id")
    ground = await _extra_ground(session, body, data)
    check_remote_meeting(
        remote=data.remote,
        body_type=body.body_type,
        decided_by=data.remote_decided_by,
        reason=data.remote_reason,
        mayors=await _people_in_role_on(session, oslo_date(data.starts_at), {"mayor"}, None) if data.remote else set(),
    )
    meeting = Meeting(id=uuid.uuid4(), **data.model_dump(exclude={"extra_ground"}))
    session.add(meeting)
    await session.flush()
    if ground is not None:
        await _record_extra_ground(session, meeting, ground)
    await publisher.publish(
        session,
        MeetingScheduledV1(
            meeting_id=meeting.id,
            body_id=body.id,
            body_key=body.key,
            starts_at=meeting.starts_at,
            location=meeting.location,
            version=meeting.version,
        ),
        subject=str(meeting.id),
    )
    return meeting


async def add_agenda_item(
    *, session: AsyncSession, meeting_id: uuid.UUID, data: AgendaItemIn, publisher: EventPublisher
) -> AgendaItem:
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.status not in ("planned", "notice_published"):
        raise Conflict(f"the meeting is {meeting.status}; its agenda can no longer change")
    closed, basis = closed_on_agenda(
        personnel=data.personnel,
        closed=data.closed if "closed" in data.model_fields_set else None,
        basis=data.closed_basis,
    )
    documents = _documents(data)
    rapporteur = await _rapporteur(session, meeting, data.rapporteur_id)
    last = await session.scalar(select(func.max(AgendaItem.number)).where(AgendaItem.meeting_id == meeting_id))
    item = AgendaItem(
        id=uuid.uuid4(),
        meeting_id=meeting_id,
        number=(last or 0) + 1,
        position=(last or 0) + 1,  # the agenda only changes before the meeting: the order is the notice's
        # MTG-17: a case added after the notice was not in it; deciding it needs consent.
        not_in_notice=meeting.notice_published_at is not None,
        documents=[d.name for d in documents],
        **data.model_dump(exclude={"documents", "closed", "closed_basis", "rapporteur_id"}),
        rapporteur_id=rapporteur,
        closed=closed,
        closed_basis=basis,
    )
    session.add(item)
    meeting.modified_at = utcnow()
    meeting.version += 1
    await session.flush()
    session.add_all(
        AgendaDocument(
            agenda_item_id=item.id,
            position=n,
            **doc.model_dump(exclude={"url", "download_url"}),
            url=str(doc.url) if doc.url else None,
            download_url=str(doc.download_url) if doc.download_url else None,
        )
        for n, doc in enumerate(documents)
    )
    await session.flush()
    if meeting.notice_published_at is not None:
        body = await repository.get(session, Body, meeting.body_id)
        await _present(session, publisher, meeting, body, item, utcnow())
    return item


async def _rapporteur(session: AsyncSession, meeting: Meeting, named: uuid.UUID | None) -> uuid.UUID | None:
    """MTG-18: the case rapporteur is a member of the body; when none is named, the member whose turn it is."""
    day = oslo_date(meeting.starts_at)
    seated = [
        m
        for m in sorted(await repository.memberships_of_body(session, meeting.body_id), key=lambda m: m.created_at)
        if m.role in SEAT_ROLES and m.start_date <= day and (m.end_date is None or m.end_date >= day)
    ]
    members = list(dict.fromkeys(m.person_id for m in seated))
    if named is not None:
        await repository.get(session, Person, named)
        require_member(named, members)
        return named
    earlier = await session.execute(
        select(AgendaItem.rapporteur_id, AgendaItem.created_at)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.body_id == meeting.body_id, AgendaItem.rapporteur_id.is_not(None))
    )
    return next_in_turn(members, [(r[0], r[1]) for r in earlier])


async def close_doors(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: ClosedSessionIn
) -> AgendaItem:
    """MTG-07: the body decides in its meeting to treat a case behind closed doors, on a legal basis."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    item = await session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting_id:
        raise NotFound(f"no case {item_id} on the agenda of meeting {meeting_id}")
    status = (await statuses_of(session, meeting_id)).get(item.id, CaseStatus.PENDING)
    require_closing_in_meeting(
        meeting_status=meeting.status, already_closed=item.closed, case_decided=status == CaseStatus.DECIDED
    )
    now = utcnow()
    item.closed, item.closed_basis, item.closed_decided_at = True, data.basis, now
    item.version += 1
    item.modified_at = now
    meeting.version += 1
    meeting.modified_at = now
    await session.flush()
    return item


async def cancel(*, session: AsyncSession, meeting_id: uuid.UUID, data: CancelIn, publisher: EventPublisher) -> Meeting:
    """Avlysning: a meeting that has not started is called off. Its agenda and any summons stay on record,
    and every later step (notice, absences, roll call) is refused, as for a meeting that is over."""
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.status not in ("planned", "notice_published"):
        raise Conflict(f"the meeting is {meeting.status}; only a meeting that has not started can be cancelled")
    body = await repository.get(session, Body, meeting.body_id)
    now = utcnow()
    meeting.status, meeting.cancelled_at, meeting.cancel_reason = "cancelled", now, data.reason
    meeting.modified_at = now
    meeting.version += 1
    await session.flush()
    await publisher.publish(
        session,
        MeetingCancelledV1(
            meeting_id=meeting.id,
            body_id=body.id,
            body_key=body.key,
            starts_at=meeting.starts_at,
            cancelled_at=now,
            reason=data.reason,
            notice_published=meeting.notice_published_at is not None,
            version=meeting.version,
        ),
        subject=str(meeting.id),
    )
    return meeting


async def publish_notice(
    *, session: AsyncSession, meeting_id: uuid.UUID, data: NoticeIn, publisher: EventPublisher
) -> Meeting:
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.notice_published_at is not None:
        raise Conflict("the notice of this meeting is already published")
    if meeting.status != "planned":
        raise Conflict(f"the meeting is {meeting.status}; no notice can be published")
    agenda = await agenda_of(session, meeting_id)
    if not agenda:
        raise InvalidInput(
            "a notice needs an agenda: add the cases first", errors=[{"field": "agenda", "message": "empty"}]
        )
    body = await repository.get(session, Body, meeting.body_id)
    now = utcnow()
    check_not_begun(now, meeting.starts_at)  # not even a late notice once the meeting has begun
    try:
        check_notice(
            now,
            meeting.starts_at,
            NoticeRule(body.notice_days, body.notice_days_budget),
            budget=any(item.budget for item in agenda),
        )
    except RuleViolation:
        if data.late_reason is None:
            raise
        meeting.notice_late_reason = data.late_reason  # published late on purpose, flagged MTG-06
    meeting.notice_published_at = now
    meeting.status = "notice_published"
    meeting.modified_at = now
    meeting.version += 1
    await session.flush()
    await publisher.publish(
        session,
        NoticePublishedV1(
            meeting_id=meeting.id,
            body_id=body.id,
            body_key=body.key,
            starts_at=meeting.starts_at,
            published_at=now,
            late=meeting.notice_late_reason is not None,
            late_reason=meeting.notice_late_reason,
            agenda=[
                AgendaCase(
                    agenda_item_id=i.id,
                    number=i.number,
                    case_number=i.case_number,
                    title=i.title,
                    closed=i.closed,
                    closed_basis=i.closed_basis,
                )
                for i in agenda
            ],
        ),
        subject=str(meeting.id),
    )
    for item in agenda:
        await _present(session, publisher, meeting, body, item, now)
    return meeting


async def _present(
    session: AsyncSession, publisher: EventPublisher, meeting: Meeting, body: Body, item: AgendaItem, at: datetime
) -> None:
    """ACC-10: once the notice is out, the case is put forward for political treatment."""
    documents = (await documents_of(session, [item.id]))[item.id]
    await publisher.publish(
        session,
        CasePresentedV1(
            case_number=item.case_number,
            title=item.title,
            meeting_id=meeting.id,
            body_id=body.id,
            body_key=body.key,
            agenda_item_id=item.id,
            closed=item.closed,
            closed_basis=item.closed_basis,
            documents=[
                PresentedDocument(
                    document_id=d.id,
                    external_id=d.external_id,
                    name=d.name,
                    exempt=d.exempt,
                    exempt_basis=d.exempt_basis,
                )
                for d in documents
            ],
            presented_at=at,
        ),
        subject=item.case_number,
    )


async def _people_in_role_on(
    session: AsyncSession, day: date, roles: Set[str], body_id: uuid.UUID | None
) -> set[uuid.UUID]:
    stmt = select(Membership.person_id).where(
        Membership.role.in_(roles),
        Membership.deleted.is_(False),
        Membership.start_date <= day,
        or_(Membership.end_date.is_(None), Membership.end_date >= day),
    )
    if body_id is not None:
        stmt = stmt.where(Membership.body_id == body_id)
    return set((await session.scalars(stmt)).all())


async def _extra_ground(session: AsyncSession, body: Body, data: MeetingIn) -> tuple[str, ExtraGround] | None:
    """MTG-05: an extra meeting needs a demand by a third of the members or the mayor's or leader's decision."""
    if not data.extra:
        if data.extra_ground is not None:
            raise InvalidInput(
                "a ground is given only for an extra meeting (extra: true)",
                rule="MTG-05",
                errors=[{"field": "extra_ground", "message": "only with extra: true"}],
            )
        return None
    day = oslo_date(data.starts_at)
    title = caller_title(body.body_type)
    given = data.extra_ground
    ground = ExtraGround(
        demanded_by=frozenset(given.demanded_by) if given else frozenset(),
        decided_by=given.decided_by if given else None,
    )
    check_extra_meeting(
        body_type=body.body_type,
        seats=body.seats,
        ground=ground if given else None,
        members=await _people_in_role_on(session, day, SEAT_ROLES, body.id),
        # The mayor holds the office in the council; the leader is the body's own chair.
        callers=await _people_in_role_on(session, day, {"mayor"}, None)
        if title == "mayor"
        else await _people_in_role_on(session, day, {"chair", "mayor"}, body.id),
    )
    return ("demand" if ground.demanded_by else title), ground


async def _record_extra_ground(session: AsyncSession, meeting: Meeting, ground: tuple[str, ExtraGround]) -> None:
    kind, reason = ground
    session.add(ExtraMeetingGround(meeting_id=meeting.id, ground=kind, decided_by=reason.decided_by))
    for person_id in sorted(reason.demanded_by):
        session.add(ExtraMeetingDemand(meeting_id=meeting.id, person_id=person_id))
    await session.flush()


async def extra_ground_of(db: AsyncSession | AsyncConnection, meeting_id: uuid.UUID) -> ExtraGroundOut | None:
    """Core statements, so that the read path's plain connection can use it too."""
    ground = (
        await db.execute(
            select(ExtraMeetingGround.ground, ExtraMeetingGround.decided_by).where(
                ExtraMeetingGround.meeting_id == meeting_id
            )
        )
    ).first()
    if ground is None:
        return None
    demanded = await db.scalars(select(ExtraMeetingDemand.person_id).where(ExtraMeetingDemand.meeting_id == meeting_id))
    return ExtraGroundOut(ground=ground.ground, decided_by=ground.decided_by, demanded_by=sorted(demanded.all()))
