"""Minutes remarks (protokolltilførsel, MTG-36): submitted by a member present, decided by the
chair or, on protest, by the body; allowed remarks go into the minutes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.types import utcnow
from meetings.attendance.models import Participant
from meetings.domain.remarks import ALLOWED, PENDING, RemarkState, body_decision, chair_ruling, initial_status
from meetings.register import repository
from meetings.remarks.models import Remark
from meetings.remarks.schemas import BodyDecisionIn, RemarkIn, RulingIn
from meetings.sittings.models import AgendaItem, Meeting


async def _require_present(session: AsyncSession, meeting_id: uuid.UUID, person_id: uuid.UUID, field: str) -> None:
    present = await session.scalar(
        select(Participant.id).where(
            Participant.meeting_id == meeting_id, Participant.person_id == person_id, Participant.present.is_(True)
        )
    )
    if present is None:
        raise RuleViolation(
            "only members present at the meeting ask for minutes remarks or protest against the chair's decision",
            rule="MTG-36",
            errors=[{"field": field, "message": "not present at the meeting"}],
        )


async def submit(*, session: AsyncSession, meeting_id: uuid.UUID, data: RemarkIn) -> Remark:
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.status != "in_progress":
        raise Conflict(f"the meeting is {meeting.status}; remarks are asked for during the meeting")
    await _require_present(session, meeting_id, data.person_id, "person_id")
    if data.agenda_item_id is not None:
        item = await session.get(AgendaItem, data.agenda_item_id)
        if item is None or item.meeting_id != meeting_id:
            raise InvalidInput(
                "the case is not on this meeting's agenda",
                errors=[{"field": "agenda_item_id", "message": "not on the agenda"}],
            )
    remark = Remark(
        id=uuid.uuid4(),
        meeting_id=meeting_id,
        agenda_item_id=data.agenda_item_id,
        person_id=data.person_id,
        text=data.text,
        formal_error=data.formal_error,
        status=initial_status(formal_error=data.formal_error),
    )
    session.add(remark)
    await session.flush()
    return remark


async def remarks_of(session: AsyncSession, meeting_id: uuid.UUID) -> Sequence[Remark]:
    stmt = select(Remark).where(Remark.meeting_id == meeting_id).order_by(Remark.created_at, Remark.id)
    return (await session.scalars(stmt)).all()


async def _decidable(session: AsyncSession, meeting_id: uuid.UUID, remark_id: uuid.UUID) -> Remark:
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.constituted_at is None or meeting.minutes_published_at is not None:
        raise Conflict("remarks are decided between the opening of the meeting and the publication of its minutes")
    remark = await session.get(Remark, remark_id)
    if remark is None or remark.meeting_id != meeting_id:
        raise NotFound(f"no minutes remark with id {remark_id} at this meeting")
    return remark


def _state(remark: Remark) -> RemarkState:
    return RemarkState(
        status=remark.status,
        formal_error=remark.formal_error,
        chair_ruled=remark.chair_ruled_at is not None,
        body_decided=remark.body_decided_at is not None,
    )


async def rule(*, session: AsyncSession, meeting_id: uuid.UUID, remark_id: uuid.UUID, data: RulingIn) -> Remark:
    """MTG-36: the chair allows the remark or not."""
    remark = await _decidable(session, meeting_id, remark_id)
    remark.status = chair_ruling(_state(remark), allowed=data.allowed, reason=data.reason)
    remark.chair_reason = data.reason
    remark.chair_ruled_at = remark.modified_at = utcnow()
    remark.version += 1
    await session.flush()
    return remark


async def decide_on_protest(
    *, session: AsyncSession, meeting_id: uuid.UUID, remark_id: uuid.UUID, data: BodyDecisionIn
) -> Remark:
    """MTG-36: on protest against the chair's decision, the body decides."""
    remark = await _decidable(session, meeting_id, remark_id)
    status = body_decision(_state(remark), allowed=data.allowed)
    await _require_present(session, meeting_id, data.protested_by, "protested_by")
    remark.status, remark.protested_by = status, data.protested_by
    remark.body_votes_for, remark.body_votes_against = data.votes_for, data.votes_against
    remark.body_decided_at = remark.modified_at = utcnow()
    remark.version += 1
    await session.flush()
    return remark


async def require_no_pending(session: AsyncSession, meeting_id: uuid.UUID) -> None:
    """The minutes cannot be final while the chair has not decided on a remark (MTG-36)."""
    pending = [r for r in await remarks_of(session, meeting_id) if r.status == PENDING]
    if pending:
        raise RuleViolation(
            f"{len(pending)} minutes remark(s) wait for the chair's decision",
            rule="MTG-36",
            errors=[{"field": "remarks", "message": f"pending: {r.id}"} for r in pending],
        )


async def add_to_minutes(
    session: AsyncSession,
    meeting: Meeting,
    agenda: Sequence[AgendaItem],
    minutes: dict[str, Any],
    *,
    public: bool,
    name: Callable[[uuid.UUID | None], str | None],
) -> None:
    """Allowed remarks in the minutes: the meeting's under `remarks`, a case's in the case (MTG-35/36).
    The public version leaves out remarks on closed cases (MTG-37)."""
    allowed = [r for r in await remarks_of(session, meeting.id) if r.status == ALLOWED]

    def entry(r: Remark) -> dict[str, Any]:
        return {"by": name(r.person_id), "text": r.text, "formal_error": r.formal_error}

    minutes["remarks"] = [entry(r) for r in allowed if r.agenda_item_id is None]
    for item, case in zip(agenda, minutes["cases"], strict=True):
        if public and item.closed:
            continue
        case["remarks"] = [entry(r) for r in allowed if r.agenda_item_id == item.id]
