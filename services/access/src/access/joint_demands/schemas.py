from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from access.cases.schemas import CaseNumber
from folkevalgt_shared.inputs import BoundedDate


class JointDemandIn(BaseModel):
    """A demand for access by at least three council members (ACC-01); deputies cannot sign."""

    model_config = ConfigDict(extra="forbid")
    signatories: list[UUID] = Field(max_length=100, description="The council members who demand it (at least three)")
    case_numbers: list[CaseNumber] = Field(min_length=1, max_length=500, description="The cases whose documents")
    demanded_on: BoundedDate
    reference: str | None = Field(default=None, max_length=200, description="The demand's journal reference")


class JointDemandOut(JointDemandIn):
    model_config = ConfigDict(extra="ignore")
    id: UUID
    recorded_by: str
    created_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdraw_reason: str | None
    version: int
    modified_at: datetime


class JointDemandPage(BaseModel):
    items: list[JointDemandOut]
    next: str | None
