from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from access.domain.model import Decision

Outcome = Literal["allow", "deny", "partial"]
ScopeName = Literal["full", "redacted", "metadata", "none"]


class DecisionOut(BaseModel):
    """ACC-70: the outcome, what it covers, the rules that decided it, why, and what would change it."""

    outcome: Outcome
    scope: ScopeName = Field(description="full | redacted (ACC-60) | metadata (the journal entry only) | none (ACC-71)")
    rules: list[str] = Field(description='The rule ids that decided it, e.g. ["ACC-04", "ACC-10", "ACC-22"]')
    reason: str
    would_change: list[str] = Field(description="What would change the outcome, in plain words")


def decision_out(decision: Decision) -> dict[str, Any]:
    return {
        "outcome": decision.outcome.value,
        "scope": decision.scope.value,
        "rules": list(decision.rules),
        "reason": decision.reason,
        "would_change": list(decision.would_change),
    }


class DocumentDecisionOut(BaseModel):
    document_id: UUID
    external_id: str | None
    case_number: str
    decision: DecisionOut


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID
    document_ids: list[UUID] = Field(default_factory=list, max_length=1000)
    external_ids: list[str] = Field(default_factory=list, max_length=1000)


class BatchOut(BaseModel):
    person_id: UUID
    decided_at: datetime
    items: list[DocumentDecisionOut]


class ListedDocument(BaseModel):
    """A document of the case as the caller may see it: what is screened and not theirs to see is left out."""

    id: UUID
    external_id: str | None
    title: str | None = Field(description="Null when the title is screened and the caller sees only a redacted version")
    title_screened: bool
    document_date: date | None
    direction: str | None
    correspondent: str | None
    restriction_code: str | None
    screening_basis: str | None
    screening_scope: str | None
    screening_ends_on: date | None
    decision: DecisionOut


class CaseSummary(BaseModel):
    case_number: str
    title: str | None = Field(description="Null when the case's title is screened from the caller")
    title_screened: bool
    closed: bool
    stage: Literal["under_preparation", "presented", "finished"]
    presented_at: datetime | None
    finished_at: datetime | None


class CaseDocumentsOut(BaseModel):
    case: CaseSummary
    person_id: UUID
    decided_at: datetime
    count: int = Field(
        description="Documents listed; one whose title is screened from the caller is not counted (ACC-71)"
    )
    items: list[ListedDocument]
    next: str | None
