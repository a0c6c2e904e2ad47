from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class BallotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    voter_id: UUID
    option: Literal["for", "against"] = Field(description="No abstention, no blank outside elections (MTG-22)")


class VoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    motion: str = Field(min_length=1, max_length=5000, description="The proposal voted on")
    ballots: list[BallotIn] = Field(min_length=1)
    objections: int = Field(default=0, ge=0, description="For a case not in the notice: members objecting (MTG-17)")
    chair_objects: bool = Field(default=False, description="For a case not in the notice: the chair objects (MTG-17)")


class Count(BaseModel):
    option: Literal["yes", "no"]
    value: int


class VoteOut(BaseModel):
    """Popolo-like: a vote event on a motion, with counts and individual votes."""

    id: UUID
    agenda_item_id: UUID
    motion: dict[str, str]
    result: Literal["adopted", "rejected"]
    casting_vote: bool = Field(description="The tie was decided by the chair's vote (MTG-25)")
    counts: list[Count]
    votes: list[dict[str, str]]
    created_at: datetime
