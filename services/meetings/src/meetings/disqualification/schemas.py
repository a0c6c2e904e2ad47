from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from meetings.domain.disqualification import Ground
from meetings.voting.schemas import CountedVoteIn


class DisqualificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID
    ground: Ground = Field(description="fvl § 6 a–e, § 6 second paragraph, KL § 40 nr. 3, or exemption KL § 40 nr. 4")
    explanation: str | None = Field(default=None, max_length=2000)
    decision: CountedVoteIn | None = Field(
        default=None,
        description="In the meeting: the body's vote on the question (MTG-14), by those taking part in the case "
        "without the member concerned. Before the meeting: left out — a known disqualification recorded ahead, so "
        "a deputy is summoned for the case (MTG-10)",
    )


class DisqualificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    agenda_item_id: UUID
    person_id: UUID
    ground: Ground
    explanation: str | None
    substitute_id: UUID | None = Field(description="Deputy summoned for this case only (MTG-10, MTG-14)")
    substitute_order: int | None
    substitute_present: bool
    substitute_arrived_at: datetime | None = None
    decided_by: str = Field(default="ahead", description="body: decided by the body in the meeting; ahead")
    votes_for: int | None = None
    votes_against: int | None = None
    casting_vote: bool | None = None
    created_at: datetime


class NoticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID = Field(description="The member giving notice; a politician gives notice only for themself")
    ground: Ground | None = Field(default=None, description="The ground the member thinks may apply, if known")
    explanation: str = Field(min_length=3, max_length=2000, description="What ties the member to the case")


class NoticeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    agenda_item_id: UUID
    person_id: UUID
    ground: Ground | None
    explanation: str
    created_at: datetime
    decided: bool = Field(default=False, description="The body has found the member disqualified (MTG-14)")
