from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from access.cases.schemas import CaseNumber
from folkevalgt_shared.inputs import BoundedDate


class DisputeDecisionIn(BaseModel):
    """The mayor's decision of the question of access when an official and the administration disagree about
    disqualification (ACC-42); the deputy mayor's when the mayor is the official concerned."""

    model_config = ConfigDict(extra="forbid")
    person_id: UUID = Field(description="The official whose disqualification is disputed")
    case_number: CaseNumber
    request_id: UUID | None = Field(default=None, description="The disputed request, decided with it")
    decided_by: UUID = Field(description="The mayor, or the deputy mayor where the mayor is concerned")
    disqualified: StrictBool
    reason: str = Field(min_length=5, max_length=2000)
    decided_on: BoundedDate


class DisputeDecisionOut(DisputeDecisionIn):
    model_config = ConfigDict(extra="ignore")
    id: UUID
    decider_role: str
    recorded_by: str
    recorded_at: datetime


class DisputeDecisionPage(BaseModel):
    items: list[DisputeDecisionOut]
    next: str | None
