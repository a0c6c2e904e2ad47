from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from access.cases.schemas import CaseNumber
from access.decisions.schemas import DecisionOut


class RequestIn(BaseModel):
    """A request for access (innsynskrav) to one document or a whole case, or a question about a case under
    preparation (ACC-31). Disclose, unprompted, anything that may disqualify you (ACC-42)."""

    model_config = ConfigDict(extra="forbid")
    person_id: UUID | None = Field(default=None, description="Whose request; default the caller (an official)")
    case_number: CaseNumber
    document_id: UUID | None = Field(default=None, description="One document (this service's id); none: the whole case")
    external_id: str | None = Field(default=None, min_length=1, max_length=200, description="…or its archive id")
    disclosure: str | None = Field(
        default=None, min_length=5, max_length=4000, description="ACC-42: circumstances that may disqualify you"
    )
    question: str | None = Field(
        default=None, min_length=5, max_length=4000, description="ACC-31: a question about a case under preparation"
    )

    @model_validator(mode="after")
    def _one_thing(self) -> RequestIn:
        if self.document_id is not None and self.external_id is not None:
            raise ValueError("name the document by document_id or by external_id, not both")
        if self.question is not None and (self.document_id is not None or self.external_id is not None):
            raise ValueError("a question concerns a case, not a document")
        return self


class RequestDocument(BaseModel):
    document_id: UUID
    external_id: str | None = None
    title: str | None = None
    title_screened: bool = False
    document_date: date | None = None
    listed: bool = Field(default=True, description="False only in the secretariat's view: hidden from the person")
    decision: DecisionOut


class RequestOut(BaseModel):
    id: UUID
    person_id: UUID
    case_number: str
    document_id: UUID | None
    kind: Literal["documents", "question"]
    status: Literal["decided", "pending", "answered"]
    awaiting: Literal["assessment", "mayor", "answer"] | None = Field(
        description="Whom a pending request waits for: the administration's assessment (ACC-42), the mayor (ACC-42), "
        "an answer (ACC-31)"
    )
    received_at: datetime
    due_at: datetime = Field(description="ACC-30: the service level for handling it without undue delay")
    overdue: bool
    decided_at: datetime | None
    outcome: Literal["allow", "deny", "partial"] | None
    scope: Literal["full", "redacted", "metadata", "none"] | None
    rules: list[str]
    reason: str | None = None
    documents: list[RequestDocument]
    disclosure: str | None
    question: str | None
    assessment: str | None
    answer: str | None
    version: int
    modified_at: datetime


class RequestPage(BaseModel):
    items: list[RequestOut]
    next: str | None


class OverdueOut(BaseModel):
    """For operators: which requests are late, not what they are about."""

    id: UUID
    person_id: UUID
    case_number: str
    kind: str
    awaiting: str | None
    received_at: datetime
    due_at: datetime


class AssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    disqualified: StrictBool = Field(description="The administration's assessment of the disclosure (ACC-42)")
    reason: str = Field(min_length=5, max_length=4000)


class DisputeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=5, max_length=4000, description="Why you disagree with the assessment (ACC-42)")


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: str = Field(
        min_length=5, max_length=8000, description="ACC-31: a short account of the procedure and timeline"
    )
