from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from meetings.domain.votes import Method

VoteKind = Literal["binding", "test", "item", "budget_test", "budget_runoff"]


class BallotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    voter_id: UUID
    option: Literal["for", "against"] = Field(description="No abstention, no blank outside elections (MTG-22)")


class AlternativeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    proposal_id: UUID
    votes: int = Field(ge=0)


class CountedVoteIn(BaseModel):
    """How a yes/no vote went (MTG-29): every member taking part votes (MTG-22)."""

    model_config = ConfigDict(extra="forbid")
    method: Method = Field(
        default=Method.COUNTER_VOTE,
        description="MTG-29: tacit (no objection: all for), show_of_hands (those against in 'against', the others "
        "for), counter_vote (every ballot); secret_ballot only in elections and appointments",
    )
    ballots: list[BallotIn] = Field(default_factory=list, description="counter_vote: every member's ballot")
    against: list[UUID] = Field(default_factory=list, description="show_of_hands: those who raised their hands")


class VoteIn(CountedVoteIn):
    motion: str | None = Field(
        default=None, min_length=1, max_length=5000, description="The proposal voted on; default the proposal's text"
    )
    proposal_id: UUID | None = Field(default=None, description="The proposal voted on (MTG-20)")
    kind: VoteKind = Field(
        default="binding",
        description="binding; test (prøveavstemning, non-binding, MTG-23); item (one item of a proposal in several "
        "items, MTG-23); budget_test and budget_runoff (the test vote per main chapter and its run-off, MTG-24)",
    )
    item: int | None = Field(default=None, ge=1, description="kind=item: the number of the item voted on (from 1)")
    chapter: str | None = Field(default=None, min_length=1, max_length=100, description="Budget main chapter")
    alternatives: list[AlternativeIn] = Field(
        default_factory=list, description="budget_test/budget_runoff: votes for each alternative proposal"
    )
    chair_choice: UUID | None = Field(default=None, description="budget_runoff tied: the chair's alternative (MTG-25)")
    final: bool = Field(
        default=False,
        description="This binding vote decides the case: its treatment is finished (MTG-21). Not with a vote on a "
        "postponement proposal, which postpones the case when adopted (MTG-17)",
    )

    @model_validator(mode="after")
    def _motion_or_proposal(self) -> VoteIn:
        if self.motion is None and self.proposal_id is None and self.kind not in ("budget_test", "budget_runoff"):
            raise ValueError("give the motion or the proposal_id voted on")
        return self


class Count(BaseModel):
    option: str = Field(description="yes / no, or the proposal id of an alternative (MTG-24)")
    value: int


class VoteOut(BaseModel):
    """Popolo-like: a vote event on a motion, with counts and individual votes."""

    id: UUID
    agenda_item_id: UUID
    motion: dict[str, str]
    proposal_id: UUID | None
    kind: VoteKind
    binding: bool = Field(description="Test votes, item votes and the budget's test votes bind nothing (MTG-23/24)")
    method: Method
    item: int | None
    chapter: str | None
    final: bool = Field(description="This vote decided the case")
    result: Literal["adopted", "rejected", "chosen", "no_majority"] = Field(
        description="adopted/rejected; for alternatives: chosen (majority or run-off) or no_majority (MTG-24)"
    )
    chosen: UUID | None = Field(description="The alternative with a majority, or the run-off's winner (MTG-24)")
    runoff: list[UUID] = Field(description="No majority: the alternatives to put against each other (MTG-24)")
    casting_vote: bool = Field(description="The tie was decided by the chair's vote (MTG-25)")
    counts: list[Count]
    votes: list[dict[str, str]] = Field(description="Each member's vote: voter_id, option (yes/no) and role")
    created_at: datetime
