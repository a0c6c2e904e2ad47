from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class RoundOpenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["election", "appointment"]
    round: Literal[1, 2] = Field(
        default=1,
        description="1: more than half of the votes cast; 2: most votes, after a round 1 left places (MTG-26)",
    )
    follows: UUID | None = Field(default=None, description="Round 2: the round 1 that left places unfilled")
    places: int | None = Field(
        default=None, ge=1, le=100, description="Places to fill (round 1); round 2 fills what round 1 left"
    )
    office: Literal["members", "chair", "vice_chair"] = Field(default="members", description="What is elected")
    elects_to_body_id: UUID | None = Field(
        default=None,
        description="The body the members are elected to; the executive committee is elected proportionally (MTG-28)",
    )
    witnesses: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Who witnesses the count and any draw (e.g. the two members the chair appointed, MTG-29 c)",
    )
    written_ballot_demanded_by: UUID | None = Field(
        default=None, description="A member present who demanded a written ballot (MTG-28, MTG-29 c)"
    )


class BallotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    candidates: list[UUID] = Field(
        default_factory=list, max_length=100, description="Candidates named on the ballot; none: a blank ballot"
    )


class RoundCountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    voters: list[UUID] = Field(
        max_length=500, description="Who handed in a ballot: every member taking part in the case, once (MTG-22)"
    )
    ballots: list[BallotIn] = Field(max_length=500, description="The ballots, one per voter, unsigned")
    chair_pick: list[UUID] = Field(default_factory=list, description="The chair's choice on an appointment tie")


class LotteryOut(BaseModel):
    seed: str
    among: list[UUID]
    order: list[UUID]


class RoundOut(BaseModel):
    id: UUID
    agenda_item_id: UUID
    kind: str
    round: int
    follows: UUID | None
    places: int
    office: str
    elects_to_body_id: UUID | None
    status: str = Field(description="open: the ballots are being handed in; counted")
    witnesses: list[str]
    lottery_commitment: str | None = Field(description="sha256 of the lottery seed, fixed when the round opened")
    lottery_seed: str | None = Field(description="The seed, revealed once the round is counted (MTG-26)")
    taking_part: int | None = Field(description="Members taking part in the case at the count (quorum, MTG-02)")
    ballots: int | None = Field(description="Ballots handed in, blank included")
    blank: int
    votes_cast: int | None = Field(description="The votes cast (avgitte stemmer): the ballots not blank")
    votes: dict[UUID, int] = Field(description="Ballots naming each candidate")
    elected: list[UUID]
    moved_up: list[UUID] = Field(description="Candidates of the under-represented gender moved up (MTG-27)")
    unfilled: int = Field(description="Places left for a round 2")
    new_round_needed: bool
    lottery: LotteryOut | None
    written_ballot_demanded_by: UUID | None = None
    opened_at: datetime
    counted_at: datetime | None


class ProportionalElectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: Literal["members", "chair", "vice_chair"] = Field(
        default="members", description="Chair and vice chair are always elected by majority election (MTG-28)"
    )
    elects_to: str = Field(min_length=1, max_length=200, description="The body the members are elected to")
    places: int = Field(ge=1, le=100)
    demanded_by: UUID | None = Field(
        default=None,
        description="The member present who demanded proportional election (forholdsvalg, MTG-28); not needed "
        "for the executive committee, always elected proportionally",
    )
    elects_to_body_id: UUID | None = Field(default=None, description="The body in the register, if it is one")
    written_ballot_demanded_by: UUID | None = Field(
        default=None, description="A member present who demanded a written ballot (MTG-28, MTG-29 c)"
    )
    council_members_only: bool = Field(
        default=False,
        description="The body consists of council members only by law: the list gender rule applies as far as possible",
    )


class ElectionListIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, description="Listeforslag, e.g. the party's name")
    groups: list[str] = Field(
        default_factory=list, max_length=20, description="The party groups behind a joint list (fellesliste)"
    )
    candidates: list[UUID] = Field(min_length=1, max_length=200, description="Candidates in list order")


class ElectionListOut(BaseModel):
    id: UUID
    name: str
    groups: list[str]
    candidates: list[UUID]
    gender_shortfall: dict[str, int] = Field(description="Names missing per gender (accepted only as far as possible)")


class ListBallotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    list_id: UUID
    votes: int = Field(ge=0)
    counted_order: list[UUID] | None = Field(
        default=None,
        description="The list's candidates in the order the count produced, where members altered their ballots "
        "(allowed under KL 1992 § 37); the list order otherwise",
    )


class CountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ballots: list[ListBallotIn] = Field(min_length=1, description="Votes per list")
    blank: int = Field(default=0, ge=0, description="Blank ballots (MTG-22); they win no place")


class ListResultOut(BaseModel):
    list_id: UUID
    name: str
    votes: int
    seats: int
    members: list[UUID]
    deputies: list[UUID] = Field(description="Varamedlemmer in the order they are summoned: members + 2")
    moved_up: list[UUID] = Field(description="Moved up for gender balance (MTG-27)")


class ProportionalResultOut(BaseModel):
    lists: list[ListResultOut]
    blank: int
    unfilled: int = Field(description="Places no list had a candidate left for")
    gender_balanced: bool = Field(description="MTG-27 met for the whole body (else moved up as far as possible)")
    lottery: LotteryOut | None


class ProportionalElectionOut(BaseModel):
    id: UUID
    agenda_item_id: UUID
    elects_to: str
    places: int
    demanded_by: UUID | None
    elects_to_body_id: UUID | None
    written_ballot_demanded_by: UUID | None
    council_members_only: bool
    lottery_commitment: str | None = Field(description="sha256 of the seed for a draw, fixed at the start (MTG-26)")
    status: str
    lists: list[ElectionListOut]
    result: ProportionalResultOut | None
