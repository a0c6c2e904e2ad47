"""Requests for access and their handling (ACC-30, ACC-31, ACC-42): decided at once when the rules decide,
pending when a person must act, each with a received and a due time; decisions are published and audited."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.audit import service as audit
from access.decisions import facts
from access.decisions import service as decisions
from access.decisions.schemas import decision_out
from access.deps import acts_for_anyone
from access.domain.model import Decision, Outcome
from access.domain.policy import Policy
from access.domain.requests import Awaiting, RequestStatus, due_at, is_overdue, overall
from access.facts.models import Disqualification
from access.references import require_people, unknown
from access.requests.models import AccessRequest
from access.requests.schemas import RequestIn
from folkevalgt_shared.auth import Principal
from folkevalgt_shared.contracts import AccessDeniedV1, AccessGrantedV1
from folkevalgt_shared.errors import Conflict, NotFound
from folkevalgt_shared.events.outbox import EventPublisher

NOTHING_TO_SEE = "There is no document under this reference that you may see."


async def submit(
    *,
    session: AsyncSession,
    data: RequestIn,
    person_id: uuid.UUID,
    principal: Principal,
    policy: Policy,
    publisher: EventPublisher,
    now: datetime,
) -> AccessRequest:
    kind = "question" if data.question is not None else "documents"
    secretariat = acts_for_anyone(principal)
    if secretariat:  # an official asks for themself, whom the token names
        await require_people(session, [("person_id", data.person_id)])
    if kind == "documents" and await facts.load_case(session, data.case_number) is None:
        raise unknown("case_number", f"no case {data.case_number!r} is known to the access service")
    document_id = await _document_named(session, data, secretariat=secretariat)
    request = AccessRequest(
        person_id=person_id,
        case_number=data.case_number,
        document_id=document_id,
        kind=kind,
        disclosure=data.disclosure,
        question=data.question,
        status=RequestStatus.PENDING.value,
        received_at=now,
        due_at=due_at(now, policy.request_due_working_days),
        rules=[],
        decisions=[],
        created_at=now,
        modified_at=now,
    )
    if kind == "question":
        request.awaiting, request.rules = Awaiting.ANSWER.value, ["ACC-31"]
    elif data.disclosure is not None:
        request.awaiting, request.rules = Awaiting.ASSESSMENT.value, ["ACC-42"]
    session.add(request)
    await session.flush()
    await audit.append(
        session,
        at=now,
        actor=principal.subject,
        action="request_received",
        person_id=person_id,
        case_number=data.case_number,
        document_id=document_id,
        rules=request.rules,
        details={
            "request_id": request.id,
            "kind": kind,
            "disclosed": data.disclosure is not None,
            "due_at": request.due_at,
        },
    )
    if request.awaiting is None:
        await decide(
            session=session, request=request, policy=policy, publisher=publisher, now=now, actor=principal.subject
        )
    return request


async def _document_named(session: AsyncSession, data: RequestIn, *, secretariat: bool) -> uuid.UUID | None:
    """The document asked for. For an official, an unknown one, or one of another case, is asked for like a
    hidden one: the answer must not tell a screened document from none (ACC-71). The secretariat and the
    case-management system see every document, so for them an unknown one is named (422)."""
    if data.document_id is None and data.external_id is None:
        return None
    rows = await facts.document_rows(
        session, [data.document_id] if data.document_id else [], [data.external_id] if data.external_id else []
    )
    row = next((r for r in rows if r.case_number == data.case_number), None)
    if row is None and secretariat:
        field = "document_id" if data.document_id is not None else "external_id"
        raise unknown(field, f"no document {data.document_id or data.external_id} in case {data.case_number!r}")
    return row.id if row is not None else uuid.UUID(int=0)


async def decide(
    *,
    session: AsyncSession,
    request: AccessRequest,
    policy: Policy,
    publisher: EventPublisher,
    now: datetime,
    actor: str,
) -> None:
    """Decides the request by the rules now, records every decision, answers with what the person may know of."""
    if request.document_id is None:
        result = await decisions.decide_case(
            session, person_id=request.person_id, case_number=request.case_number, now=now, policy=policy
        )
        decided = result.decided
    else:
        rows = await facts.document_rows(session, [request.document_id])
        decided = await decisions.decide_rows(session, person_id=request.person_id, rows=rows, now=now, policy=policy)
    visible = [d for d in decided if d.decision.listed]
    outcome, scope, rules = overall([d.decision for d in visible])
    request.status, request.awaiting, request.decided_at = RequestStatus.DECIDED.value, None, now
    request.outcome, request.scope, request.rules = outcome.value, scope.value, list(rules)
    request.decisions = [{**_entry(d.row, d.decision), "listed": d.decision.listed} for d in decided]
    request.version, request.modified_at = request.version + 1, now
    await session.flush()
    reason = _reason(outcome, [d.decision for d in visible])
    await audit.append(
        session,
        at=now,
        actor=actor,
        action="request_decided",
        person_id=request.person_id,
        case_number=request.case_number,
        document_id=request.document_id,
        outcome=outcome.value,
        rules=rules,
        reason=reason,
        details={"request_id": request.id, **decisions.audit_details(decided)},
    )
    event = AccessGrantedV1 if outcome in (Outcome.ALLOW, Outcome.PARTIAL) else AccessDeniedV1
    await publisher.publish(
        session,
        event(
            request_id=request.id,
            person_id=request.person_id,
            case_number=request.case_number,
            document_ids=[d.row.id for d in visible],
            outcome=outcome.value,
            scope=scope.value,
            rules=list(rules),
            reason=reason,
            decided_at=now,
        ),
        subject=str(request.id),
    )


def _entry(row: Any, decision: Decision) -> dict[str, Any]:
    listed = decisions.listed_document(row, decision)
    return {
        "document_id": str(row.id),
        "external_id": row.external_id,
        "title": listed["title"],
        "title_screened": listed["title_screened"],
        "document_date": row.document_date.isoformat() if row.document_date else None,
        "decision": decision_out(decision),
    }


def _reason(outcome: Outcome, visible: Sequence[Decision]) -> str:
    if not visible:
        return NOTHING_TO_SEE
    if len(visible) == 1:
        return visible[0].reason
    allowed = sum(1 for d in visible if d.outcome is Outcome.ALLOW)
    partly = sum(1 for d in visible if d.outcome is Outcome.PARTIAL)
    return f"{allowed} of {len(visible)} documents in full, {partly} redacted; see each document's decision."


def view(request: AccessRequest, *, secretariat: bool, now: datetime) -> dict[str, Any]:
    """The request as its reader may see it: the person only what they may know of (ACC-71)."""
    documents = [d for d in request.decisions if secretariat or d.get("listed", True)]
    if not secretariat:
        documents = [{k: v for k, v in d.items() if k != "listed"} for d in documents]
    reason = None
    if request.status == RequestStatus.DECIDED.value:
        shown = [d["decision"] for d in request.decisions if d.get("listed", True)]
        reason = shown[0]["reason"] if len(shown) == 1 else (NOTHING_TO_SEE if not shown else None)
    return {
        "id": request.id,
        "person_id": request.person_id,
        "case_number": request.case_number,
        "document_id": request.document_id if request.document_id != uuid.UUID(int=0) else None,
        "kind": request.kind,
        "status": request.status,
        "awaiting": request.awaiting,
        "received_at": request.received_at,
        "due_at": request.due_at,
        "overdue": is_overdue(RequestStatus(request.status), request.due_at, now),
        "decided_at": request.decided_at,
        "outcome": request.outcome,
        "scope": request.scope,
        "rules": request.rules,
        "reason": reason,
        "documents": documents,
        "disclosure": request.disclosure,
        "question": request.question,
        "assessment": request.assessment,
        "answer": request.answer,
        "version": request.version,
        "modified_at": request.modified_at,
    }


async def get(session: AsyncSession, request_id: uuid.UUID, *, for_update: bool = False) -> AccessRequest:
    stmt = select(AccessRequest).where(AccessRequest.id == request_id)
    request = (await session.scalars(stmt.with_for_update() if for_update else stmt)).first()
    if request is None:
        raise NotFound(f"no request {request_id}")
    return request


def _awaiting(request: AccessRequest, awaiting: Awaiting) -> None:
    if request.status != RequestStatus.PENDING.value or request.awaiting != awaiting.value:
        raise Conflict(
            f"the request is {request.status}"
            + (f", awaiting {request.awaiting}" if request.awaiting else "")
            + f": not awaiting {awaiting.value}"
        )


async def assess(
    *,
    session: AsyncSession,
    request_id: uuid.UUID,
    disqualified: bool,
    reason: str,
    policy: Policy,
    publisher: EventPublisher,
    actor: str,
    now: datetime,
) -> AccessRequest:
    """ACC-42: the administration assesses a disclosure; the request is then decided by the rules."""
    request = await get(session, request_id, for_update=True)
    _awaiting(request, Awaiting.ASSESSMENT)
    request.assessment = reason
    if disqualified:
        session.add(
            Disqualification(
                person_id=request.person_id,
                case_number=request.case_number,
                source="administration",
                origin=str(request.id),
                ground=reason,
                decided_at=now,
                decided_by=actor,
            )
        )
    await audit.append(
        session,
        at=now,
        actor=actor,
        action="disclosure_assessed",
        person_id=request.person_id,
        case_number=request.case_number,
        rules=["ACC-42"],
        reason=reason,
        details={"request_id": request.id, "disqualified": disqualified},
    )
    request.status, request.awaiting = RequestStatus.DECIDED.value, None  # the disclosure no longer waits
    await session.flush()
    await decide(session=session, request=request, policy=policy, publisher=publisher, now=now, actor=actor)
    return request


async def dispute(
    *, session: AsyncSession, request_id: uuid.UUID, reason: str, policy: Policy, actor: str, now: datetime
) -> AccessRequest:
    """ACC-42: the official disagrees with the administration's assessment: the mayor decides the question."""
    request = await get(session, request_id, for_update=True)
    assessed = (
        await session.scalars(
            select(Disqualification).where(
                Disqualification.person_id == request.person_id,
                Disqualification.case_number == request.case_number,
                Disqualification.source == "administration",
                Disqualification.overruled_by.is_(None),
            )
        )
    ).first()
    if request.status != RequestStatus.DECIDED.value or assessed is None:
        raise Conflict("only a request refused on the administration's assessment of disqualification can be disputed")
    request.status, request.awaiting = RequestStatus.PENDING.value, Awaiting.MAYOR.value
    request.due_at = due_at(now, policy.request_due_working_days)
    request.overdue_at = None
    request.version, request.modified_at = request.version + 1, now
    await session.flush()
    await audit.append(
        session,
        at=now,
        actor=actor,
        action="assessment_disputed",
        person_id=request.person_id,
        case_number=request.case_number,
        rules=["ACC-42"],
        reason=reason,
        details={"request_id": request.id, "due_at": request.due_at},
    )
    return request


async def answer(
    *, session: AsyncSession, request_id: uuid.UUID, text: str, actor: str, now: datetime
) -> AccessRequest:
    """ACC-31: a question about a case under preparation, answered with its procedure and timeline."""
    request = await get(session, request_id, for_update=True)
    _awaiting(request, Awaiting.ANSWER)
    request.status, request.awaiting, request.answer, request.answered_by = (
        RequestStatus.ANSWERED.value,
        None,
        text,
        actor,
    )
    request.decided_at = now
    request.version, request.modified_at = request.version + 1, now
    await session.flush()
    await audit.append(
        session,
        at=now,
        actor=actor,
        action="question_answered",
        person_id=request.person_id,
        case_number=request.case_number,
        rules=["ACC-31"],
        details={"request_id": request.id},
    )
    return request
