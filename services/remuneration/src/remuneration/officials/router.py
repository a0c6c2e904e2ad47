from __future__ import annotations

import uuid

from fastapi import APIRouter

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Forbidden, NotFound, problem_responses
from remuneration.deps import Reader, self_or_administration
from remuneration.officials import service
from remuneration.officials.models import OfficialProfile
from remuneration.officials.schemas import OfficialIn, OfficialOut

router = APIRouter(prefix="/officials", tags=["officials"])


@router.get(
    "/{person_id}", responses=problem_responses(Forbidden, NotFound), summary="An official's earner category profile"
)
async def get_official(person_id: uuid.UUID, session: ReadSessionDep, principal: Reader) -> OfficialOut:
    self_or_administration(principal, person_id)
    profile = await session.get(OfficialProfile, person_id)
    if profile is None:
        raise NotFound("no earner category is recorded for this person")
    return OfficialOut.model_validate(profile)


@router.put(
    "/{person_id}",
    responses=problem_responses(Forbidden),
    summary="Set an official's earner category (by the official or the administration; audited)",
)
async def put_official(person_id: uuid.UUID, data: OfficialIn, session: SessionDep, principal: Reader) -> OfficialOut:
    self_or_administration(principal, person_id)
    profile = await service.set_earner_category(
        session=session, person_id=person_id, category=data.earner_category, principal=principal
    )
    return OfficialOut.model_validate(profile)
