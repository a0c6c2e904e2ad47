from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from meetings.domain.order import CaseStatus
from meetings.sittings.schemas import CASE_STATUS

ProposalItem = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
ProposalKind = Literal["alternative", "amendment", "addition", "postponement"]


class ProposalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    proposer_id: UUID = Field(description="Forslagsstiller: a member taking part in the case (MTG-20)")
    kind: ProposalKind = Field(
        description="alternative (alternativt forslag to the recommendation), amendment (endringsforslag), "
        "addition (tilleggsforslag) or postponement (utsettelsesforslag); the chief executive's recommendation "
        "(innstilling) is the case's own and is not made as a proposal. A postponement adopted in a binding vote "
        "postpones the case (MTG-17)"
    )
    text: str = Field(min_length=1, max_length=20000, description="The proposal as handed in writing to the chair")
    items: list[ProposalItem] = Field(
        default_factory=list,
        max_length=100,
        description="A proposal in several items (poster), voted item by item and then as a whole (MTG-23)",
    )
    chapter: str | None = Field(
        default=None, min_length=1, max_length=100, description="Budget: the main chapter it concerns (MTG-24)"
    )


class ProposalOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    agenda_item_id: UUID
    proposer_id: UUID
    kind: str
    text: str
    items: list[str]
    chapter: str | None
    status: Literal["made", "withdrawn"]
    created_at: datetime
    withdrawn_at: datetime | None


class TreatmentOut(BaseModel):
    agenda_item_id: UUID
    taken_up_at: datetime | None = Field(
        description="The case was taken up: by the chair, or by its first proposal, vote or the opening of voting"
    )
    voting_started_at: datetime | None = Field(description="Voting opened or the first vote: later arrivals wait")
    voting_opened_at: datetime | None = Field(description="The chair opened voting (MTG-21)")
    voting_open: bool = Field(description="Open and not decided: no new proposals, no other case (MTG-21)")
    status: CaseStatus = Field(description=CASE_STATUS)
    decided_at: datetime | None
    postponed_at: datetime | None = Field(description="A postponement proposal was adopted (MTG-17)")
    decision_vote_id: UUID | None = Field(description="The final vote, or the vote that postponed the case")
    taking_part: list[UUID] = Field(description="Members and deputies taking part in the case (MTG-22, MTG-02)")


class ArrivalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID


class ArrivalOut(BaseModel):
    person_id: UUID
    arrived_at: datetime
    joins_from: UUID | None = Field(
        description="The first undecided case the member takes part in: the next one if a vote is under way (MTG-16)"
    )


class LeaveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID
    application: str = Field(min_length=2, max_length=2000, description="The written application for leave (MTG-12)")


class LeaveOut(BaseModel):
    person_id: UUID
    departed_at: datetime
    application: str


class CaseParticipationOut(BaseModel):
    agenda_item_id: UUID
    number: int
    case_number: str
    taking_part: list[UUID] = Field(description="Present for the case, not disqualified, with deputies for the case")
    disqualified: list[UUID]
    quorum: int
    quorate: bool = Field(description="MTG-02: at least the quorum takes part in the case")
    status: CaseStatus = Field(description=CASE_STATUS)


class ObjectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID = Field(description="The chair, or a member present, objecting to treating the case (MTG-17)")


class ObjectionsOut(BaseModel):
    agenda_item_id: UUID
    objecting: list[UUID]
    chair_objects: bool
    present: int = Field(description="Members present in the meeting: a third of them block the case")
    blocked: bool = Field(description="The case is not treated on its merits: no proposal, no vote (MTG-17)")
