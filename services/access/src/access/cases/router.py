from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from access.audit import service as audit
from access.cases import service
from access.cases.models import AccessCase
from access.cases.schemas import CaseIn, CaseOut, CasePage, CasePatch
from access.db import register
from access.decisions import service as decisions
from access.deps import ClockDep, Reader, Writer, acts_for_anyone, person_for
from access.domain.decision import CaseDecider
from access.http import IfMatch, set_etag
from access.rules import RulesDep
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, PreconditionFailed, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.pagination import PageParams, paginate_rows
from folkevalgt_shared.preconditions import parse_if_match

router = APIRouter(tags=["cases"])
WRITE_ERRORS = problem_responses(InvalidInput, Conflict, NotFound, PreconditionFailed, Forbidden)


async def case_out(session: Any, case: AccessCase, now: Any) -> CaseOut:
    return _case_out(case, await service.presentations(session, case.case_number), now)


def _case_out(case: AccessCase, shown: list[Any], now: Any) -> CaseOut:
    return CaseOut.model_validate(
        {
            **{c.key: getattr(case, c.key) for c in AccessCase.__table__.columns},
            "stage": decisions.stage(case, now),
            "presentations": [
                {"meeting_id": p.meeting_id, "body_key": p.body_key, "presented_at": p.presented_at, "closed": p.closed}
                for p in shown
            ],
        }
    )


@router.post(
    "/cases",
    status_code=201,
    response_model=CaseOut,
    responses=WRITE_ERRORS,
    summary="Register a case (sak) from the case-management system: remit, competition group, finished (ACC-11)",
)
async def register_case(
    data: CaseIn, idempotency: IdempotencyDep, session: SessionDep, rules: RulesDep, clock: ClockDep, principal: Writer
) -> Response:
    async def produce() -> CaseOut:
        now = clock()
        bodies = await service.known_bodies(session, register)
        case = await service.register_case(
            session=session, data=data, policy=rules.at(oslo_date(now)), bodies=bodies, actor=principal.subject, now=now
        )
        return await case_out(session, case, now)

    return await idempotency.respond(principal, produce)


@router.get("/cases", response_model=CasePage, summary="Cases known to the access service (case-management system)")
async def list_cases(
    request: Request, session: ReadSessionDep, clock: ClockDep, _: Writer, page: PageParams
) -> CasePage:
    cases, next_url = await paginate_rows(session, select(AccessCase), request=request, model=_Keys, page=page)
    now = clock()
    shown = await service.presentations_of(session, [c.case_number for c in cases])
    return CasePage(items=[_case_out(c, shown.get(c.case_number, []), now) for c in cases], next=next_url)


class _Keys:
    """The keyset columns of the case list."""

    modified_at = AccessCase.modified_at
    id = AccessCase.case_number


@router.get(
    "/cases/{case_number:case_number}",
    responses=problem_responses(NotFound, Forbidden),
    summary="A case's status: under preparation, presented (ACC-10) or finished (ACC-11); its title if yours to see",
)
async def get_case(
    case_number: str, response: Response, session: SessionDep, rules: RulesDep, clock: ClockDep, principal: Reader
) -> dict[str, Any]:
    now = clock()
    if acts_for_anyone(principal):
        case = await service.get(session, case_number)
        set_etag(response, case.version)
        return (await case_out(session, case, now)).model_dump(mode="json")
    person_id = person_for(principal, None)
    case_row, case_facts = await decisions.case_or_404(session, case_number)
    requester = await decisions.load_requester(session, person_id, now)
    decider = CaseDecider(requester, case_facts, now=now, policy=rules.at(oslo_date(now)))
    summary = decisions.case_summary(case_row, decider, now)
    await audit.append(
        session,
        at=now,
        actor=principal.subject,
        action="case_status",
        person_id=person_id,
        case_number=case_number,
        outcome="deny" if summary["title_screened"] else "allow",
        reason="the case's title " + ("is screened from the person" if summary["title_screened"] else "was shown"),
    )
    if summary["stage"] == "under_preparation":
        summary["note"] = (
            "The case is under preparation: you may ask the administration about its procedure and timeline (ACC-31)."
        )
    return summary


@router.patch(
    "/cases/{case_number:case_number}",
    response_model=CaseOut,
    responses=WRITE_ERRORS,
    summary="Change a case: finished, competition group, remit, end of confidentiality (If-Match)",
)
async def update_case(
    case_number: str,
    patch: CasePatch,
    response: Response,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Writer,
    if_match: IfMatch = None,
) -> CaseOut:
    now = clock()
    case = await service.update_case(
        session=session,
        case_number=case_number,
        changes=patch.model_dump(exclude_unset=True),
        if_match=parse_if_match(if_match),
        policy=rules.at(oslo_date(now)),
        bodies=await service.known_bodies(session, register),
        actor=principal.subject,
        now=now,
    )
    set_etag(response, case.version)
    return await case_out(session, case, now)
