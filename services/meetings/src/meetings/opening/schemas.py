from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignatoriesIn(Strict):
    person_ids: list[UUID] = Field(
        description="The 2 members present appointed to approve the minutes with the chair (MTG-15); "
        "in the dispensation committee every member present"
    )


class ApprovalIn(Strict):
    person_id: UUID = Field(description="The chair or a signatory approving the minutes (MTG-37)")


class ApproverOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    person_id: UUID
    capacity: str = Field(description="chair | signatory")
    approved_at: datetime | None


class StaffIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    title: str | None = Field(default=None, max_length=200, description="E.g. rådmann, saksbehandler")


class AdministrationIn(Strict):
    """Who attends from the administration (MTG-35), as the secretariat records it."""

    secretary: StaffIn | None = Field(default=None, description="Møtesekretær")
    attendees: list[StaffIn] = Field(default_factory=list, max_length=50, description="Others from the administration")


class AdministrationOut(BaseModel):
    secretary: StaffIn | None
    attendees: list[StaffIn]


class OpeningOut(BaseModel):
    notice_approved: bool
    agenda_approved: bool
    tacit: bool = Field(description="Approved without objection (MTG-29 a)")
    note: str | None
    approvers: list[ApproverOut]
    administration: AdministrationOut
