from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool


class AbsenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID
    reason: str = Field(min_length=2, max_length=1000, description="Lawful absence (gyldig forfall)")


class ParticipantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    person_id: UUID
    role: str
    party_group: str | None
    status: str
    absence_reason: str | None = Field(description="Only for the member themself and meetings:write")
    in_place_of: UUID | None
    deputy_order: int | None
    present: bool = Field(description="Took a seat: at the roll call or arriving later (MTG-15, MTG-16)")
    arrived_at: datetime | None
    departed_at: datetime | None = Field(description="Left the meeting with leave (MTG-12)")


class PassedOverOut(BaseModel):
    person_id: UUID
    reason: str


class AbsenceOut(BaseModel):
    absent: ParticipantOut
    summoned: ParticipantOut | None = Field(description="The deputy summoned, or null when the list is exhausted")
    passed_over: list[PassedOverOut]


class SummonsOut(BaseModel):
    meeting_id: UUID
    body_id: UUID
    starts_at: datetime
    in_place_of: UUID | None
    deputy_order: int | None


class ChairElectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    votes_for: int = Field(ge=0, le=500, description="Votes for the chair elected")
    votes_against: int = Field(default=0, ge=0, le=500, description="Votes for others")


class RollCallIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    present: list[UUID] = Field(min_length=1, description="Members and summoned deputies present (opprop)")
    chair_id: UUID | None = Field(
        default=None,
        description="Møteleder (MTG-09): the body's leader (mayor) when present, else the deputy leader; with both "
        "absent, the chair elected for the meeting (then give chair_election)",
    )
    chair_election: ChairElectionIn | None = Field(
        default=None, description="MTG-09: the majority election of a chair when leader and deputy leader are absent"
    )
    notice_approved: StrictBool = Field(
        description="Innkalling godkjent (MTG-06, MTG-15): stated at every roll call, true also when approved tacitly "
        "(MTG-29 a); false when the body did not approve it: the meeting is then not lawfully constituted",
    )
    agenda_approved: StrictBool = Field(description="Saksliste godkjent (MTG-15); as notice_approved")
    tacit: StrictBool = Field(
        default=False, description="Notice and agenda approved without objection (MTG-29 a), for the minutes"
    )
    opening_note: str | None = Field(
        default=None, max_length=2000, description="Remarks on notice or agenda for the minutes, e.g. a case withdrawn"
    )
    signatories: list[UUID] | None = Field(
        default=None,
        description="The 2 members present appointed to approve the minutes with the chair (MTG-15); left out: "
        "appointed later (PUT /meetings/{id}/signatories); the dispensation committee: everyone present",
    )


class RollCallOut(BaseModel):
    present: int
    quorum: int
    chair_id: UUID
    chair_basis: str = Field(description="leader, deputy_leader or elected (MTG-09)")
    constituted_at: datetime
