from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from leave.schemas import Strict, Text

BodyKey = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")]
DecisionRef = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]
Category = Literal["health", "work", "family", "education", "other"]


class OfficeLeaveIn(Strict):
    """Søknad om permisjon fra vervet (LEA-60): up to two years, decided by the council."""

    person_id: UUID | None = Field(default=None, description="Default: the caller (the representative themself)")
    start_date: date
    end_date: date = Field(description="The last day on leave; at most two years after the first (LEA-60)")
    body_keys: list[BodyKey] = Field(default_factory=list, description="The bodies it covers; empty: every office")
    reason: Category
    justification: Text


class OfficeDecisionIn(Strict):
    """The council's decision, as the secretariat records it."""

    outcome: Literal["grant", "deny"]
    decision_ref: DecisionRef = Field(description="The council's case, e.g. 'KST 012/26'", examples=["KST 012/26"])
    decided_on: date
    end_date: date | None = Field(default=None, description="Granted for less: an earlier last day")
    note: Text | None = None


class OfficeCutShortIn(Strict):
    """A granted leave cut short by a decision: its new last day."""

    decision_ref: DecisionRef
    decided_on: date
    end_date: date
    note: Text | None = None


class OfficeRevokeIn(Strict):
    """A granted leave revoked by a decision: none of it if it has not started, else it ends yesterday."""

    decision_ref: DecisionRef
    decided_on: date
    note: Text | None = None


class OfficeLeaveOut(Strict):
    id: UUID
    person_id: UUID
    body_keys: list[str]
    reason: str
    justification: str
    requested_start: date
    requested_end: date
    start_date: date
    end_date: date
    status: Literal["pending", "granted", "denied", "withdrawn", "revoked"]
    submitted_by: str
    submitted_at: datetime
    granted_by: str | None
    decision_ref: str | None
    decided_on: date | None
    note: str | None
    published: list[Literal["started", "ended"]] = Field(description="What meetings and remuneration have been told")
    version: int
    modified_at: datetime
