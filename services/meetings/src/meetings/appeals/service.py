"""Legality appeals (lovlighetsklage), MTG-38: "Krav om lovlighetskontroll framsettes for det organ som har
fattet den aktuelle avgjørelse. Hvis dette opprettholder avgjørelsen, oversendes saken til departementet"
(seed 2001–2002). So the appeal is lodged with the body that decided (or the administration, for its own
decisions); that body decides on it first, and only a decision it upholds is forwarded for review."""

from __future__ import annotations

import uuid
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.errors import Conflict, InvalidInput, RuleViolation
from folkevalgt_shared.rules import RuleBook, load_municipality
from folkevalgt_shared.types import utcnow
from meetings.appeals.models import LegalityAppeal
from meetings.appeals.schemas import AppealIn, AppealOut, ForwardIn, ReviewIn
from meetings.domain.appeals import appeal_deadline, check_legality_appeal, check_review
from meetings.domain.composition import SEAT_ROLES
from meetings.register import repository
from meetings.register.models import Body, Membership
from meetings.sittings.models import AgendaItem, Meeting


class AppealRules(BaseModel):
    """The meetings section's setting for MTG-38."""

    model_config = ConfigDict(extra="ignore")
    # The seed says the ministry; it has delegated legality review to the county governor (kommuneloven).
    legality_review_authority: str = "Statsforvalteren"


def out(appeal: LegalityAppeal) -> AppealOut:
    computed = ("deadline", "body_id")
    return AppealOut.model_validate(
        {
            **{c: getattr(appeal, c) for c in AppealOut.model_fields if c not in computed},
            "body_id": appeal.lodged_with_body_id,
            "deadline": appeal_deadline(appeal.decided_on),
        }
    )


async def _body_of_case(session: AsyncSession, item_id: uuid.UUID) -> uuid.UUID:
    item = await repository.get(session, AgendaItem, item_id)
    return (await repository.get(session, Meeting, item.meeting_id)).body_id


async def lodge(*, session: AsyncSession, data: AppealIn) -> LegalityAppeal:
    """MTG-38: three council members, within three weeks, lodged with the body that made the decision."""
    body_id = data.body_id
    if data.agenda_item_id is not None:
        deciding = await _body_of_case(session, data.agenda_item_id)
        if body_id is not None and body_id != deciding:
            raise InvalidInput(
                "the case was decided by another body than the one named",
                errors=[{"field": "body_id", "message": "not the body of agenda_item_id"}],
            )
        body_id = deciding
    elif body_id is not None:
        await repository.get(session, Body, body_id)
    today = oslo_date(utcnow())
    council = (
        await session.scalars(
            select(Membership.person_id)
            .join(Body, Body.id == Membership.body_id)
            .where(
                Body.body_type == "municipal_council",
                Membership.role.in_(SEAT_ROLES),
                Membership.deleted.is_(False),
                Membership.start_date <= today,
                (Membership.end_date.is_(None)) | (Membership.end_date >= today),
            )
        )
    ).all()
    check_legality_appeal(
        decided_on=data.decided_on, lodged_on=today, signatories=set(data.signatories), council=set(council)
    )
    appeal = LegalityAppeal(
        id=uuid.uuid4(),
        lodged_on=today,
        lodged_with_body_id=body_id,
        status="lodged",
        **data.model_dump(exclude={"body_id", "signatories"}),
        signatories=[str(s) for s in data.signatories],
    )
    session.add(appeal)
    await session.flush()
    return appeal


async def review(*, session: AsyncSession, appeal_id: uuid.UUID, data: ReviewIn) -> LegalityAppeal:
    """MTG-38: the body that made the decision decides on the appeal first, in a case of its own."""
    appeal = await repository.get(session, LegalityAppeal, appeal_id, for_update=True)
    if appeal.status != "lodged":
        raise Conflict(f"the appeal is {appeal.status}; the deciding body has already decided on it")
    reviewing_body = await _body_of_case(session, data.agenda_item_id) if data.agenda_item_id else None
    check_review(
        lodged_with=appeal.lodged_with_body_id,
        reviewed_by=reviewing_body,
        lodged_on=appeal.lodged_on,
        reviewed_on=data.decided_on,
        today=oslo_date(utcnow()),
    )
    appeal.status = data.outcome
    appeal.reviewed_on, appeal.review_agenda_item_id, appeal.review_note = (
        data.decided_on,
        data.agenda_item_id,
        data.note,
    )
    appeal.version += 1
    appeal.modified_at = utcnow()
    await session.flush()
    return appeal


async def forward(
    *, session: AsyncSession, appeal_id: uuid.UUID, data: ForwardIn, settings_file: Path
) -> LegalityAppeal:
    """MTG-38: an upheld decision is forwarded for legality review; a reversed one is not."""
    appeal = await repository.get(session, LegalityAppeal, appeal_id, for_update=True)
    if appeal.status == "forwarded":
        raise Conflict("the appeal has been forwarded")
    if appeal.status != "upheld":
        raise RuleViolation(
            "only a decision the deciding body has upheld is forwarded for legality review (MTG-38)",
            rule="MTG-38",
            errors=[{"field": "status", "message": f"the appeal is {appeal.status}"}],
        )
    assert appeal.reviewed_on is not None
    if data.forwarded_on < appeal.reviewed_on or data.forwarded_on > oslo_date(utcnow()):
        raise InvalidInput(
            "forwarded after the body upheld its decision, and not in the future",
            errors=[{"field": "forwarded_on", "message": f"between {appeal.reviewed_on} and today"}],
        )
    rules = RuleBook(load_municipality(settings_file), "meetings", AppealRules).at(data.forwarded_on)
    appeal.status, appeal.forwarded_on = "forwarded", data.forwarded_on
    appeal.forwarded_to = data.to or rules.legality_review_authority
    appeal.version += 1
    appeal.modified_at = utcnow()
    await session.flush()
    return appeal
