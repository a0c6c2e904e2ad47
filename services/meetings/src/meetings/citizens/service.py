"""Question time (MTG-32), citizen initiatives (MTG-33) and delegations (MTG-34) for the council."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import CitizenInitiativeThresholdReachedV1, EventData
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.events.inbox import Handler
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.types import utcnow
from meetings.citizens.models import CitizenInitiative, CitizenQuestion, Delegation, QuestionTime
from meetings.citizens.schemas import (
    AnswerIn,
    CitizenQuestionIn,
    CitizenQuestionOut,
    DelegationDecisionIn,
    DelegationIn,
    DelegationOut,
    InitiativeAgendaIn,
    InitiativeDecisionIn,
    InitiativeIn,
    InitiativeOut,
    QuestionTimeIn,
    QuestionTimeOut,
)
from meetings.disqualification.service import case_of
from meetings.domain.citizens import (
    QuestionTiming,
    citizen_question_deadline,
    citizen_question_refusal,
    citizen_question_timing,
    delegation_deadline,
    delegation_decision_refusal,
    delegation_meets_group_leaders_at,
    initiative_deadline,
    initiative_overdue,
    question_time_month_allowed,
    same_election_period,
    signatures_needed,
)
from meetings.register import repository
from meetings.register.models import Body
from meetings.sittings.models import AgendaItem, Meeting

COUNCIL = "municipal_council"


async def _council(session: AsyncSession, body_id: uuid.UUID, rule: str) -> Body:
    body = await repository.get(session, Body, body_id)
    if body.body_type != COUNCIL:
        raise RuleViolation(
            f"this belongs to the municipal council ({rule})",
            rule=rule,
            errors=[{"field": "body_id", "message": "not the municipal council"}],
        )
    return body


# -- MTG-32 question time -----------------------------------------------------------------------


def question_time_out(row: QuestionTime, meeting_starts: datetime) -> QuestionTimeOut:
    return QuestionTimeOut.model_validate(
        {
            "id": row.id,
            "body_id": row.body_id,
            "meeting_id": row.meeting_id,
            "starts_at": row.starts_at,
            "location": row.location,
            "question_deadline": citizen_question_deadline(oslo_date(meeting_starts)),
            "late_questions_until": meeting_starts,
        }
    )


async def _meeting_starts(session: AsyncSession, row: QuestionTime) -> datetime:
    """When the council meeting the question time is held with starts (MTG-32 counts from it); a question
    time recorded before that link had none, and counts from its own start as it did."""
    if row.meeting_id is None:
        return row.starts_at
    return (await repository.get(session, Meeting, row.meeting_id)).starts_at


async def get_question_time(session: AsyncSession, question_time_id: uuid.UUID) -> QuestionTimeOut:
    row = await repository.get(session, QuestionTime, question_time_id)
    return question_time_out(row, await _meeting_starts(session, row))


async def schedule_question_time(*, session: AsyncSession, data: QuestionTimeIn) -> QuestionTimeOut:
    meeting = await repository.get(session, Meeting, data.meeting_id)
    body = await _council(session, meeting.body_id, "MTG-32")
    if meeting.status == "cancelled":
        raise Conflict("the council meeting is cancelled; hold question time with another one")
    day = oslo_date(data.starts_at)
    if not question_time_month_allowed(day):
        raise RuleViolation(
            "citizens' question time is held in January and June (MTG-32)",
            rule="MTG-32",
            errors=[{"field": "starts_at", "message": f"{day:%B} is not January or June"}],
        )
    same_time = await session.scalar(
        select(Meeting.id).where(Meeting.body_id == body.id, Meeting.starts_at == data.starts_at)
    )
    if same_time is not None:
        raise RuleViolation(
            "question time is not part of the ordinary council meeting: schedule it apart from the meeting (MTG-32)",
            rule="MTG-32",
            errors=[{"field": "starts_at", "message": "a council meeting starts at this time"}],
        )
    existing = (await session.scalars(select(QuestionTime.starts_at).where(QuestionTime.body_id == body.id))).all()
    if any((s := oslo_date(starts)).year == day.year and s.month == day.month for starts in existing):
        raise Conflict(f"question time for {day:%B %Y} is already scheduled (MTG-32: twice a year)")
    row = QuestionTime(
        id=uuid.uuid4(), body_id=body.id, meeting_id=meeting.id, starts_at=data.starts_at, location=data.location
    )
    session.add(row)
    await session.flush()
    return question_time_out(row, meeting.starts_at)


def question_out(row: CitizenQuestion) -> CitizenQuestionOut:
    fields = {c: getattr(row, c) for c in CitizenQuestionOut.model_fields if c != "answered_at_question_time"}
    when = "this question time" if row.in_time else "the chair decides whether it is answered at the next meeting"
    return CitizenQuestionOut.model_validate({**fields, "answered_at_question_time": when})


async def register_citizen_question(
    *, session: AsyncSession, question_time_id: uuid.UUID, data: CitizenQuestionIn
) -> CitizenQuestionOut:
    question_time = await repository.get(session, QuestionTime, question_time_id)
    now = utcnow()
    if now >= question_time.starts_at:
        raise Conflict("question time has started; questions are submitted before it (MTG-32)")
    meeting_starts = await _meeting_starts(session, question_time)
    timing = citizen_question_timing(now, meeting_starts)
    if timing is QuestionTiming.CLOSED:
        raise RuleViolation(
            "questions are taken until the council meeting starts, and it has (MTG-32)",
            rule="MTG-32",
            errors=[{"field": "question_time_id", "message": f"the council meeting started at {meeting_starts}"}],
        )
    on_coming_agenda = False
    if data.agenda_item_id is not None:
        item = await repository.get(session, AgendaItem, data.agenda_item_id)
        on_coming_agenda = item.meeting_id == question_time.meeting_id
    refusal = citizen_question_refusal(
        personal_case=data.personal_case,
        confidential=data.confidential,
        on_coming_agenda=on_coming_agenda,
        general_interest=data.general_interest,
    )
    if refusal:
        raise RuleViolation(refusal + " (MTG-32)", rule="MTG-32")
    if data.on_behalf_of != "self" and not data.on_behalf_of_name:
        raise InvalidInput(
            "name whom the question is asked for",
            errors=[{"field": "on_behalf_of_name", "message": "required unless asked on one's own behalf"}],
        )
    in_time = timing is QuestionTiming.IN_TIME
    if not in_time and not data.late_reason:
        raise RuleViolation(
            "after the deadline a question is taken only for a special reason (MTG-32)",
            rule="MTG-32",
            errors=[{"field": "late_reason", "message": "give the special reason for the late question"}],
        )
    row = CitizenQuestion(
        id=uuid.uuid4(),
        question_time_id=question_time.id,
        submitted_at=now,
        in_time=in_time,
        **data.model_dump(
            include={"asker_name", "on_behalf_of", "on_behalf_of_name", "channel", "text", "late_reason"}
        ),
    )
    session.add(row)
    await session.flush()
    return question_out(row)


async def citizen_questions(session: AsyncSession, question_time_id: uuid.UUID) -> list[CitizenQuestionOut]:
    await repository.get(session, QuestionTime, question_time_id)
    stmt = (
        select(CitizenQuestion)
        .where(CitizenQuestion.question_time_id == question_time_id)
        .order_by(CitizenQuestion.submitted_at)
    )
    return [question_out(q) for q in (await session.scalars(stmt)).all()]


async def answer_citizen_question(
    *, session: AsyncSession, question_time_id: uuid.UUID, question_id: uuid.UUID, data: AnswerIn
) -> CitizenQuestionOut:
    row = await session.get(CitizenQuestion, question_id, with_for_update=True)
    if row is None or row.question_time_id != question_time_id:
        raise NotFound(f"no question {question_id} at this question time")
    if row.answered_at is not None:
        raise Conflict("the question has been answered")
    row.answer, row.answered_by, row.follow_up = data.answer, data.answered_by, data.follow_up
    row.answered_at = utcnow()
    row.version += 1
    await session.flush()
    return question_out(row)


# -- MTG-33 citizen initiative ------------------------------------------------------------------


def initiative_out(row: CitizenInitiative, today: date) -> InitiativeOut:
    fields = {
        c: getattr(row, c)
        for c in InitiativeOut.model_fields
        if c not in ("signatures_needed", "overdue", "appealable")
    }
    return InitiativeOut.model_validate(
        {
            **fields,
            "signatures_needed": signatures_needed(row.population),
            "overdue": initiative_overdue(row.deadline, row.decided_on, today),
            "appealable": None if row.outcome is None else row.outcome != "rejected",
        }
    )


async def _treated_on(session: AsyncSession, body_id: uuid.UUID, item_id: uuid.UUID) -> date:
    item = await repository.get(session, AgendaItem, item_id)
    meeting = await repository.get(session, Meeting, item.meeting_id)
    if meeting.body_id != body_id:
        raise InvalidInput(
            "the earlier case must be one the council treated",
            errors=[{"field": "same_content_as_agenda_item_id", "message": "not a case of this council"}],
        )
    return oslo_date(meeting.starts_at)


async def register_initiative(*, session: AsyncSession, data: InitiativeIn) -> InitiativeOut:
    body = await _council(session, data.body_id, "MTG-33")
    today = oslo_date(utcnow())
    registered_on = data.registered_on or today
    if registered_on > today:
        raise InvalidInput(
            "an initiative is registered when it has been put forward",
            errors=[{"field": "registered_on", "message": "in the future"}],
        )
    needed = signatures_needed(data.population)
    if data.signatures < needed:
        raise RuleViolation(
            f"the council must consider a proposal backed by at least 2 % of the residents, "
            f"but 300 signatures always suffice: {needed} needed, {data.signatures} given (MTG-33)",
            rule="MTG-33",
            errors=[{"field": "signatures", "message": f"at least {needed}"}],
        )
    if data.same_content_as_initiative_id is not None:
        earlier = await repository.get(session, CitizenInitiative, data.same_content_as_initiative_id)
        if earlier.body_id == body.id and same_election_period(earlier.registered_on, registered_on):
            raise RuleViolation(
                "an initiative with the same content as an earlier one cannot be put forward "
                "in the same election period (MTG-33)",
                rule="MTG-33",
                errors=[{"field": "same_content_as_initiative_id", "message": "put forward in this election period"}],
            )
    if data.same_content_as_agenda_item_id is not None:
        treated_on = await _treated_on(session, body.id, data.same_content_as_agenda_item_id)
        if same_election_period(treated_on, registered_on):
            raise RuleViolation(
                "an initiative with the same content as a case the council has treated cannot be put forward "
                "in the same election period (MTG-33)",
                rule="MTG-33",
                errors=[{"field": "same_content_as_agenda_item_id", "message": "treated in this election period"}],
            )
    if data.referred_to_planning_case and not data.planning_case_reference:
        raise InvalidInput(
            "name the planning case the proposal is referred to",
            errors=[{"field": "planning_case_reference", "message": "required when referred to a planning case"}],
        )
    row = CitizenInitiative(
        id=uuid.uuid4(),
        body_id=body.id,
        title=data.title,
        proposal=data.proposal,
        contact=data.contact,
        signatures=data.signatures,
        population=data.population,
        registered_on=registered_on,
        referred_to_planning_case=data.referred_to_planning_case,
        planning_case_reference=data.planning_case_reference,
        deadline=initiative_deadline(registered_on, referred_to_planning_case=data.referred_to_planning_case),
        follows_initiative_id=data.same_content_as_initiative_id,
        follows_agenda_item_id=data.same_content_as_agenda_item_id,
    )
    session.add(row)
    await session.flush()
    return initiative_out(row, today)


async def initiative_reached_threshold(session: AsyncSession, data: CitizenInitiativeThresholdReachedV1) -> None:
    """FBK-31/MTG-33: an initiative whose signatures the feedback service collected, once it has enough, is
    registered for the council as if handed in that day: the 6-month deadline runs from then. The
    initiative keeps the feedback service's id, so a second delivery registers nothing."""
    if await session.get(CitizenInitiative, data.initiative_id) is not None:
        return
    body = await repository.body_by_key(session, data.body_key)
    if body is None:
        raise NotFound(f"no body {data.body_key!r} in the register")
    await _council(session, body.id, "MTG-33")
    needed = signatures_needed(data.population)
    if data.signatures < needed:
        raise RuleViolation(
            f"{data.signatures} signatures, {needed} needed for {data.population} residents (MTG-33)",
            rule="MTG-33",
            errors=[{"field": "signatures", "message": f"at least {needed}"}],
        )
    registered_on = oslo_date(data.reached_at)
    session.add(
        CitizenInitiative(
            id=data.initiative_id,
            body_id=body.id,
            title=data.title,
            proposal=data.proposal,
            contact=data.contact,
            signatures=data.signatures,
            population=data.population,
            registered_on=registered_on,
            referred_to_planning_case=False,
            deadline=initiative_deadline(registered_on, referred_to_planning_case=False),
        )
    )
    await session.flush()


