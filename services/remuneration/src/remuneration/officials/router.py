from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Forbidden, NotFound, PreconditionFailed, problem_responses
from folkevalgt_shared.inputs import BoundedDate
from folkevalgt_shared.preconditions import etag
from remuneration import computation
from remuneration.computation import RulesDep
from remuneration.deps import ClockDep, IfMatch, Reader, self_or_administration
from remuneration.domain.benefits import BenefitHeld, benefits_held
from remuneration.domain.model import format_nok
from remuneration.officials import service
from remuneration.officials.models import OfficialProfile
from remuneration.officials.schemas import (
    BenefitOut,
    OfficeHeld,
    OfficialIn,
    OfficialOut,
    PensionLossOut,
    SickPayOut,
    TermsOut,
)

router = APIRouter(prefix="/officials", tags=["officials"])


@router.get(
    "/{person_id}", responses=problem_responses(Forbidden, NotFound), summary="An official's earner category profile"
)
async def get_official(
    person_id: uuid.UUID, response: Response, session: ReadSessionDep, principal: Reader
) -> OfficialOut:
    """The ETag is the profile's version, for If-Match on PUT."""
    self_or_administration(principal, person_id)
    profile = await session.get(OfficialProfile, person_id)
    if profile is None:
        raise NotFound("no earner category is recorded for this person")
    response.headers.update(etag(profile.version))
    return OfficialOut.model_validate(profile)


@router.put(
    "/{person_id}",
    responses=problem_responses(Forbidden, PreconditionFailed),
    summary="Set an official's earner category (by the official or the administration; audited; If-Match)",
)
async def put_official(
    person_id: uuid.UUID,
    data: OfficialIn,
    response: Response,
    session: SessionDep,
    principal: Reader,
    if_match: IfMatch,
) -> OfficialOut:
    self_or_administration(principal, person_id)
    profile = await service.set_earner_category(
        session=session, person_id=person_id, category=data.earner_category, principal=principal, if_match=if_match
    )
    response.headers.update(etag(profile.version))
    return OfficialOut.model_validate(profile)


@router.get(
    "/{person_id}/terms",
    responses=problem_responses(Forbidden),
    summary="An official's other terms on a day: sick pay and pension loss (REM-11), benefits in kind (REM-50 §8)",
)
async def official_terms(
    person_id: uuid.UUID,
    session: ReadSessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Reader,
    on: Annotated[BoundedDate | None, Query(description="The day (Oslo); default today")] = None,
) -> TermsOut:
    self_or_administration(principal, person_id)
    day = on or oslo_date(clock())
    offices = [o for o in await computation.offices_between(session, day, day) if o.person_id == person_id]
    settings = rules.at(day)
    terms = settings.mayor_terms
    mayor = bool({o.role for o in offices} & terms.roles)
    return TermsOut(
        person_id=person_id,
        on=day,
        offices=[OfficeHeld(body_key=o.body_key, body_type=o.body_type, role=o.role) for o in offices],
        sick_pay=SickPayOut(
            weeks=terms.sick_pay_weeks, leave_reasons=sorted(terms.sick_pay_leave_reasons), basis=terms.sick_pay_basis
        )
        if mayor
        else None,
        pension_loss=PensionLossOut() if mayor and terms.pension_loss_compensated else None,
        benefits_in_kind=[_benefit(held) for held in benefits_held(settings, offices, day)],
    )


def _benefit(held: BenefitHeld) -> BenefitOut:
    taxation = held.taxation
    value = taxation.yearly_value if taxation is not None else None
    return BenefitOut(
        label=held.benefit.label,
        rule=held.benefit.rule,
        kind=held.benefit.kind,
        reportable=taxation.reportable if taxation is not None else None,
        yearly_value=format_nok(value) if value is not None else None,
        reporting_code=taxation.reporting_code if taxation is not None else None,
        basis=taxation.basis if taxation is not None else None,
    )
