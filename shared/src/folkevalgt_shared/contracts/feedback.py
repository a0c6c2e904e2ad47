"""Events the feedback service publishes that other services act on.

A power of attorney lets the politician read the resident's confidential case documents (access,
ACC-50) and disqualifies the politician when the case comes before a body they sit in (meetings,
fvl § 6 d) — the disqualification outlives the proxy, the access does not.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from folkevalgt_shared.contracts.base import EventData


class _Proxy(EventData):
    """A power of attorney (fullmakt, fvl § 12) by which a resident lets a politician act for them against
    the municipality (FBK-13). A full snapshot, so a consumer needs no earlier event; `version` increases
    with every change, older versions are ignored."""

    SOURCE: ClassVar[str] = "/feedback"
    proxy_id: UUID
    person_id: UUID  # the politician acting as proxy (fullmektig)
    resident_ref: str  # an opaque reference to the resident; never a national identity number
    case_numbers: list[str]  # the resident's case(s) it covers (saksnummer), its whole scope
    power_of_attorney_ref: str  # the written power of attorney's document reference
    valid_from: date
    valid_to: date | None = None  # the last day it is valid; none: until revoked
    version: int
    changed_at: datetime


class ProxyAuthorizedV1(_Proxy):
    """A written power of attorney was recorded: the proxy may see the resident's case (ACC-50)."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.proxy.authorized.v1"


class ProxyRevokedV1(_Proxy):
    """The power of attorney was revoked or ended: access ends, disqualification stays (ACC-50)."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.proxy.revoked.v1"
    revoked_at: datetime


class CitizenInitiativeThresholdReachedV1(EventData):
    """A citizen initiative (innbyggerinitiativ) has the signatures it needs, min(2 % of the residents,
    300) (FBK-31): the council must treat it (MTG-33). `initiative_id` identifies it in both services,
    so a redelivery creates nothing twice."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.citizen_initiative.threshold_reached.v1"
    SOURCE: ClassVar[str] = "/feedback"
    initiative_id: UUID
    body_key: str  # the municipal council's key in the register
    title: str
    proposal: str
    contact: str  # whom to inform of decisions and measures (the initiators)
    signatures: int
    population: int
    threshold: int
    reached_at: datetime


class FeedbackForwardedV1(EventData):
    """Input a politician received was forwarded to the mayor and the chief executive c/o the post
    reception (FBK-11): the case-management system takes it over. The title is the public one (screened
    where the input carries sensitive data, FBK-02); the text and the sender are read through the API."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.item.forwarded.v1"
    SOURCE: ClassVar[str] = "/feedback"
    item_id: UUID
    person_id: UUID  # the politician who received and forwarded it
    channel: str  # email, letter, oral, meeting
    sender_kind: str  # resident or employee
    unit_key: str | None = None
    title: str
    sensitive: bool
    memo: bool  # oral input was written up as a memo
    recipients: list[str]  # the roles addressed, e.g. ["Ordfører", "Rådmann"]
    forwarded_at: datetime
    due_on: date  # the post reception registers it by this day (FBK-22)


class FeedbackRegisteredV1(EventData):
    """The post reception registered a forwarded item: the hand-over is acknowledged and the journal post
    has its number (FBK-20, Noark 5). Title and sender are as the public journal shows them."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.item.registered.v1"
    SOURCE: ClassVar[str] = "/feedback"
    item_id: UUID
    person_id: UUID
    journal_number: str  # e.g. "2026/17"
    journal_year: int
    journal_sequence: int
    journal_date: date
    direction: str  # "incoming" (inngående dokument)
    title: str
    sender: str
    screening_basis: str | None = None
    documents: list[str]
    registered_at: datetime


class FeedbackStatusChangedV1(EventData):
    """The item's status changed (FBK-21): pushed to the politician who received it and to its proxies.
    Carries no confidential content; `version` increases with every change, older versions are ignored."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.item.status.changed.v1"
    SOURCE: ClassVar[str] = "/feedback"
    item_id: UUID
    person_id: UUID
    proxy_person_ids: list[UUID]
    status: str  # received, registered, assigned, answered, closed
    previous_status: str | None = None
    journal_number: str | None = None
    unit: str | None = None
    owner: str | None = None  # who acts next: politician, post_reception, unit (FBK-22)
    due_on: date | None = None
    version: int
    changed_at: datetime


class FeedbackOverdueV1(EventData):
    """An open item passed its due day without the next step (FBK-22): for operators and the owner."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.item.overdue.v1"
    SOURCE: ClassVar[str] = "/feedback"
    item_id: UUID
    person_id: UUID
    status: str
    owner: str
    due_on: date
    journal_number: str | None = None
    detected_at: datetime


class FeedbackLetterRequestedV1(EventData):
    """A sender without an email address is told by letter (FBK-11): the case-management system prints and
    posts it. Carries the recipient's name and postal address, and nothing of the input's content."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.letter.requested.v1"
    SOURCE: ClassVar[str] = "/feedback"
    letter_id: UUID
    item_id: UUID
    journal_number: str | None = None
    recipient_name: str
    recipient_address: str
    subject: str
    text: str
    requested_at: datetime
