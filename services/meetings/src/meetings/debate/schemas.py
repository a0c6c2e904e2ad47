from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from meetings.domain.debate import Debate, Kind, State


class FloorRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID = Field(description="Who asks for the floor: the politician's own id from the app")
    kind: Kind = Field(
        default=Kind.SPEECH,
        description="speech (innlegg), reply (replikk, to a speech on now), closing_reply (sluttreplikk, to the "
        "replies to one's own speech), remark (a question's short remark, MTG-31)",
    )
    reply_to: UUID | None = Field(default=None, description="The speech replied to (reply, closing_reply)")


class FloorRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    number: int = Field(description="The order of signing up")
    person_id: UUID
    kind: Kind
    reply_to: UUID | None
    state: State
    limit_seconds: int = Field(description="MTG-19/MTG-31: the time the speaker has")
    requested_at: datetime
    given_at: datetime | None
    ends_by: datetime | None = Field(default=None, description="When the time runs out, once given the floor")
    ended_at: datetime | None
    over_time: bool = Field(description="Spoke beyond the time limit")


class SpeakersListOut(BaseModel):
    subject_id: UUID = Field(description="The case on the agenda, or the question or interpellation")
    debate: Debate
    closed_at: datetime | None = Field(description="When the list was closed (strek, MTG-19)")
    spoken_seconds: int
    over_main_rule: bool = Field(description="An interpellation over 30 minutes in all (MTG-31's main rule)")
    requests: list[FloorRequestOut]
