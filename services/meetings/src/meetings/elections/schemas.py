from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class RoundIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["election", "appointment"]
    round: Literal[1, 2] = Field(description="1: more than half of the votes cast; 2: most votes (MTG-26)")
    places: int = Field(ge=1, le=100)
    votes: dict[UUID, int] = Field(min_length=1, description="Votes per candidate (person id)")
    blank: int = Field(default=0, ge=0, description="Blank ballots (allowed in elections, MTG-22)")
    lottery_seed: str | None = Field(
        default=None, max_length=200, description="Recorded seed for a draw (e.g. witnesses' words); election ties"
    )
    chair_pick: list[UUID] = Field(default_factory=list, description="The chair's choice on an appointment tie")


class LotteryOut(BaseModel):
    seed: str
    among: list[UUID]
    order: list[UUID]


class RoundOut(BaseModel):
    id: UUID
    kind: str
    round: int
    places: int
    elected: list[UUID]
    moved_up: list[UUID] = Field(description="Candidates of the under-represented gender moved up (MTG-27)")
    new_round_needed: bool
    lottery: LotteryOut | None
