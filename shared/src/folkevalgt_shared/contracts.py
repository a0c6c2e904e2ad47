"""Event data models shared by producers and consumers (one definition per event type).

Type names follow `no.folkevalgt.<service>.<entity>.<happened>.v<N>`. A breaking change to a
model is a new class with a new version; both are published until consumers have moved.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, StringConstraints

Role = Literal[
    "member",
    "deputy",
    "chair",
    "vice_chair",
    "mayor",
    "deputy_mayor",
    "group_leader",
]


class EventData(BaseModel):
    """Base of every event's `data`; `TYPE` is the CloudEvents `type`."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    TYPE: ClassVar[str]
    SOURCE: ClassVar[str]


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


CONTRACTS: dict[str, type[EventData]] = {m.TYPE: m for m in (PersonChangedV1, MembershipChangedV1)}


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


class AgendaCase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
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


class CasePresentedV1(EventData):
    """A case was put forward for political treatment: elected officials' right of access to its
    documents begins (ACC-10)."""

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
    documents: list[str]
    presented_at: datetime


CONTRACTS.update({m.TYPE: m for m in (MeetingScheduledV1, NoticePublishedV1, CasePresentedV1)})


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


CONTRACTS[MeetingCancelledV1.TYPE] = MeetingCancelledV1


class PassedOver(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
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


CONTRACTS[DeputySummonedV1.TYPE] = DeputySummonedV1


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


CONTRACTS[MemberDisqualifiedV1.TYPE] = MemberDisqualifiedV1


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


CONTRACTS.update({m.TYPE: m for m in (AttendanceRecordedV1, MeetingClosedV1, DecisionMadeV1)})


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


CONTRACTS[MinutesPublishedV1.TYPE] = MinutesPublishedV1


class _OfficeLeave(EventData):
    """Leave from office (permisjon fra vervet, LEA-60): while on leave the member is replaced by the
    next deputy (MTG-10). A full snapshot, so a consumer needs no earlier event; `version` increases
    with every change of the leave, older versions are ignored."""

    SOURCE: ClassVar[str] = "/leave"
    leave_id: UUID
    person_id: UUID
    start_date: date
    end_date: date | None = None  # the last day on leave; none: open-ended
    body_keys: list[str] = []  # the bodies whose offices it covers; empty: every office
    reason: str  # the category, e.g. health, work, family, education, other
    version: int
    changed_at: datetime


class OfficeLeaveStartedV1(_OfficeLeave):
    """A leave from office was granted and starts on `start_date`."""

    TYPE: ClassVar[str] = "no.folkevalgt.leave.office_leave.started.v1"


class OfficeLeaveEndedV1(_OfficeLeave):
    """A leave from office ended, or was cut short: `end_date` is its last day."""

    TYPE: ClassVar[str] = "no.folkevalgt.leave.office_leave.ended.v1"
    end_date: date


CONTRACTS.update({m.TYPE: m for m in (OfficeLeaveStartedV1, OfficeLeaveEndedV1)})


# Money in events is a decimal string with two places and a currency ("2500.00", "NOK"), never a float.
Amount = Annotated[str, StringConstraints(pattern=r"^-?\d+\.\d{2}$")]


class ClaimRejectedV1(EventData):
    """A claim (krav) was rejected: received after the quarter's deadline (REM-05) without an override,
    or refused by the administration. The official's app shows the rule and the reason."""

    TYPE: ClassVar[str] = "no.folkevalgt.remuneration.claim.rejected.v1"
    SOURCE: ClassVar[str] = "/remuneration"
    claim_id: UUID
    person_id: UUID
    period: str  # "2026Q1"
    kind: str  # lost_earnings, care_expenses, meeting_fee, travel
    rule: str | None = None
    reason: str
    received_at: datetime
    rejected_at: datetime


class PayoutBatchApprovedV1(EventData):
    """A quarter's payout batch (utbetaling) was approved: its lines can now be pulled by payroll (REM-90),
    those after `after_sequence` up to `last_sequence`."""

    TYPE: ClassVar[str] = "no.folkevalgt.remuneration.payout.batch.approved.v1"
    SOURCE: ClassVar[str] = "/remuneration"
    batch_id: UUID
    period: str
    lines: int
    corrections: int
    total: Amount
    currency: Literal["NOK"] = "NOK"
    after_sequence: int
    last_sequence: int
    approved_at: datetime


class Payout(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    recipient_id: str  # a person's id, or a party group's name
    recipient_kind: Literal["person", "organisation"]
    amount: Amount
    currency: Literal["NOK"] = "NOK"


class PayoutPaidV1(EventData):
    """A payout batch was paid: representatives and party groups are notified (REM-05)."""

    TYPE: ClassVar[str] = "no.folkevalgt.remuneration.payout.paid.v1"
    SOURCE: ClassVar[str] = "/remuneration"
    batch_id: UUID
    period: str
    paid_on: date
    payouts: list[Payout]


CONTRACTS.update({m.TYPE: m for m in (ClaimRejectedV1, PayoutBatchApprovedV1, PayoutPaidV1)})
