from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtraGroundIn(Strict):
    """Why an extra meeting is held (MTG-05): give exactly one of the two."""

    demanded_by: list[UUID] = Field(
        default_factory=list, description="Members demanding the meeting; at least a third of the body's seats"
    )
    decided_by: UUID | None = Field(
        default=None,
        description="The mayor (council, executive committee, standing committees) or the body's leader (others)",
    )


class ExtraGroundOut(ExtraGroundIn):
    ground: str = Field(description="demand | mayor | leader")


class MeetingIn(Strict):
    body_id: UUID
    starts_at: AwareDatetime = Field(description="Start, with a UTC offset")
    location: str | None = Field(default=None, max_length=200)
    extra: bool = Field(default=False, description="MTG-05: an extra meeting outside the meeting plan")
    extra_ground: ExtraGroundIn | None = Field(
        default=None, description="MTG-05: required for an extra meeting; the appeals board has no plan and no extras"
    )
    remote: bool = Field(default=False, description="Held as a remote meeting (MTG-08)")
    secretariat_present: bool = Field(default=True, description="The secretariat keeps the record (REM-03)")


class AgendaItemIn(Strict):
    case_number: str = Field(min_length=1, max_length=50, description="Saksnummer, e.g. 042/26")
    title: str = Field(min_length=1, max_length=500)
    rapporteur_id: UUID | None = Field(default=None, description="Saksordfører (MTG-18)")
    recommendation: str | None = Field(default=None, description="The chief executive's recommendation (innstilling)")
    documents: list[str] = Field(default_factory=list, description="References to the case documents")
    closed: bool = Field(default=False, description="Treated behind closed doors (MTG-07)")
    closed_basis: str | None = Field(default=None, max_length=300, description="Legal basis for closing")
    budget: bool = Field(default=False, description="Economic plan, annual budget or tax: longer notice (MTG-01)")


class AgendaItemOut(AgendaItemIn):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    number: int
    not_in_notice: bool


class NoticeIn(Strict):
    late_reason: str | None = Field(
        default=None,
        min_length=3,
        max_length=1000,
        description="Publish a late notice anyway (e.g. an urgent extra meeting); recorded and flagged MTG-06",
    )


class MeetingOut(MeetingIn):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    status: str
    notice_published_at: datetime | None
    notice_deadline: datetime
    notice_late_reason: str | None
    ended_at: datetime | None
    agenda: list[AgendaItemOut] = []
    extra_ground: ExtraGroundOut | None = None  # type: ignore[assignment]
    version: int
    modified_at: datetime
