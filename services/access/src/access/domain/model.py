"""The facts a decision is made from, and the decision itself (ACC-70).

Everything here is plain data: the service loads it from its own tables (the register copy, what the
meetings and feedback services told it, what the case-management system and the secretariat recorded)
and hands it to `decision.decide`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum, StrEnum

# Roles that hold a seat in a body (as in the meetings register); `deputy` and `group_leader` do not.
SEAT_ROLES = frozenset({"member", "chair", "vice_chair", "mayor", "deputy_mayor"})


class Level(IntEnum):
    """How far a document is screened, from the public's side (ACC-20, ACC-60, ACC-65)."""

    PUBLIC = 0  # anyone may see it (offentleglova)
    EXEMPT = 1  # unntatt offentlighet: officials with a right of access may see it
    CONFIDENTIAL = 2  # taushetsbelagt: only with a majority decision (ACC-21) or as a party's proxy (ACC-50)


class Outcome(StrEnum):
    ALLOW = "allow"
    DENY = "deny"
    PARTIAL = "partial"


class Scope(StrEnum):
    FULL = "full"  # the whole document
    REDACTED = "redacted"  # the version with the exempt parts taken out (ACC-60)
    METADATA = "metadata"  # only its entry: title, date, legal basis of the screening (the public journal)
    NONE = "none"  # nothing, not even that it exists: its title is screened (ACC-71)


class GrantKind(StrEnum):
    MAJORITY = "majority"  # ACC-21: a body's majority decision, confidential information in one case
    THIRD = "third"  # ACC-05: a third of a body's members, another body's documents for its own use
    BODY_DEMAND = "body_demand"  # ACC-04: a body demands documents outside its remit for a concrete case


class GrantStatus(StrEnum):
    VERIFIED = "verified"  # the meetings service published the decision and it bears the grant out
    UNVERIFIED = "unverified"  # recorded from the minutes; the meetings service has not published it
    CONTRADICTED = "contradicted"  # the published decision does not bear it out: it has no effect


class DisqualificationSource(StrEnum):
    MEETING = "meeting"  # the body ruled the member disqualified (member.disqualified, MTG-13/14)
    PROXY = "proxy"  # proxy for a party in the case (ACC-50, fvl § 6 d): it outlives the proxy
    ADMINISTRATION = "administration"  # the administration's assessment of a disclosure (ACC-42)
    DISPUTE = "dispute"  # the mayor's (or deputy mayor's) decision of a dispute (ACC-42)


@dataclass(frozen=True, slots=True)
class Seat:
    """A role in a body (verv) from the register copy, valid from `start` to `end` (inclusive)."""

    body_key: str
    body_type: str
    role: str
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Attendance:
    """A deputy summoned to or attending a meeting (deputy.summoned, attendance.recorded, a substitute)."""

    meeting_id: str
    body_key: str | None = None


@dataclass(frozen=True, slots=True)
class Disqualification:
    """The person is disqualified in `case_number` (ACC-40); `competition_group` is that case's group (ACC-41)."""

    case_number: str
    source: DisqualificationSource
    competition_group: str | None = None
    overruled: bool = False  # an administration's assessment the mayor decided otherwise (ACC-42)


@dataclass(frozen=True, slots=True)
class Proxy:
    """A power of attorney from a resident (fullmakt, fvl § 12) covering `case_numbers` (ACC-50)."""

    case_numbers: frozenset[str]
    power_of_attorney_ref: str
    valid_from: date
    valid_to: date | None = None
    revoked_at: datetime | None = None

    @property
    def written(self) -> bool:
        # ACC-51: without a written power of attorney the politician is no proxy, merely a contact.
        return bool(self.power_of_attorney_ref.strip())

    def active(self, today: date, now: datetime) -> bool:
        return (
            self.written
            and self.valid_from <= today
            and (self.valid_to is None or today <= self.valid_to)
            and (self.revoked_at is None or now < self.revoked_at)
        )


