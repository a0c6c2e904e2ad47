"""Events the meetings service publishes: the register, meetings and their procedure."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from folkevalgt_shared.contracts.base import EventData, Part, Role


class PersonChangedV1(EventData):
    """A person in the register was created or changed (no national identity number)."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.person.changed.v1"
    SOURCE: ClassVar[str] = "/meetings"
    person_id: UUID
    name: str
    email: str | None = None
    version: int
    changed_at: datetime


class MembershipChangedV1(EventData):
    """A membership of a body was created, changed or ended (verv / medlemskap).

    Carries a full snapshot, so a consumer can build its read model from this event alone;
    `version` increases with every change of the membership, older versions are ignored.
    """

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.body.membership.changed.v1"
    SOURCE: ClassVar[str] = "/meetings"
    membership_id: UUID
    person_id: UUID
    person_name: str
    body_id: UUID
    body_key: str
    body_name: str
    body_type: str
    role: Role
    deputy_order: int | None = None
    party_group: str | None = None
    voting_right: bool
    on_behalf_of: str | None = None
    start_date: date
    end_date: date | None = None
    deleted: bool = False
    version: int
    changed_at: datetime


class MeetingScheduledV1(EventData):
    """A meeting of a body was put in the plan (møteplan) or called as an extra meeting."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.meeting.scheduled.v1"
    SOURCE: ClassVar[str] = "/meetings"
    meeting_id: UUID
    body_id: UUID
    body_key: str
    starts_at: datetime
    location: str | None = None
    version: int


class AgendaCase(Part):
    agenda_item_id: UUID
    number: int
    case_number: str
    title: str
    closed: bool
    closed_basis: str | None = None


class NoticePublishedV1(EventData):
    """The notice (innkalling) with its agenda was made known to members and deputies (MTG-06)."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.meeting.notice.published.v1"
    SOURCE: ClassVar[str] = "/meetings"
    meeting_id: UUID
    body_id: UUID
    body_key: str
    starts_at: datetime
    published_at: datetime
    late: bool
    late_reason: str | None = None
    agenda: list[AgendaCase]


class PresentedDocument(Part):
    """One document of a presented case, as the agenda lists it (saksdokument)."""

    document_id: UUID  # the meetings service's id of the agenda document
    external_id: str | None = None  # the case-management system's id (journalpost / dokumentbeskrivelse)
    name: str
    exempt: bool  # unntatt offentlighet (MTG-06)
    exempt_basis: str | None = None  # skjermingshjemmel, e.g. "Offl. § 13 jf. fvl. § 13"


class CasePresentedV1(EventData):
    """A case was put forward for political treatment: elected officials' right of access to its
    documents begins (ACC-10). Carries what the access service decides by: whether the case is
    treated behind closed doors and on what legal basis (MTG-07, ACC-23), and its documents."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.case.presented.v1"
    SOURCE: ClassVar[str] = "/meetings"
    case_number: str
    title: str
    meeting_id: UUID
    body_id: UUID
    body_key: str
    agenda_item_id: UUID
    closed: bool
    closed_basis: str | None = None
    documents: list[PresentedDocument]
    presented_at: datetime


class MeetingCancelledV1(EventData):
    """A meeting that had not started was cancelled (avlyst); `notice_published` tells whether members and
    deputies had already been summoned to it."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.meeting.cancelled.v1"
    SOURCE: ClassVar[str] = "/meetings"
    meeting_id: UUID
    body_id: UUID
    body_key: str
    starts_at: datetime
    cancelled_at: datetime
    reason: str
    notice_published: bool
    version: int


class PassedOver(Part):
    person_id: UUID
    reason: str


class DeputySummonedV1(EventData):
    """A deputy was summoned in place of an absent member (MTG-10); the deputy's app shows it."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.deputy.summoned.v1"
    SOURCE: ClassVar[str] = "/meetings"
    meeting_id: UUID
    body_id: UUID
    body_key: str
    starts_at: datetime
    deputy_person_id: UUID
    in_place_of_person_id: UUID
    party_group: str | None
    deputy_order: int
    passed_over: list[PassedOver]
    summoned_at: datetime


class MemberDisqualifiedV1(EventData):
    """A member was found disqualified in a case (MTG-13/14) and takes no part in it; the access
    service ends the member's right of access to the case's documents (ACC-40)."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.member.disqualified.v1"
    SOURCE: ClassVar[str] = "/meetings"
    meeting_id: UUID
    body_id: UUID
    agenda_item_id: UUID
    case_number: str
    person_id: UUID
    ground: str
    substitute_person_id: UUID | None = None
    decided_at: datetime


class AttendanceRecordedV1(EventData):
    """Who took part in a meeting, in what role and for how long (drives meeting fees, REM-30..33)."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.attendance.recorded.v1"
    SOURCE: ClassVar[str] = "/meetings"
    meeting_id: UUID
    body_id: UUID
    body_key: str
    body_type: str
    person_id: UUID
    role: str
    as_deputy: bool
    in_place_of: UUID | None = None
    attended_from: datetime
    attended_to: datetime
    remote: bool
    secretariat_present: bool


class MeetingClosedV1(EventData):
    """The meeting is over; every attendance.recorded of it has been published before this event."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.meeting.closed.v1"
    SOURCE: ClassVar[str] = "/meetings"
    meeting_id: UUID
    body_id: UUID
    body_key: str
    starts_at: datetime
    ended_at: datetime
    attendances: int


class DecisionMadeV1(EventData):
    """A vote in a case was decided (MTG-25); the outcome and the counts."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.decision.made.v1"
    SOURCE: ClassVar[str] = "/meetings"
    meeting_id: UUID
    body_id: UUID
    body_key: str
    agenda_item_id: UUID
    case_number: str
    vote_event_id: UUID
    motion: str
    adopted: bool
    votes_for: int
    votes_against: int
    casting_vote: bool
    decided_at: datetime
    proposal_id: UUID | None = None  # the proposal voted on (MTG-20), when the vote names one
    method: str | None = None  # MTG-29: tacit, show_of_hands or counter_vote
    final: bool | None = None  # this vote finished the case's treatment (MTG-21)
    body_seats: int | None = None  # the body's members (seats), for decisions by a share of them (ACC-05)


class MinutesPublishedV1(EventData):
    """The approved minutes were published (MTG-37)."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.minutes.published.v1"
    SOURCE: ClassVar[str] = "/meetings"
    meeting_id: UUID
    body_id: UUID
    body_key: str
    published_at: datetime
    deadline: date
    late: bool
