"""The remuneration domain's vocabulary: what is paid, to whom, for which period, and why.

Amounts are integer øre (`Ore`), never binary fractions. Every computed amount is a `PayLine` that names
its rule, the rate version it used and the sources (attendance events, claims) behind it (REM-91).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

Ore = int  # 1 NOK = 100 øre


def nok(kroner: int) -> Ore:
    return kroner * 100


def format_nok(amount: Ore) -> str:
    """Decimal string with two places, as JSON shows money ("2500.00")."""
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(amount), 100)
    return f"{sign}{whole}.{cents:02d}"


class ItemType(StrEnum):
    """What a payout line pays (REM-90)."""

    FIXED_PAY = "fixed_pay"  # mayor, deputy mayor (REM-10)
    SEVERANCE = "severance"  # REM-12
    MEETING_FEE = "meeting_fee"  # REM-30..34
    LEADER_PAY = "leader_pay"  # group leader's yearly remuneration (REM-32), fixed leader pay (REM-34)
    LOST_EARNINGS = "lost_earnings"  # REM-20..22
    BUYOUT = "buyout"  # frikjøp, REM-40
    PHONE_ALLOWANCE = "phone_allowance"  # REM-50
    CARE_EXPENSES = "care_expenses"  # REM-70
    TRAVEL = "travel"  # travel expense claims (REM-03)
    PARTY_SUPPORT = "party_support"  # REM-60, to the party group
    REPRESENTATIVE_SUPPORT = "representative_support"  # REM-60, per representative, to the group
    PENSION_LOSS = "pension_loss"  # REM-11: documented loss of pension, mayor and deputy mayor
    BENEFIT_IN_KIND = "benefit_in_kind"  # REM-11, REM-50 §8: reported at its taxable value, never paid in cash

    @property
    def cash(self) -> bool:
        """Whether the line is paid out; a benefit in kind is only reported (REM-92)."""
        return self is not ItemType.BENEFIT_IN_KIND


class LineStatus(StrEnum):
    """Whether a line's amount is known (REM-33: a rate the council has not set yet is never paid as 0)."""

    COMPUTED = "computed"
    RATE_PENDING = "rate_pending"  # amount is 0 and must not be paid; shown to the administration


class RecipientKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"  # party groups and lists (REM-60)


class DocumentationKind(StrEnum):
    """What documents a claimed loss or expense (REM-20: the employer's statement for wage earners)."""

    EMPLOYER_STATEMENT = "employer_statement"  # the employer's statement of pay deduction
    TAX_ASSESSMENT = "tax_assessment"  # likningsattest, for the self-employed
    PENSION_STATEMENT = "pension_statement"  # the pension scheme's statement of a lost accrual (REM-11)
    RECEIPT = "receipt"  # an expense paid (care, travel)
    OTHER = "other"  # other documentation the administration approves


class EarnerCategory(StrEnum):
    """What an official's lost earnings are, which decides what may be claimed (REM-20, REM-21, REM-33)."""

    WAGE_EARNER = "wage_earner"
    SELF_EMPLOYED = "self_employed"
    PENSIONER = "pensioner"
    STUDENT = "student"
    HOMEMAKER = "homemaker"
    OTHER = "other"


# The years a period may be written with: the platform's date range (folkevalgt_shared.inputs).
FIRST_YEAR, LAST_YEAR = 1900, 2099


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter, the unit of claims and payouts (REM-04)."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter must be 1–4, not {self.quarter}")

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, label: str) -> Period:
        """'2026Q1' → Period(2026, 1); four ASCII digits of a year from 1900 to 2099, as every date the API takes."""
        year, _, quarter = label.upper().partition("Q")
        if not (len(year) == 4 and year.isascii() and year.isdigit() and quarter in ("1", "2", "3", "4")):
            raise ValueError(f"a period is written like 2026Q1, not {label!r}")
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise ValueError(f"a period's year is from {FIRST_YEAR} to {LAST_YEAR}, not {year}")
        return cls(int(year), int(quarter))

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        """Last day of the quarter."""
        if self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month: the unit of the monthly payout of fixed pay (REM-10) within its quarter."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1–12, not {self.month}")

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, label: str) -> Month:
        """'2026-05' → Month(2026, 5); a year from 1900 to 2099."""
        year, dash, month = label.partition("-")
        digits = (year + month).isascii() and year.isdigit() and month.isdigit()
        if not (dash and digits and len(year) == 4 and len(month) == 2):
            raise ValueError(f"a month is written like 2026-05, not {label!r}")
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise ValueError(f"a month's year is from {FIRST_YEAR} to {LAST_YEAR}, not {year}")
        return cls(int(year), int(month))

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        if self.month == 12:
            return date(self.year, 12, 31)
        return date(self.year, self.month + 1, 1) - timedelta(days=1)

    @property
    def quarter(self) -> Period:
        return Period.of(self.start)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Attendance:
    """One person's attendance at one meeting, from the meetings service's `attendance.recorded`."""

    event_id: UUID
    meeting_id: UUID
    body_key: str
    body_type: str
    person_id: UUID
    role: str
    as_deputy: bool
    attended_from: datetime  # UTC
    attended_to: datetime  # UTC
    remote: bool
    secretariat_present: bool
    meeting_kind: str = "meeting"  # "meeting" | "group_meeting" | "course" | "representation" (REM-31, REM-33)
    received_at: datetime | None = None  # when the attendance first reached us (REM-31: whichever arrives first)


