"""Registering a question or interpellation for a council meeting (MTG-30)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.errors import Conflict, InvalidInput
from folkevalgt_shared.types import utcnow
from meetings.attendance.service import memberships_on_meeting_day
from meetings.domain.composition import SEAT_ROLES
from meetings.domain.questions import in_time_for, question_deadline
from meetings.questions.models import Question
from meetings.questions.schemas import QuestionIn, QuestionOut
from meetings.register import repository
from meetings.register.models import Body
from meetings.sittings.models import Meeting


async def questions_of(session: AsyncSession, meeting_id: uuid.UUID) -> Sequence[Question]:
    """In the order registered; they are treated after the other cases (MTG-17)."""
    stmt = select(Question).where(Question.meeting_id == meeting_id).order_by(Question.registered_at)
    return (await session.scalars(stmt)).all()


def out(question: Question, meeting: Meeting) -> QuestionOut:
    return QuestionOut.model_validate(
        {
            **{
                f: getattr(question, f)
                for f in ("id", "meeting_id", "asker_id", "kind", "text", "registered_at", "in_time")
            },
            "deadline": question_deadline(oslo_date(meeting.starts_at)),
            "answered_at": "this meeting" if question.in_time else "next meeting or as the chair decides",
        }
    )


async def register(*, session: AsyncSession, meeting_id: uuid.UUID, data: QuestionIn) -> QuestionOut:
    meeting = await repository.get(session, Meeting, meeting_id)
    if meeting.status == "closed":
        raise Conflict("the meeting is closed; register the question for the next meeting")
    body = await repository.get(session, Body, meeting.body_id)
    if body.body_type != "municipal_council":
        raise InvalidInput(
            "questions and interpellations are put to the mayor in the municipal council (MTG-30)",
            errors=[{"field": "meeting_id", "message": "not a council meeting"}],
        )
    members = {
        m.person_id
        for m in await memberships_on_meeting_day(session, meeting)
        if m.role in SEAT_ROLES or m.role == "deputy"
    }
    if data.asker_id not in members:
        raise InvalidInput(
            "only members of the council (and its deputies) put questions to the mayor",
            errors=[{"field": "asker_id", "message": "not a council member on the meeting's day"}],
        )
    now = utcnow()
    question = Question(
        id=uuid.uuid4(),
        meeting_id=meeting.id,
        registered_at=now,
        in_time=in_time_for(oslo_date(meeting.starts_at), oslo_date(now)),
        **data.model_dump(),
    )
    session.add(question)
    await session.flush()
    return out(question, meeting)
