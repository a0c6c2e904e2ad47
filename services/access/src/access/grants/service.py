"""Grants by a body (ACC-04 demand, ACC-05, ACC-21), recorded by the secretariat with their decision reference
and checked against what the meetings service published (decision.made), then and whenever it arrives."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.audit import service as audit
from access.db import register
from access.decisions import facts
from access.domain.grants import PublishedDecision, check_grant, status_against
from access.domain.model import GrantKind, GrantStatus
from access.domain.policy import Policy
from access.facts.models import PublishedDecision as PublishedRow
from access.grants.models import Grant
from access.grants.schemas import GrantIn
from access.references import require_people
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation

RULE = {GrantKind.MAJORITY: "ACC-21", GrantKind.THIRD: "ACC-05", GrantKind.BODY_DEMAND: "ACC-04"}


def _published(row: PublishedRow) -> PublishedDecision:
    return PublishedDecision(
        vote_event_id=str(row.vote_event_id),
        body_key=row.body_key,
        case_number=row.case_number,
        adopted=row.adopted,
        votes_for=row.votes_for,
        body_seats=row.body_seats,
    )


async def _decision_named(session: AsyncSession, data: GrantIn) -> PublishedRow | None:
    """The published decision the grant names: by its vote, or the one decision in that meeting and case."""
    if data.vote_event_id is not None:
        row = await session.get(PublishedRow, data.vote_event_id)
        if row is not None and (
            (data.meeting_id is not None and row.meeting_id != data.meeting_id)
            or (data.case_number is not None and row.case_number != data.case_number)
        ):
            raise InvalidInput(
                "the vote named was not cast in that meeting and case",
                errors=[{"field": "vote_event_id", "message": "another meeting or case"}],
            )
        return row
    if data.meeting_id is None or data.case_number is None:
        return None
    rows = (
        await session.scalars(
            select(PublishedRow).where(
                PublishedRow.meeting_id == data.meeting_id, PublishedRow.case_number == data.case_number
            )
        )
    ).all()
    if len(rows) > 1:
        raise InvalidInput(
            "several votes were cast in that case in that meeting: name the one that decided the grant",
            errors=[{"field": "vote_event_id", "message": "required: more than one vote"}],
        )
    return rows[0] if rows else None


async def _seated_role(session: AsyncSession, person_id: uuid.UUID, body_key: str, day: date) -> set[str]:
    m = register.membership
    stmt = select(m.c.role).where(
        m.c.person_id == person_id,
        m.c.body_key == body_key,
        ~m.c.deleted,
        m.c.start_date <= day,
        or_(m.c.end_date.is_(None), m.c.end_date >= day),
    )
    return set((await session.scalars(stmt)).all())


def _shape(data: GrantIn, bodies: set[str]) -> None:
    kind = GrantKind(data.kind)
    errors: list[dict[str, str]] = []
    if kind in (GrantKind.MAJORITY, GrantKind.BODY_DEMAND) and data.case_number is None:
        errors.append({"field": "case_number", "message": "the concrete case the body treats is required"})
    if kind is GrantKind.THIRD and data.target_body is None:
        errors.append({"field": "target_body", "message": "whose documents the body decided access to"})
    if kind is GrantKind.THIRD and data.target_body == data.body_key:
        errors.append({"field": "target_body", "message": "another body's documents: its own are in its remit"})
    if kind is GrantKind.BODY_DEMAND and not (data.case_numbers or data.document_ids):
        errors.append({"field": "case_numbers", "message": "the documents or cases demanded are required"})
    if kind is GrantKind.BODY_DEMAND and data.chair_id is None:
        errors.append({"field": "chair_id", "message": "the chair registers the body's demand (ACC-04)"})
    if kind is not GrantKind.THIRD and data.target_body is not None:
        errors.append({"field": "target_body", "message": "only for a third's decision (ACC-05)"})
    if kind is GrantKind.MAJORITY and data.case_numbers:
        errors.append({"field": "case_numbers", "message": "a majority grant covers only its own case (ACC-21)"})
    for field in ("body_key", "target_body"):
        value = getattr(data, field)
        if value is not None and value not in bodies:
            errors.append({"field": f"body.{field}", "message": f"unknown body {value!r}"})
    if errors:
        raise InvalidInput("the grant is not complete", errors=errors)


async def _require_references(session: AsyncSession, data: GrantIn) -> None:
    """The chair and the documents the grant names are known here (a 422 naming the field otherwise)."""
    await require_people(session, [("chair_id", data.chair_id)])
    if not data.document_ids:
        return
    known = {r.id for r in await facts.document_rows(session, data.document_ids)}
    errors = [
        {"field": f"body.document_ids.{i}", "message": f"no document {d} is known to the access service"}
        for i, d in enumerate(data.document_ids)
        if d not in known
    ]
    if errors:
        raise InvalidInput("the grant names documents this service does not know", errors=errors)


async def record(
    *, session: AsyncSession, data: GrantIn, policy: Policy, known_bodies: set[str], actor: str, now: datetime
) -> Grant:
    _shape(data, set(policy.remit) | known_bodies)
    kind = GrantKind(data.kind)
    if data.decided_on > oslo_date(now):
        raise InvalidInput(
            "a decision cannot be recorded before it is made",
            errors=[{"field": "decided_on", "message": "in the future"}],
        )
    await _require_references(session, data)
    if kind is GrantKind.BODY_DEMAND:
        assert data.chair_id is not None
        if "chair" not in await _seated_role(session, data.chair_id, data.body_key, data.decided_on):
            raise RuleViolation(
                "the person registering the body's demand is not its chair on the day of the decision",
                rule="ACC-04",
                errors=[{"field": "chair_id", "message": "not the body's chair"}],
            )
    published = await _decision_named(session, data)
    if data.vote_event_id is not None and published is None and policy.grants_need_published_decision:
        raise RuleViolation(
            "the vote named is not published by the meetings service yet",
            rule=RULE[kind],
            errors=[{"field": "vote_event_id", "message": "not published"}],
        )
    seats = data.body_seats or policy.seats.get(data.body_key)
    status = check_grant(
        kind,
        data.body_key,
        _published(published) if published is not None else None,
        votes_for=data.votes_for,
        seats=seats,
    )
    grant = Grant(
        **data.model_dump(exclude={"document_ids", "chair_id", "body_seats", "votes_for", "vote_event_id"}),
        vote_event_id=published.vote_event_id if published is not None else data.vote_event_id,
        document_ids=[str(d) for d in data.document_ids],
        votes_for=published.votes_for if published is not None else data.votes_for,
        body_seats=(published.body_seats if published is not None and published.body_seats else seats)
        if kind is GrantKind.THIRD
        else data.body_seats,
        registered_by_chair=data.chair_id,
        status=status.value,
        recorded_by=actor,
        created_at=now,
        modified_at=now,
    )
    session.add(grant)
    await session.flush()
    await audit.append(
        session,
        at=now,
        actor=actor,
        action="grant_recorded",
        case_number=grant.case_number,
        outcome=None,
        rules=[RULE[kind]],
        reason=f"{grant.body_key}: {grant.decision_ref} ({status.value})",
        details=_audited(grant),
    )
    return grant


async def get(session: AsyncSession, grant_id: uuid.UUID, *, for_update: bool = False) -> Grant:
    stmt = select(Grant).where(Grant.id == grant_id)
    grant = (await session.scalars(stmt.with_for_update() if for_update else stmt)).first()
    if grant is None:
        raise NotFound(f"no grant {grant_id}")
    return grant


async def withdraw(*, session: AsyncSession, grant_id: uuid.UUID, reason: str, actor: str, now: datetime) -> Grant:
    """A grant recorded in error, or a body's decision reversed: it ends now; the record stays."""
    grant = await get(session, grant_id, for_update=True)
    if grant.withdrawn_at is not None:
        raise Conflict("the grant is withdrawn already")
    grant.withdrawn_at, grant.withdrawn_by, grant.withdraw_reason = now, actor, reason
    grant.version, grant.modified_at = grant.version + 1, now
    await session.flush()
    await audit.append(
        session,
        at=now,
        actor=actor,
        action="grant_withdrawn",
        case_number=grant.case_number,
        rules=[RULE[GrantKind(grant.kind)]],
        reason=reason,
        details={"grant_id": grant.id},
    )
    return grant