@dataclass(frozen=True)
class Office:
    """A role a person holds in a body for a span of days (from the register read model)."""

    person_id: UUID
    body_key: str
    body_type: str
    role: str  # member, deputy, chair, vice_chair, mayor, deputy_mayor, group_leader
    party_group: str | None
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class PayLine:
    """One computed amount with its explanation (REM-91)."""

    recipient_id: str  # a person's UUID, or a party group's name for organisations
    recipient_kind: RecipientKind
    period: Period
    item_type: ItemType
    amount: Ore
    rule: str  # e.g. "REM-30"
    rate_version: str  # the decision that set the rate used
    explanation: str  # how the amount was reached, in words and numbers
    sources: tuple[str, ...] = field(default=())  # "attendance:<event id>", "claim:<id>", "office:<…>"
    earned_on: date | None = None  # the day the line concerns, or the first day of the span it pays
    status: LineStatus = LineStatus.COMPUTED
    monthly: bool = False  # the line pays part of one calendar month only (REM-10: paid monthly)

    def __post_init__(self) -> None:
        if self.status is LineStatus.RATE_PENDING and self.amount != 0:
            raise ValueError("a rate-pending line carries no amount")

    @property
    def payable(self) -> bool:
        return self.status is LineStatus.COMPUTED


@dataclass(frozen=True)
class MeetingHeld:
    """A meeting the body held (from `meeting.closed`); the base of attendance shares (REM-80)."""

    meeting_id: UUID
    body_key: str
    body_type: str
    held_on: date  # Europe/Oslo date


@dataclass(frozen=True)
class LeaveFromOffice:
    """Leave from office (from the leave service's `office_leave.*`), for REM-81."""

    person_id: UUID
    start_date: date
    end_date: date | None  # the last day on leave; None: still running
    body_keys: frozenset[str] = frozenset()  # the bodies whose offices it covers; empty: every office
    reason: str = "other"  # the leave service's category: health, work, family, education, other (REM-11)

    def covers_any(self, body_keys: Iterable[str]) -> bool:
        """Whether the leave covers an office in one of the bodies."""
        return not self.body_keys or not self.body_keys.isdisjoint(body_keys)


@dataclass(frozen=True)
class EquivalentRemuneration:
    """Equivalent remuneration paid under law or special agreement, recorded by the administration (REM-31):
    the meeting fee lapses for one meeting, or for a body's meetings from `start_date` to `end_date`."""

    person_id: UUID
    basis: str  # the law or agreement that pays instead, e.g. "Styrehonorar etter avtale med KS"
    meeting_id: UUID | None = None
    body_key: str | None = None
    start_date: date | None = None  # with `body_key`: the first day covered
    end_date: date | None = None  # the last day covered; None: until further notice

    def covers(self, attendance: Attendance, day: date) -> bool:
        """Whether the attendance (on its Oslo `day`) is one whose fee this record makes lapse."""
        if attendance.person_id != self.person_id:
            return False
        if self.meeting_id is not None:
            return attendance.meeting_id == self.meeting_id
        first, last = self.start_date or date.min, self.end_date or date.max
        return attendance.body_key == self.body_key and first <= day <= last


@dataclass(frozen=True)
class ClaimedFee:
    """A meeting fee an official claimed (no secretariat present) and was granted: it holds its place under
    the day's caps against fees from attendance that arrive after it (REM-31)."""

    claim_id: UUID
    person_id: UUID
    day: date  # Oslo date
    body_key: str
    received_at: datetime


class LossBasisKind(StrEnum):
    """What a bought-out day costs the official (REM-40 at the REM-20 rates)."""

    DOCUMENTED = "documented"  # a documented loss per day, up to the documented day cap
    UNDOCUMENTED = "undocumented"  # on application, where REM-20 allows undocumented loss
    NO_LOSS = "no_loss"  # e.g. released by the employer with pay: nothing to compensate (REM-22)


@dataclass(frozen=True)
class LossBasis:
    """The official's lost-earnings rate for buyout over a span of days, recorded by the administration."""

    person_id: UUID
    kind: LossBasisKind
    start_date: date
    end_date: date | None = None  # the last day covered; None: until further notice
    day_loss: Ore | None = None  # documented: the loss per working day, holiday pay and pension included
    documentation: str = ""  # the statement relied on, or the justification of an undocumented loss
    basis_id: UUID | None = None
