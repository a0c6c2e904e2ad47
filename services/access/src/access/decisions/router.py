"""What a person may see: a case's documents as they may see them, and decisions for the case-management
system. Every decision is audited (ACC-70)."""

from __future__ import annotations

import base64
import uuid
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Response

from access.decisions import facts
from access.decisions import service as decisions
from access.decisions.schemas import BatchIn, BatchOut, CaseDocumentsOut, DocumentDecisionOut
from access.deps import ClockDep, Decider, Reader, person_for
from access.http import DOCUMENTS_SEGMENT
from access.references import require_people
from access.rules import RulesDep
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Forbidden, InvalidInput, NotFound, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep

router = APIRouter(tags=["decisions"])
MAX_LISTING = 1000


def _cursor(document_id: Any) -> str:
    return base64.urlsafe_b64encode(str(document_id).encode()).decode().rstrip("=")


def _after(cursor: str) -> str:
    try:
        return str(uuid.UUID(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            "the cursor is not one this API issued", errors=[{"field": "cursor", "message": "invalid cursor"}]
        ) from exc


@router.get(
    f"/cases/{{case_number:case_number}}/{DOCUMENTS_SEGMENT}",
    response_model=CaseDocumentsOut,
    responses=problem_responses(NotFound, Forbidden, InvalidInput),
    summary="A case's documents as the caller may see them, each with its decision (ACC-10, ACC-60, ACC-71)",
)
async def case_documents(
    case_number: str,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Reader,
    person: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LISTING)] = MAX_LISTING,
    cursor: str | None = None,
) -> Response:
    """The oversikt over a case's documents (ACC-10). A document whose title is screened and which the
    person may not see is neither listed nor counted (ACC-71); others are listed with their decision.
    The case-management system may ask on behalf of a person (`person`)."""
    person_id = person_for(principal, person)
    now = clock()
    result = await decisions.decide_case(
        session, person_id=person_id, case_number=case_number, now=now, policy=rules.at(oslo_date(now))
    )
    listed = [d for d in result.decided if d.decision.listed]
    start = 0
    if cursor:
        after = _after(cursor)
        start = next((i + 1 for i, d in enumerate(listed) if str(d.row.id) == after), len(listed))
    page = listed[start : start + limit]
    more = start + limit < len(listed)
    await decisions.audit_decisions(
        session,
        at=now,
        actor=principal.subject,
        action="list_case_documents",
        person_id=person_id,
        case_number=case_number,
        decided=result.decided,
    )
    body = {
        "case": decisions.case_summary(result.case_row, result.decider, now),
        "person_id": person_id,
        "decided_at": now,
        "count": len(listed),
        "items": [decisions.listed_document(d.row, d.decision) for d in page],
        "next": None,
    }
    if more:
        body["next"] = f"?limit={limit}&cursor={_cursor(page[-1].row.id)}" + (f"&person={person}" if person else "")
    return Response(orjson.dumps(body, default=str), media_type="application/json")


@router.get(
    "/decisions",
    response_model=DocumentDecisionOut,
    responses=problem_responses(NotFound, InvalidInput, Forbidden),
    summary='"May this person see this document?" for the case-management system (ACC-70)',
)
async def decide_one(
    person: uuid.UUID,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Decider,
    document: uuid.UUID | None = None,
    external_id: str | None = None,
) -> dict[str, Any]:
    if (document is None) == (external_id is None):
        raise InvalidInput(
            "name the document by `document` (this service's id) or by `external_id`, one of them",
            errors=[{"field": "document", "message": "exactly one of document, external_id"}],
        )
    rows = await facts.document_rows(session, [document] if document else [], [external_id] if external_id else [])
    if not rows:
        raise NotFound("no such document is known to the access service")
    now = clock()
    decided = await decisions.decide_rows(
        session, person_id=person, rows=rows, now=now, policy=rules.at(oslo_date(now))
    )
    await decisions.audit_decisions(
        session, at=now, actor=principal.subject, action="decide", person_id=person, case_number=None, decided=decided
    )
    return _item(decided[0])


@router.post(
    "/decisions/batch",
    response_model=BatchOut,
    responses=problem_responses(InvalidInput, NotFound, Forbidden),
    summary="Decisions for many documents at once, for one person (ACC-70)",
)
async def decide_batch(
    data: BatchIn,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Decider,
    idempotency: IdempotencyDep,
) -> Response:
    """With an Idempotency-Key a retry gets the decisions first made (and audited), not a second set."""
    wanted = [("document_ids", str(i)) for i in data.document_ids] + [("external_ids", e) for e in data.external_ids]
    if not wanted:
        raise InvalidInput("no documents named", errors=[{"field": "document_ids", "message": "empty"}])

    async def produce() -> BatchOut:
        await require_people(session, [("person_id", data.person_id)])
        rows = await facts.document_rows(session, data.document_ids, data.external_ids)
        by_id = {str(r.id): r for r in rows}
        by_external = {r.external_id: r for r in rows if r.external_id is not None}
        ordered, errors = [], []
        counters = {"document_ids": 0, "external_ids": 0}
        for field, key in wanted:
            index = counters[field]
            counters[field] += 1
            row = by_id.get(key) if field == "document_ids" else by_external.get(key)
            if row is None:
                errors.append({"field": f"body.{field}.{index}", "message": f"no document {key!r}"})
            else:
                ordered.append(row)
        if errors:
            raise InvalidInput("some documents are not known to the access service", errors=errors)
        now = clock()
        decided = await decisions.decide_rows(
            session, person_id=data.person_id, rows=ordered, now=now, policy=rules.at(oslo_date(now))
        )
        await decisions.audit_decisions(
            session,
            at=now,
            actor=principal.subject,
            action="decide_batch",
            person_id=data.person_id,
            case_number=None,
            decided=decided,
        )
        return BatchOut.model_validate(
            {"person_id": data.person_id, "decided_at": now, "items": [_item(d) for d in decided]}
        )

    return await idempotency.respond(principal, produce)


def _item(d: decisions.Decided) -> dict[str, Any]:
    return {
        "document_id": d.row.id,
        "external_id": d.row.external_id,
        "case_number": d.row.case_number,
        "decision": decisions.decision_out(d.decision),
    }