async def reverify(
    session: AsyncSession, *, meeting_id: uuid.UUID, case_number: str, policy: Policy, now: datetime
) -> None:
    """A decision was published: the grants naming it are checked against it (order-free)."""
    published = (
        await session.scalars(
            select(PublishedRow).where(PublishedRow.meeting_id == meeting_id, PublishedRow.case_number == case_number)
        )
    ).all()
    by_vote = {p.vote_event_id: p for p in published}
    candidates = (
        await session.scalars(
            select(Grant)
            .where(
                Grant.withdrawn_at.is_(None),
                or_(
                    Grant.vote_event_id.in_(list(by_vote)),
                    and_(
                        Grant.vote_event_id.is_(None), Grant.meeting_id == meeting_id, Grant.case_number == case_number
                    ),
                ),
            )
            .with_for_update()
        )
    ).all()
    for grant in candidates:
        named = (
            by_vote.get(grant.vote_event_id) if grant.vote_event_id else (published[0] if len(published) == 1 else None)
        )
        if named is None:
            continue  # several votes and none named: it stays as recorded, for the secretariat to settle
        kind = GrantKind(grant.kind)
        status = (
            GrantStatus.CONTRADICTED
            if named.body_key != grant.body_key
            else status_against(kind, _published(named), grant.body_seats or policy.seats.get(grant.body_key))
        )
        if status.value == grant.status and grant.vote_event_id == named.vote_event_id:
            continue
        grant.status, grant.vote_event_id = status.value, named.vote_event_id
        grant.votes_for = named.votes_for
        grant.version, grant.modified_at = grant.version + 1, now
        await audit.append(
            session,
            at=now,
            actor="events",
            action="grant_checked",
            case_number=grant.case_number,
            rules=[RULE[kind]],
            reason=(
                "the published decision bears the grant out"
                if status is GrantStatus.VERIFIED
                else "the published decision contradicts the grant: it has no effect"
            ),
            details={"grant_id": grant.id, "vote_event_id": named.vote_event_id, "status": status.value},
        )
    await session.flush()


def _audited(grant: Grant) -> dict[str, Any]:
    return {
        "grant_id": grant.id,
        "kind": grant.kind,
        "body_key": grant.body_key,
        "meeting_id": grant.meeting_id,
        "vote_event_id": grant.vote_event_id,
        "target_body": grant.target_body,
        "case_numbers": grant.case_numbers,
        "document_ids": grant.document_ids,
        "votes_for": grant.votes_for,
        "body_seats": grant.body_seats,
        "decided_on": grant.decided_on,
        "status": grant.status,
    }