@dataclass(frozen=True, slots=True)
class Declaration:
    """A signed confidentiality declaration (taushetserklæring, ACC-22)."""

    signed_on: date
    valid_until: date | None = None

    def in_force(self, today: date) -> bool:
        return self.signed_on <= today and (self.valid_until is None or today <= self.valid_until)


@dataclass(frozen=True, slots=True)
class JointDemand:
    """A demand by at least three council members, the person among them (ACC-01)."""

    case_numbers: frozenset[str]
    demanded_on: date


@dataclass(frozen=True, slots=True)
class Grant:
    """A body's decision that widens its members' access (ACC-04 demand, ACC-05, ACC-21)."""

    kind: GrantKind
    body_key: str
    decided_on: date
    status: GrantStatus
    meeting_id: str | None = None  # the meeting where the body decided it
    case_number: str | None = None  # the concrete case the body treats (ACC-04, ACC-21)
    target_body: str | None = None  # ACC-05: whose documents
    case_numbers: frozenset[str] = frozenset()  # the cases it covers (ACC-04 demand, ACC-05: optional limit)
    document_ids: frozenset[str] = frozenset()  # the documents it covers (ACC-04 demand, ACC-21: optional limit)


@dataclass(frozen=True, slots=True)
class Requester:
    """Everything known about the person asking, as of the decision."""

    person_id: str
    seats: tuple[Seat, ...] = ()
    attended: tuple[Attendance, ...] = ()
    grants: tuple[Grant, ...] = ()
    disqualifications: tuple[Disqualification, ...] = ()
    pending_disclosures: frozenset[str] = frozenset()  # cases where a disclosure awaits assessment (ACC-42)
    pending_groups: frozenset[str] = frozenset()  # those cases' competition groups (ACC-41)
    proxies: tuple[Proxy, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    joint_demands: tuple[JointDemand, ...] = ()


@dataclass(frozen=True, slots=True)
class Presentation:
    """The case was put forward for political treatment in a meeting of a body (case.presented, ACC-10)."""

    meeting_id: str
    body_key: str
    presented_at: datetime


@dataclass(frozen=True, slots=True)
class Case:
    case_number: str
    presentations: tuple[Presentation, ...] = ()
    finished_at: datetime | None = None  # ACC-11: an administrative case finished
    owning_body: str | None = None
    remit_areas: frozenset[str] = frozenset()
    competition_group: str | None = None  # ACC-41
    closed: bool = False  # treated behind closed doors (MTG-07, ACC-23)
    closed_basis: str | None = None
    confidential_until: date | None = None  # ACC-23: the closure screens until this day
    title_screened: bool = False  # the case's own title is screened (Noark 5 skjerming av tittel)
    title_basis: str | None = None


@dataclass(frozen=True, slots=True)
class Screening:
    """Noark 5 `skjerming` (ACC-65)."""

    restriction_code: str  # tilgangsrestriksjon, e.g. UO, P, KL, XX
    basis: str | None  # skjermingshjemmel, e.g. "Offl. § 13 jf. fvl. § 13 (1) nr. 1"
    screened_fields: frozenset[str] = frozenset()  # skjermingMetadata, e.g. {"title"}
    partial: bool = False  # skjermingDokument: only parts of the document
    ends_on: date | None = None  # skjermingOpphoererDato: from this day it no longer screens


@dataclass(frozen=True, slots=True)
class Document:
    document_id: str
    case_number: str
    screening: Screening | None = None  # as the case-management system registered it
    presented_exempt: bool = False  # marked exempt on the agenda (MTG-06)
    presented_basis: str | None = None
    exempt_from_party_access: bool = False  # fvl § 19: not even a party may see it


@dataclass(frozen=True, slots=True)
class Decision:
    """ACC-70: the outcome, what it covers, the rules that decided it, why, and what would change it."""

    outcome: Outcome
    scope: Scope
    rules: tuple[str, ...]
    reason: str
    would_change: tuple[str, ...] = ()

    @property
    def listed(self) -> bool:
        """ACC-71: whether the document may appear (and be counted) in the caller's listing at all."""
        return self.scope is not Scope.NONE

    @property
    def allowed(self) -> bool:
        return self.outcome is Outcome.ALLOW
