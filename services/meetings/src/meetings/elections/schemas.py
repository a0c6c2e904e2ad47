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
    written_ballot_demanded_by: UUID | None = Field(
        default=None, description="A member who demanded a written ballot (MTG-28, MTG-29 c)"
    )


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
    written_ballot_demanded_by: UUID | None = None


class ProportionalElectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: Literal["members", "chair", "vice_chair"] = Field(
        default="members", description="Chair and vice chair are always elected by majority election (MTG-28)"
    )
    elects_to: str = Field(min_length=1, max_length=200, description="The body the members are elected to")
    places: int = Field(ge=1, le=100)
    demanded_by: UUID = Field(description="The member who demanded proportional election (forholdsvalg, MTG-28)")
    written_ballot_demanded_by: UUID | None = Field(
        default=None, description="A member who demanded a written ballot (MTG-28, MTG-29 c)"
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
    lottery_seed: str | None = Field(
        default=None, max_length=200, description="Recorded seed for a draw between equal quotients"
    )


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
    demanded_by: UUID
    written_ballot_demanded_by: UUID | None
    council_members_only: bool
    status: str
    lists: list[ElectionListOut]
    result: ProportionalResultOut | None
