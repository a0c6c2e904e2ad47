"""Joint demands by at least three council members (ACC-01): recorded with their signatories."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.audit import service as audit
from access.db import register
from access.deps import ClockDep, Reader, Writer, acts_for_anyone, person_for
from access.domain.model import SEAT_ROLES
from access.grants.schemas import WithdrawIn
from access.joint_demands.models import JointDemand, JointDemandSignatory
from access.joint_demands.schemas import JointDemandIn, JointDemandOut, JointDemandPage
from access.rules import RulesDep
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.pagination import PageParams, paginate_rows

router = APIRouter(prefix="/joint-demands", tags=["joint demands"])
MINIMUM = 3  # ACC-01: "Minst tre medlemmer i kommunestyret"


async def _out(session: AsyncSession, demand: JointDemand) -> JointDemandOut:
    return (await _outs(session, [demand]))[0]


async def _outs(session: AsyncSession, demands: list[JointDemand]) -> list[JointDemandOut]:
    """The demands with their signatories, read in one query for all of them."""
    signed: dict[uuid.UUID, list[uuid.UUID]] = {d.id: [] for d in demands}
    if demands:
        stmt = (
            select(JointDemandSignatory.demand_id, JointDemandSignatory.person_id)
            .where(JointDemandSignatory.demand_id.in_(list(signed)))
            .order_by(JointDemandSignatory.person_id)
        )
        for demand_id, person_id in (await session.execute(stmt)).all():
            signed[demand_id].append(person_id)
    columns = JointDemand.__table__.columns
    return [
        JointDemandOut.model_validate({**{c.key: getattr(d, c.key) for c in columns}, "signatories": signed[d.id]})
        for d in demands
    ]


async def _council_members(
    session: AsyncSession, people: list[uuid.UUID], day: Any, council_types: frozenset[str]
) -> set[uuid.UUID]:
    m = register.membership
    stmt = select(m.c.person_id).where(
        m.c.person_id.in_(people),
        m.c.body_type.in_(sorted(council_types)),
        m.c.role.in_(sorted(SEAT_ROLES)),
        ~m.c.deleted,
        m.c.start_date <= day,
        or_(m.c.end_date.is_(None), m.c.end_date >= day),
    )
    return set((await session.scalars(stmt)).all())


@router.post(
    "",
    status_code=201,
    response_model=JointDemandOut,
    responses=problem_responses(InvalidInput, RuleViolation),
    summary="Record a joint demand for access by at least three council members (ACC-01)",
)
async def record_joint_demand(
    data: JointDemandIn,
    idempotency: IdempotencyDep,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Writer,
) -> Response:
    async def produce() -> JointDemandOut:
        now = clock()
        if data.demanded_on > oslo_date(now):
            raise InvalidInput(
                "a demand is recorded once made", errors=[{"field": "demanded_on", "message": "in the future"}]
            )
        people = list(dict.fromkeys(data.signatories))
        if len(people) < MINIMUM:
            raise RuleViolation(
                f"a joint demand needs at least {MINIMUM} council members; {len(people)} signed",
                rule="ACC-01",
                errors=[{"field": "signatories", "message": f"at least {MINIMUM} different council members"}],
            )
        members = await _council_members(session, people, data.demanded_on, rules.at(data.demanded_on).council_types)
        outsiders = [i for i, p in enumerate(data.signatories) if p not in members]
        if outsiders:
            raise RuleViolation(
                "only members of the municipal council can make a joint demand (deputies are not named)",
                rule="ACC-01",
                errors=[{"field": f"signatories[{i}]", "message": "not a council member that day"} for i in outsiders],
            )
        demand = JointDemand(
            case_numbers=list(data.case_numbers),
            demanded_on=data.demanded_on,
            reference=data.reference,
            recorded_by=principal.subject,
            created_at=now,
            modified_at=now,
        )
        session.add(demand)
        await session.flush()
        session.add_all([JointDemandSignatory(demand_id=demand.id, person_id=p) for p in people])
        await session.flush()
        await audit.append(
            session,
            at=now,
            actor=principal.subject,
            action="joint_demand_recorded",
            rules=["ACC-01"],
            details={"demand_id": demand.id, "signatories": people, "case_numbers": data.case_numbers},
        )
        return await _out(session, demand)

    return await idempotency.respond(principal, produce)


@router.get("", response_model=JointDemandPage, summary="Joint demands: those you signed, or all for the secretariat")
async def list_joint_demands(
    request: Request, session: ReadSessionDep, principal: Reader, page: PageParams, person_id: uuid.UUID | None = None
) -> JointDemandPage:
    stmt = select(JointDemand)
    if person_id is not None or not acts_for_anyone(principal):
        signed = select(JointDemandSignatory.demand_id).where(
            JointDemandSignatory.person_id == person_for(principal, person_id)
        )
        stmt = stmt.where(JointDemand.id.in_(signed))
    rows, next_url = await paginate_rows(session, stmt, request=request, model=JointDemand, page=page)
    return JointDemandPage(items=await _outs(session, list(rows)), next=next_url)


@router.post(
    "/{demand_id}/withdraw",
    response_model=JointDemandOut,
    responses=problem_responses(NotFound, Conflict, Forbidden),
    summary="Withdraw a joint demand (recorded in error, or withdrawn by its signatories)",
)
async def withdraw_joint_demand(
    demand_id: uuid.UUID,
    data: WithdrawIn,
    session: SessionDep,
    clock: ClockDep,
    principal: Writer,
    idempotency: IdempotencyDep,
) -> Response:
    async def produce() -> JointDemandOut:
        now = clock()
        demand = await session.get(JointDemand, demand_id, with_for_update=True)
        if demand is None:
            raise NotFound(f"no joint demand {demand_id}")
        if demand.withdrawn_at is not None:
            raise Conflict("the joint demand is withdrawn already")
        demand.withdrawn_at, demand.withdrawn_by, demand.withdraw_reason = now, principal.subject, data.reason
        demand.version, demand.modified_at = demand.version + 1, now
        await session.flush()
        await audit.append(
            session,
            at=now,
            actor=principal.subject,
            action="joint_demand_withdrawn",
            rules=["ACC-01"],
            reason=data.reason,
            details={"demand_id": demand.id},
        )
        return await _out(session, demand)

    return await idempotency.respond(principal, produce)
