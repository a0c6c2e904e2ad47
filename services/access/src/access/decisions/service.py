"""Decides a person's access to documents from the stored facts, shapes what they may see, and audits it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from access.audit import service as audit
from access.decisions import facts
from access.decisions.schemas import decision_out
from access.domain.decision import CaseDecider
from access.domain.model import Case, Decision, Outcome, Requester, Scope
from access.domain.policy import Policy
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.errors import NotFound

Reader = AsyncSession | AsyncConnection


@dataclass(frozen=True, slots=True)
class Decided:
    row: Any  # the document's stored columns
    decision: Decision


@dataclass(frozen=True, slots=True)
class CaseDecisions:
    case_row: Any
    case: Case
    decider: CaseDecider
    decided: list[Decided]


async def load_requester(db: Reader, person_id: uuid.UUID, now: datetime) -> Requester:
    return await facts.load_requester(db, person_id, oslo_date(now))


async def case_or_404(db: Reader, case_number: str) -> tuple[Any, Case]:
    found = await facts.load_case(db, case_number)
    if found is None:
        raise NotFound(f"no case {case_number!r} is known to the access service")
    return found


async def decide_case(
    db: Reader, *, person_id: uuid.UUID, case_number: str, now: datetime, policy: Policy
) -> CaseDecisions:
    case_row, case = await case_or_404(db, case_number)
    requester = await load_requester(db, person_id, now)
    decider = CaseDecider(requester, case, now=now, policy=policy)
    rows = await facts.documents_of(db, case_number)
    return CaseDecisions(case_row, case, decider, [Decided(r, decider.decide(facts.to_document(r))) for r in rows])


async def decide_rows(
    db: Reader, *, person_id: uuid.UUID, rows: Sequence[Any], now: datetime, policy: Policy
) -> list[Decided]:
    """Decisions for documents of any cases, in the order given (one load of each case's facts)."""
    requester = await load_requester(db, person_id, now)
    deciders: dict[str, CaseDecider] = {}
    out = []
    for row in rows:
        decider = deciders.get(row.case_number)
        if decider is None:
            _, case = await case_or_404(db, row.case_number)
            decider = deciders[row.case_number] = CaseDecider(requester, case, now=now, policy=policy)
        out.append(Decided(row, decider.decide(facts.to_document(row))))
    return out


def stage(case_row: Any, now: datetime) -> str:
    if case_row.presented_at is not None and case_row.presented_at <= now:
        return "presented"
    if case_row.finished_at is not None and case_row.finished_at <= now:
        return "finished"
    return "under_preparation"


def case_summary(case_row: Any, decider: CaseDecider, now: datetime) -> dict[str, Any]:
    """The case as the person may see it: its title only if that title is theirs to see."""
    shows_title = decider.decide_case_title().outcome is Outcome.ALLOW
    title = case_row.title if shows_title else None
    if not shows_title and case_row.public_title:
        title = case_row.public_title
    return {
        "case_number": case_row.case_number,
        "title": title,
        "title_screened": not shows_title,
        "closed": case_row.closed,
        "stage": stage(case_row, now),
        "presented_at": case_row.presented_at,
        "finished_at": case_row.finished_at,
    }


def listed_document(row: Any, decision: Decision) -> dict[str, Any]:
    """The document's entry as the decision lets the person see it (ACC-60, ACC-71)."""
    full = decision.scope is Scope.FULL
    screened = set(row.screened_fields or ())
    title_hidden = not full and ("title" in screened or row.presented_exempt)
    return {
        "id": row.id,
        "external_id": row.external_id,
        "title": (row.public_title if title_hidden else row.title),
        "title_screened": title_hidden,
        "document_date": row.document_date,
        "direction": row.direction,
        "correspondent": row.correspondent if full or "correspondent" not in screened else None,
        "restriction_code": row.restriction_code,
        "screening_basis": row.screening_basis or row.presented_basis,
        "screening_scope": row.screening_scope,
        "screening_ends_on": row.screening_ends_on,
        "decision": decision_out(decision),
    }


def audit_details(decided: Sequence[Decided]) -> dict[str, Any]:
    """Every decision of a listing or batch, grouped by outcome and rules: document ids, never titles."""
    groups: dict[str, list[str]] = defaultdict(list)
    for d in decided:
        groups[f"{d.decision.outcome.value}:{' '.join(d.decision.rules)}"].append(str(d.row.id))
    return {"decisions": dict(groups)}


async def audit_decisions(
    session: AsyncSession,
    *,
    at: datetime,
    actor: str,
    action: str,
    person_id: uuid.UUID,
    case_number: str | None,
    decided: Sequence[Decided],
) -> None:
    if len(decided) == 1:
        d = decided[0]
        await audit.append(
            session,
            at=at,
            actor=actor,
            action=action,
            person_id=person_id,
            case_number=d.row.case_number,
            document_id=d.row.id,
            outcome=d.decision.outcome.value,
            rules=d.decision.rules,
            reason=d.decision.reason,
            details={"scope": d.decision.scope.value},
        )
        return
    counts = {o.value: sum(1 for d in decided if d.decision.outcome is o) for o in Outcome}
    await audit.append(
        session,
        at=at,
        actor=actor,
        action=action,
        person_id=person_id,
        case_number=case_number,
        reason=f"{len(decided)} documents: {counts['allow']} allowed, {counts['partial']} partly, "
        f"{counts['deny']} denied",
        details=audit_details(decided),
    )
