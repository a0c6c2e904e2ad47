"""Dispute decisions (ACC-42): the mayor decides the question of access when the official and the administration
disagree about disqualification; the deputy mayor decides where the mayor is the official concerned."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Request, Response
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from access.audit import service as audit
from access.db import register
from access.deps import ClockDep, Writer
from access.disputes.models import DisputeDecision
from access.disputes.schemas import DisputeDecisionIn, DisputeDecisionOut, DisputeDecisionPage
from access.domain.requests import Awaiting, RequestStatus
from access.facts.models import Disqualification
from access.references import require_people, unknown
from access.requests import service as requests
from access.rules import RulesDep
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.pagination import PageParams, paginate_rows
from folkevalgt_shared.service import PublisherDep

router = APIRouter(prefix="/dispute-decisions", tags=["dispute decisions"])


async def _roles(session: AsyncSession, person_id: uuid.UUID, day: date) -> set[str]:
    m = register.membership
    stmt = select(m.c.role).where(
        m.c.person_id == person_id,
        ~m.c.deleted,
        m.c.start_date <= day,
        or_(m.c.end_date.is_(None), m.c.end_date >= day),
    )
    return set((await session.scalars(stmt)).all())


@router.post(
    "",
    status_code=201,
    response_model=DisputeDecisionOut,
    responses=problem_responses(InvalidInput, RuleViolation, NotFound, Conflict),
    summary="Record the mayor's decision of a dispute about disqualification (ACC-42)",
)
async def record_dispute_decision(
    data: DisputeDecisionIn,
    idempotency: IdempotencyDep,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Writer,
) -> Response:
    async def produce() -> DisputeDecisionOut:
        now = clock()
        await require_people(session, [("person_id", data.person_id), ("decided_by", data.decided_by)])
        if data.decided_on > oslo_date(now):
            raise InvalidInput("recorded once decided", errors=[{"field": "decided_on", "message": "in the future"}])
        if data.decided_by == data.person_id:
            raise RuleViolation(
                "no one decides their own dispute",
                rule="ACC-42",
                errors=[{"field": "decided_by", "message": "the official concerned"}],
            )
        mayor_concerned = "mayor" in await _roles(session, data.person_id, data.decided_on)
        needed = "deputy_mayor" if mayor_concerned else "mayor"
        if needed not in await _roles(session, data.decided_by, data.decided_on):
            raise RuleViolation(
                f"the question is decided by the {needed.replace('_', ' ')}"
                + (" (the mayor is the official concerned)" if mayor_concerned else ""),
                rule="ACC-42",
                errors=[{"field": "decided_by", "message": f"not the {needed.replace('_', ' ')} that day"}],
            )
        ruled = (
            await session.scalars(
                select(Disqualification.source).where(
                    Disqualification.person_id == data.person_id,
                    Disqualification.case_number == data.case_number,
                    Disqualification.source.in_(["meeting", "proxy"]),
                )
            )
        ).first()
        if ruled is not None and not data.disqualified:
            raise RuleViolation(
                "the official is disqualified by the body's ruling or as a party's proxy: that is not a dispute with "
                "the administration, and the mayor cannot lift it",
                rule="ACC-42",
                errors=[{"field": "disqualified", "message": f"disqualified ({ruled})"}],
            )
        pending = None
        if data.request_id is not None:
            try:
                pending = await requests.get(session, data.request_id, for_update=True)
            except NotFound as exc:
                raise unknown("request_id", f"no request {data.request_id}") from exc
            if pending.person_id != data.person_id or pending.case_number != data.case_number:
                raise InvalidInput(
                    "the request is another official's or another case's",
                    errors=[{"field": "body.request_id", "message": "does not match person_id and case_number"}],
                )
            if pending.status != RequestStatus.PENDING.value or pending.awaiting not in (
                Awaiting.MAYOR.value,
                Awaiting.ASSESSMENT.value,
            ):
                raise Conflict("the request does not await a decision of disqualification")
        decision = DisputeDecision(
            **data.model_dump(),
            decider_role=needed,
            recorded_by=principal.subject,
            recorded_at=now,
        )
        session.add(decision)
        await session.flush()
        if data.disqualified:
            session.add(
                Disqualification(
                    person_id=data.person_id,
                    case_number=data.case_number,
                    source="dispute",
                    origin=str(decision.id),
                    ground=data.reason,
                    decided_at=now,
                    decided_by=str(data.decided_by),
                )
            )
        else:
            await session.execute(
                update(Disqualification)
                .where(
                    Disqualification.person_id == data.person_id,
                    Disqualification.case_number == data.case_number,
                    Disqualification.source.in_(["administration", "dispute"]),
                    Disqualification.overruled_by.is_(None),
                )
                .values(overruled_by=decision.id)
            )
        await audit.append(
            session,
            at=now,
            actor=principal.subject,
            action="dispute_decided",
            person_id=data.person_id,
            case_number=data.case_number,
            rules=["ACC-42"],
            reason=data.reason,
            details={
                "decision_id": decision.id,
                "decided_by": data.decided_by,
                "role": needed,
                "disqualified": data.disqualified,
            },
        )
        if pending is not None:
            pending.status, pending.awaiting = RequestStatus.DECIDED.value, None
            await session.flush()
            await requests.decide(
                session=session,
                request=pending,
                policy=rules.at(oslo_date(now)),
                publisher=publisher,
                now=now,
                actor=principal.subject,
            )
        return DisputeDecisionOut.model_validate(decision, from_attributes=True)

    return await idempotency.respond(principal, produce)


class _Keys:
    modified_at = DisputeDecision.recorded_at
    id = DisputeDecision.id


@router.get("", response_model=DisputeDecisionPage, summary="Dispute decisions (ACC-42)")
async def list_dispute_decisions(
    request: Request, session: ReadSessionDep, _: Writer, page: PageParams, person_id: uuid.UUID | None = None
) -> DisputeDecisionPage:
    stmt = select(DisputeDecision)
    if person_id is not None:
        stmt = stmt.where(DisputeDecision.person_id == person_id)
    rows, next_url = await paginate_rows(session, stmt, request=request, model=_Keys, page=page)
    return DisputeDecisionPage(
        items=[DisputeDecisionOut.model_validate(r, from_attributes=True) for r in rows], next=next_url
    )
