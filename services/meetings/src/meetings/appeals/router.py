from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import select

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Forbidden, RuleViolation, problem_responses
from folkevalgt_shared.types import utcnow
from meetings.appeals.models import LegalityAppeal
from meetings.appeals.schemas import AppealIn, AppealOut
from meetings.domain.appeals import appeal_deadline, check_legality_appeal
from meetings.domain.composition import SEAT_ROLES
from meetings.register import repository
from meetings.register.models import Body, Membership
from meetings.sittings.models import AgendaItem

router = APIRouter(prefix="/legality-appeals", tags=["legality appeals"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]


def _out(appeal: LegalityAppeal) -> AppealOut:
    return AppealOut.model_validate(
        {
            **{c: getattr(appeal, c) for c in AppealOut.model_fields if c != "deadline"},
            "deadline": appeal_deadline(appeal.decided_on),
        }
    )


@router.post(
    "",
    status_code=201,
    responses=problem_responses(RuleViolation, Forbidden),
    summary="Lodge a legality appeal: three or more council members, within three weeks (MTG-38)",
)
async def lodge(data: AppealIn, session: SessionDep, principal: Reader) -> AppealOut:
    if not principal.has(Scope.MEETINGS_WRITE) and principal.subject not in {str(s) for s in data.signatories}:
        raise Forbidden("you may lodge only an appeal you sign")
    if data.agenda_item_id is not None:
        await repository.get(session, AgendaItem, data.agenda_item_id)
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
        id=uuid.uuid4(), lodged_on=today, **{**data.model_dump(), "signatories": [str(s) for s in data.signatories]}
    )
    session.add(appeal)
    await session.flush()
    return _out(appeal)


@router.get("/{appeal_id}", summary="One legality appeal")
async def get_appeal(appeal_id: uuid.UUID, session: SessionDep, _: Reader) -> AppealOut:
    return _out(await repository.get(session, LegalityAppeal, appeal_id))
