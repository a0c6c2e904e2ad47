from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import AnyHttpUrl, AwareDatetime, BaseModel, ConfigDict, Field, StrictBool

from folkevalgt_shared.inputs import BoundedDate
from meetings.domain.order import CaseStatus

CASE_STATUS = "pending, under_treatment (taken up), decided (by a final vote) or postponed by decision (MTG-17)"


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
    extra: StrictBool = Field(default=False, description="MTG-05: an extra meeting outside the meeting plan")
    extra_ground: ExtraGroundIn | None = Field(
        default=None, description="MTG-05: required for an extra meeting; the appeals board has no plan and no extras"
    )
    remote: StrictBool = Field(
        default=False,
        description="Held as a remote meeting (MTG-08): the executive committee only, for a case that cannot wait "
        "for the next meeting, on the mayor's decision",
    )
    remote_decided_by: UUID | None = Field(default=None, description="MTG-08: the mayor who decided the remote meeting")
    remote_reason: str | None = Field(
        default=None, min_length=3, max_length=1000, description="MTG-08: why the case cannot wait for the next meeting"
    )
    secretariat_present: StrictBool = Field(default=True, description="The secretariat keeps the record (REM-03)")


class DocumentFields(Strict):
    """Saksdokument as held in the case-management system; published (OParl File) unless exempt (MTG-06)."""

    name: str = Field(min_length=1, max_length=500, description="Title, or the archive reference, e.g. 2026/118-3")
    external_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The case-management system's id of the document (journalpost / dokumentbeskrivelse): "
        "how the access service finds it (case.presented)",
    )
    file_name: str | None = Field(default=None, max_length=300)
    mime_type: str | None = Field(default=None, max_length=100, description="e.g. application/pdf")
    document_date: BoundedDate | None = None
    exempt: StrictBool = Field(default=False, description="Unntatt offentlighet: never published (MTG-06)")
    exempt_basis: str | None = Field(default=None, max_length=300, description="Legal basis, e.g. 'Offl. § 14'")


class DocumentIn(DocumentFields):
    url: AnyHttpUrl | None = Field(default=None, description="Where the case-management system shows the document")
    download_url: AnyHttpUrl | None = Field(default=None, description="Where it serves the file itself")


class DocumentOut(DocumentFields):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    url: str | None
    download_url: str | None


DocumentReference = Annotated[
    str, Field(min_length=1, max_length=500, description="A plain reference: a document with only a name")
]


class AgendaItemFields(Strict):
    case_number: str = Field(min_length=1, max_length=50, description="Saksnummer, e.g. 042/26")
    title: str = Field(min_length=1, max_length=500)
    rapporteur_id: UUID | None = Field(default=None, description="Saksordfører (MTG-18)")
    recommendation: str | None = Field(default=None, description="The chief executive's recommendation (innstilling)")
    closed: StrictBool = Field(default=False, description="Treated behind closed doors (MTG-07)")
    closed_basis: str | None = Field(default=None, max_length=300, description="Legal basis for closing")
    personnel: StrictBool = Field(
        default=False, description="A personnel case (personalsak): always behind closed doors (MTG-07)"
    )
    budget: StrictBool = Field(default=False, description="Economic plan, annual budget or tax: longer notice (MTG-01)")


class AgendaItemIn(AgendaItemFields):
    documents: list[DocumentReference | DocumentIn] = Field(
        default_factory=list, description="The case documents: plain references or described documents"
    )


class AgendaItemOut(AgendaItemFields):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    number: int = Field(description="The case's number in the notice")
    position: int = Field(description="Its place in the order of treatment: the notice's unless a majority changed it")
    status: CaseStatus = Field(default=CaseStatus.PENDING, description=CASE_STATUS)
    not_in_notice: bool
    closed_decided_at: datetime | None = Field(
        default=None, description="MTG-07: when the body decided in the meeting to close the doors for the case"
    )
    documents: list[str] = Field(description="The documents' names, in order")
    document_details: list[DocumentOut] = []


class NoticeIn(Strict):
    late_reason: str | None = Field(
        default=None,
        min_length=3,
        max_length=1000,
        description="Publish a late notice anyway (e.g. an urgent extra meeting); recorded and flagged MTG-06",
    )


class ClosedSessionIn(Strict):
    basis: str = Field(
        min_length=3,
        max_length=300,
        description="MTG-07: the legal basis, e.g. 'KL § 31 nr. 4: personvern' or 'KL § 31 nr. 2: taushetsplikt'",
    )


class CancelIn(Strict):
    reason: str = Field(
        min_length=3, max_length=1000, description="Why the meeting is cancelled (avlyst), told to those summoned"
    )


class MeetingOut(MeetingIn):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    status: str
    notice_published_at: datetime | None
    notice_deadline: datetime
    notice_late_reason: str | None
    ended_at: datetime | None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    agenda: list[AgendaItemOut] = []
    extra_ground: ExtraGroundOut | None = None  # type: ignore[assignment]
    version: int
    modified_at: datetime
