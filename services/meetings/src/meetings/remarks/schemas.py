from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RemarkIn(Strict):
    person_id: UUID = Field(description="The member present who asks for the remark")
    agenda_item_id: UUID | None = Field(default=None, description="The case it concerns; left out: the meeting")
    text: str = Field(min_length=2, max_length=5000)
    formal_error: bool = Field(default=False, description="About an alleged formal error: normally accepted (MTG-36)")


class RulingIn(Strict):
    allowed: bool = Field(description="The chair's decision (MTG-36)")
    reason: str | None = Field(default=None, max_length=2000, description="Required to refuse a formal-error remark")


class BodyDecisionIn(Strict):
    protested_by: UUID = Field(description="The member present who protested against the chair's decision")
    allowed: bool = Field(description="The body's decision, final (MTG-36)")
    votes_for: int | None = Field(default=None, ge=0, description="Votes for allowing the remark")
    votes_against: int | None = Field(default=None, ge=0)


class RemarkOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    meeting_id: UUID
    agenda_item_id: UUID | None
    person_id: UUID
    text: str
    formal_error: bool
    status: str = Field(description="pending | allowed | refused")
    chair_ruled_at: datetime | None
    chair_reason: str | None
    protested_by: UUID | None
    body_decided_at: datetime | None
    body_votes_for: int | None
    body_votes_against: int | None
    created_at: datetime