async def on_threshold_reached(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
    for event in events:
        assert isinstance(event.data, CitizenInitiativeThresholdReachedV1)
        await initiative_reached_threshold(session, event.data)


HANDLERS: dict[type[EventData], Handler] = {CitizenInitiativeThresholdReachedV1: on_threshold_reached}


async def initiatives(session: AsyncSession, *, overdue: bool) -> list[InitiativeOut]:
    today = oslo_date(utcnow())
    stmt = select(CitizenInitiative).order_by(CitizenInitiative.registered_on, CitizenInitiative.created_at)
    if overdue:
        stmt = stmt.where(CitizenInitiative.deadline < today, CitizenInitiative.decided_on.is_(None))
    return [initiative_out(r, today) for r in (await session.scalars(stmt)).all()]


async def get_initiative(session: AsyncSession, initiative_id: uuid.UUID) -> InitiativeOut:
    return initiative_out(await repository.get(session, CitizenInitiative, initiative_id), oslo_date(utcnow()))


async def put_initiative_on_agenda(
    *, session: AsyncSession, initiative_id: uuid.UUID, data: InitiativeAgendaIn
) -> InitiativeOut:
    row = await repository.get(session, CitizenInitiative, initiative_id, for_update=True)
    if row.decided_on is not None:
        raise Conflict("the council has decided on the initiative")
    item = await repository.get(session, AgendaItem, data.agenda_item_id)
    meeting = await repository.get(session, Meeting, item.meeting_id)
    if meeting.body_id != row.body_id:
        raise RuleViolation(
            "the council itself considers a citizen initiative (MTG-33)",
            rule="MTG-33",
            errors=[{"field": "agenda_item_id", "message": "not on the council's agenda"}],
        )
    row.agenda_item_id = item.id
    row.version += 1
    await session.flush()
    return initiative_out(row, oslo_date(utcnow()))


async def decide_initiative(
    *, session: AsyncSession, initiative_id: uuid.UUID, data: InitiativeDecisionIn
) -> InitiativeOut:
    row = await repository.get(session, CitizenInitiative, initiative_id, for_update=True)
    if row.decided_on is not None:
        raise Conflict("the council has already decided on the initiative")
    if row.agenda_item_id is None:
        raise Conflict("put the initiative on the council's agenda before recording the decision (MTG-33)")
    if data.decided_on < row.registered_on:
        raise InvalidInput("decided before it was registered", errors=[{"field": "decided_on", "message": "too early"}])
    if data.initiators_informed_on is not None and data.initiators_informed_on < data.decided_on:
        raise InvalidInput(
            "the initiators are informed of the decision after it is made",
            errors=[{"field": "initiators_informed_on", "message": "before the decision"}],
        )
    row.decided_on, row.outcome, row.decision = data.decided_on, data.outcome, data.decision
    row.initiators_informed_on = data.initiators_informed_on
    row.version += 1
    await session.flush()
    return initiative_out(row, oslo_date(utcnow()))


# -- MTG-34 delegations -------------------------------------------------------------------------


async def request_delegation(
    *, session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID, data: DelegationIn
) -> DelegationOut:
    meeting, item = await case_of(session, meeting_id, item_id)
    await _council(session, meeting.body_id, "MTG-34")
    now = utcnow()
    deadline = delegation_deadline(oslo_date(meeting.starts_at))
    if oslo_date(now) > deadline:
        raise RuleViolation(
            f"a delegation notifies the mayor at least 5 working days before the meeting, by {deadline} (MTG-34)",
            rule="MTG-34",
            errors=[{"field": "notified_at", "message": f"after the deadline {deadline}"}],
        )
    row = Delegation(id=uuid.uuid4(), agenda_item_id=item.id, notified_at=now, status="requested", **data.model_dump())
    session.add(row)
    await session.flush()
    return DelegationOut.model_validate(row)


async def decide_delegation(
    *,
    session: AsyncSession,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    delegation_id: uuid.UUID,
    data: DelegationDecisionIn,
) -> DelegationOut:
    meeting, item = await case_of(session, meeting_id, item_id)
    row = await session.get(Delegation, delegation_id, with_for_update=True)
    if row is None or row.agenda_item_id != item.id:
        raise NotFound(f"no delegation {delegation_id} in this case")
    if row.status != "requested":
        raise Conflict(f"the group leaders have decided: {row.status}")
    day = oslo_date(utcnow())
    leaders = {
        m.person_id
        for m in await repository.memberships_of_body(session, meeting.body_id)
        if m.role == "group_leader" and m.start_date <= day and (m.end_date is None or day <= m.end_date)
    }
    refusal = delegation_decision_refusal(set(data.decided_by), leaders)
    if refusal is not None:
        raise RuleViolation(refusal, rule="MTG-34", errors=[{"field": "body.decided_by", "message": refusal}])
    row.status = "accepted" if data.accepted else "refused"
    row.decided_at = utcnow()
    row.decision_note = data.note
    row.decided_by = sorted(str(p) for p in data.decided_by)
    row.meets_group_leaders_at = delegation_meets_group_leaders_at(meeting.starts_at) if data.accepted else None
    row.version += 1
    await session.flush()
    return DelegationOut.model_validate(row)


async def delegations(session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> list[DelegationOut]:
    _, item = await case_of(session, meeting_id, item_id)
    stmt = select(Delegation).where(Delegation.agenda_item_id == item.id).order_by(Delegation.notified_at)
    return [DelegationOut.model_validate(r) for r in (await session.scalars(stmt)).all()]
