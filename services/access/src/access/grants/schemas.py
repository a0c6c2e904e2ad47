from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from access.cases.schemas import CaseNumber, Code
from folkevalgt_shared.inputs import BoundedDate

Kind = Literal["majority", "third", "body_demand"]


class GrantIn(BaseModel):
    """A body's decision, recorded by the secretariat with its reference.

    - `majority` (ACC-21): the body's majority decision demanding the confidential information of the
      concrete case it treats (`case_number`); optionally only some documents (`document_ids`).
    - `third` (ACC-05): at least a third of the body's members decided access for its own use to another
      body's documents (`target_body`, optionally limited to `case_numbers`); `votes_for` from the minutes.
    - `body_demand` (ACC-04): the body demands documents outside its remit (`case_numbers` and/or
      `document_ids`) for the concrete case it treats (`case_number`); the chair registers it (`chair_id`).
    """

    model_config = ConfigDict(extra="forbid")
    kind: Kind
    body_key: Code
    decision_ref: str = Field(min_length=3, max_length=200, description='e.g. "ADM 012/26, møte 4. mars 2026"')
    decided_on: BoundedDate
    meeting_id: UUID | None = Field(default=None, description="The meeting where the body decided it")
    case_number: CaseNumber | None = Field(default=None, description="The concrete case the body treats")
    vote_event_id: UUID | None = Field(default=None, description="The vote, as the meetings service published it")
    target_body: Code | None = None
    case_numbers: list[CaseNumber] = Field(default_factory=list, max_length=500)
    document_ids: list[UUID] = Field(default_factory=list, max_length=1000)
    votes_for: StrictInt | None = Field(default=None, ge=0, le=1000)
    body_seats: StrictInt | None = Field(default=None, ge=1, le=1000)
    chair_id: UUID | None = Field(default=None, description="ACC-04: the chair who registers the demand for the body")


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=5, max_length=2000)


class GrantOut(BaseModel):
    id: UUID
    kind: Kind
    body_key: str
    decision_ref: str
    decided_on: BoundedDate
    meeting_id: UUID | None
    case_number: str | None
    vote_event_id: UUID | None
    target_body: str | None
    case_numbers: list[str]
    document_ids: list[str]
    votes_for: int | None
    body_seats: int | None
    registered_by_chair: UUID | None
    status: Literal["verified", "unverified", "contradicted"] = Field(
        description="verified against the published decision, not yet published, or contradicted by it (no effect)"
    )
    recorded_by: str
    created_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdraw_reason: str | None
    version: int
    modified_at: datetime


class GrantPage(BaseModel):
    items: list[GrantOut]
    next: str | None
