from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from feedback.domain.intake import SenderKind, SensitiveCategory
from feedback.domain.settings import EmailStr

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Channel = Literal["email", "letter", "oral", "meeting"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Attachment(Strict):
    """An attachment by reference (FBK-01): the file stays where it is (the mail, the archive)."""

    ref: Text = Field(max_length=500, description="Where the file is, e.g. a document id or URL")
    name: Text = Field(max_length=200)
    media_type: str | None = Field(default=None, max_length=100)


class SenderIn(Strict):
    """Who brought the input (FBK-01). Only what routing and the notice need (FBK-02): no identity number."""

    kind: SenderKind
    anonymous: bool = Field(default=False, description="Allowed only on the channels the settings name")
    name: str | None = Field(default=None, max_length=200)
    email: EmailStr | None = None
    postal_address: str | None = Field(default=None, max_length=500, description="For a letter when no email")

    @model_validator(mode="after")
    def _named_or_anonymous(self) -> SenderIn:
        if self.anonymous and (self.name or self.email or self.postal_address):
            raise ValueError("an anonymous sender has no name, email or postal address")
        if not self.anonymous and not (self.name and self.name.strip()):
            raise ValueError("name the sender, or mark the input anonymous")
        return self


class ItemIn(Strict):
    channel: Channel = Field(description="How the input reached the politician")
    sender: SenderIn
    text: Text = Field(max_length=50_000, description="The input as received, or as the politician noted it")
    title: str | None = Field(default=None, max_length=200, description="Default: the text's first words")
    unit_key: str | None = Field(default=None, max_length=100, description="The unit concerned, if known")
    unit_name: str | None = Field(default=None, max_length=200, description="A unit not in the list, by name")
    occurred_on: date | None = Field(default=None, description="When it happened, if known")
    place: str | None = Field(default=None, max_length=200)
    attachments: list[Attachment] = Field(default_factory=list, max_length=50)
    sensitive: bool = Field(default=False, description="Health or other sensitive data (FBK-02)")
    sensitive_categories: list[SensitiveCategory] = Field(default_factory=list)
    received_on: date | None = Field(default=None, description="Default: today (Oslo)")
    received_by: UUID | None = Field(
        default=None, description="The politician; default the caller. The post reception must name one"
    )


class ItemPatch(Strict):
    """FBK-01: what the politician learnt by asking back (when, where, which unit, what happened), or a
    correction; only the fields given change. Not once the item is forwarded: the memo has gone."""

    text: Text | None = Field(default=None, max_length=50_000)
    title: str | None = Field(default=None, max_length=200)
    unit_key: str | None = Field(default=None, max_length=100)
    unit_name: str | None = Field(default=None, max_length=200)
    occurred_on: date | None = None
    place: str | None = Field(default=None, max_length=200)
    attachments: list[Attachment] | None = Field(default=None, max_length=50)
    sensitive: bool | None = None
    sensitive_categories: list[SensitiveCategory] | None = None


class Concreteness(BaseModel):
    concrete: bool = Field(description="FBK-01: says what happened, when, and where (unit or place)")
    missing: list[str]
    questions: list[str] = Field(description="What to ask the sender, so the input can be followed up")


class SenderOut(BaseModel):
    kind: str
    anonymous: bool
    name: str | None
    email: str | None
    postal_address: str | None


class NextStepOut(BaseModel):
    owner: str | None = Field(description="FBK-22: who acts next — politician, post_reception or unit")
    due_on: date | None
    overdue: bool


class ItemOut(BaseModel):
    id: UUID
    received_by: UUID
    received_on: date
    channel: str
    sender: SenderOut
    title: str
    text: str
    unit_key: str | None
    unit_name: str | None
    occurred_on: date | None
    place: str | None
    attachments: list[Attachment]
    sensitive: bool
    sensitive_categories: list[str]
    concreteness: Concreteness
    status: Literal["received", "registered", "assigned", "answered", "closed"]
    routes: list[str]
    next_step: NextStepOut
    assigned_unit: str | None
    journal_number: str | None
    forwarded_at: datetime | None
    sender_informed: str | None = Field(description="FBK-11: email, letter or not_possible (anonymous, no address)")
    proxy_person_ids: list[UUID] = Field(description="Politicians acting as the resident's proxy, in force")
    version: int
    received_at: datetime
    modified_at: datetime


class ItemSummary(BaseModel):
    """An item in a list: what the politician follows, without the text."""

    id: UUID
    received_by: UUID
    received_on: date
    channel: str
    title: str
    unit_name: str | None
    sensitive: bool
    concrete: bool
    status: str
    routes: list[str]
    owner: str | None
    due_on: date | None
    journal_number: str | None
    version: int
    modified_at: datetime


class ItemPage(BaseModel):
    items: list[ItemSummary]
    next: str | None


class GuidanceOut(BaseModel):
    kind: str
    title: str
    text: str
    url: str | None
    contact: str | None


class GuideIn(Strict):
    given_as: Literal["oral", "email", "letter"] = Field(
        default="oral", description="How the guidance was given; email sends it to the sender's address"
    )
    note: str | None = Field(default=None, max_length=2000)


class ForwardIn(Strict):
    note: str | None = Field(default=None, max_length=2000, description="A word from the politician to the recipients")


class MeetingIn(Strict):
    """FBK-12: a meeting to clarify the matter or a misunderstanding."""

    meeting_on: date
    participants: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=20
    )
    purpose: Text = Field(max_length=2000)
    outcome: str | None = Field(default=None, max_length=5000, description="What came of it, once held")


class StatusIn(Strict):
    """FBK-21: the post reception moves a forwarded item on; the politician may close input not forwarded."""

    status: Literal["assigned", "answered", "closed"]
    unit: str | None = Field(default=None, max_length=200, description="The unit assigned (required for assigned)")
    note: str | None = Field(default=None, max_length=5000, description="Shown to the politician")
    confidential_note: str | None = Field(
        default=None, max_length=5000, description="Shown only to the resident's proxy and the administration"
    )
    due_on: date | None = Field(default=None, description="A due date other than the settings' (FBK-22); not past")


class RegisterIn(Strict):
    """FBK-20: the post reception registers a forwarded item (acknowledges the hand-over)."""

    screen: bool = Field(default=False, description="Screen title and sender although nothing is marked sensitive")
    screening_basis: str | None = Field(default=None, max_length=200, description="Skjermingshjemmel")
    description: str | None = Field(default=None, max_length=2000, description="A note on the documents")


class StatusChangeOut(BaseModel):
    status: str
    previous_status: str | None
    unit: str | None
    note: str | None
    confidential_note: str | None = Field(description="Null unless the caller is the resident's proxy or the post")
    due_on: date | None
    changed_by: str
    changed_at: datetime


class RouteOut(BaseModel):
    route: str
    details: dict[str, object]
    recorded_at: datetime


class MessageOut(BaseModel):
    id: UUID
    purpose: str
    recipients: list[str]
    subject: str
    status: str
    sent_at: datetime | None


class MemoOut(BaseModel):
    subject: str
    text: str
    html: str


class OverdueOut(BaseModel):
    id: UUID
    received_by: UUID
    title: str
    status: str
    owner: str | None
    due_on: date | None
    journal_number: str | None
    assigned_unit: str | None


class OverduePage(BaseModel):
    items: list[OverdueOut]
    next: str | None
