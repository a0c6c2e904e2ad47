from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from folkevalgt_shared.pagination import Page
from leave.employees.schemas import PotOut
from leave.schemas import DaysText, HoursText, Ref, Strict, Text

HoursPerDay = Annotated[
    Decimal, Field(gt=0, le=24, decimal_places=4, description="Hours of each working day; none: whole days")
]
Channel = Literal["written", "phone", "in_person"]


class ApplicationIn(Strict):
    """A permisjonssøknad (LEA-02): the reason (a code per rule, `GET /leave/reasons`), the days, and why."""

    employee_id: UUID | None = Field(default=None, description="Default: the caller (an employee applies as themself)")
    reason: str = Field(min_length=1, max_length=40, examples=["death"])
    start_date: date
    end_date: date
    hours_per_day: HoursPerDay | None = None
    occasion: Ref | None = Field(
        default=None, description="Applications naming the same occasion share the reason's maximum (LEA-10..25)"
    )
    justification: Text = Field(description="Søknaden skal være begrunnet (LEA-02)")
    documentation_ref: Ref | None = None
    legal_basis: Ref | None = Field(default=None, description="Statutory leave (LEA-50): the basis, if not the usual")
    channel: Channel = Field(default="written", description="LEA-02: written, or phone/in person when urgent")
    urgent: bool = False


class GrantIn(Strict):
    """The unit manager's decision (LEA-03): grant, possibly less than applied for, or deny with a reason."""

    outcome: Literal["grant", "deny"]
    start_date: date | None = Field(default=None, description="Grant less: a later first day")
    end_date: date | None = Field(default=None, description="Grant less: an earlier last day")
    hours_per_day: HoursPerDay | None = Field(default=None, description="Grant less: fewer hours per day")
    note: Text | None = Field(default=None, description="Required to deny: the reason (budget, staffing, …)")
    holiday_pay_beyond_three_months: bool = Field(
        default=True, description="LEA-04: paid leave beyond 3 months counts in the holiday-pay basis unless not"
    )


class RevokeIn(Strict):
    reason: Text
    from_date: date | None = Field(
        default=None, description="The first day no longer granted (default today); on or before the start: all of it"
    )


class WithdrawIn(Strict):
    note: Text | None = None


class PartOut(Strict):
    year: int
    first_date: date
    last_date: date
    days: int
    hours_per_day: HoursText
    hours: HoursText
    pay: Literal["paid", "unpaid", "statutory"]
    pot: str | None
    rule: str
    why: str
    right: bool
    discretionary: bool


class ConsequencesOut(Strict):
    """LEA-04: wage seniority, holiday-pay basis, pension."""

    seniority_interrupted: bool
    pension_reported_out_from: date | None
    holiday_pay_beyond_three_months: bool
    statements: list[str]


class SplitOut(Strict):
    """LEA-16: how much is paid and unpaid and why, part by part, with the pots afterwards (LEA-03)."""

    requested_hours: HoursText
    paid_hours: HoursText
    unpaid_hours: HoursText
    statutory_hours: HoursText
    paid_days: DaysText
    unpaid_days: DaysText
    parts: list[PartOut]
    consequences: ConsequencesOut


class ProposalOut(Strict):
    """What the service proposes to the manager (LEA-03), computed with the pots as they stand now."""

    outcome: Literal["grant", "deny"]
    note: str
    rule_version: str
    split: SplitOut
    pots_after: list[PotOut] = Field(description="LEA-03: the pots of the years touched, after this grant")


class DecisionOut(Strict):
    outcome: Literal["grant", "deny"]
    decided_by: str
    decided_at: datetime
    note: str | None
    rule_version: str | None
    split: SplitOut | None = Field(description="What is granted now (after a cut, what remains); none if denied")
    pots_after: list[PotOut] = Field(description="LEA-03: the remaining quota of each pot touched, as decided")


class RevocationOut(Strict):
    from_date: date
    reason: str
    revoked_by: str
    revoked_at: datetime


class ExtentOut(Strict):
    start_date: date
    end_date: date
    hours_per_day: HoursText | None


class ApplicationOut(Strict):
    id: UUID
    employee_id: UUID
    unit_id: UUID
    reason: str
    rule: str
    section: str
    title: str
    legal_basis: str | None
    occasion: str | None
    justification: str
    documentation_ref: str | None
    channel: Channel
    urgent: bool
    status: Literal["pending", "granted", "denied", "withdrawn", "revoked"]
    requested: ExtentOut
    current: ExtentOut = Field(description="What it covers now: as applied for, granted, or cut short")
    submitted_by: str
    submitted_at: datetime
    proposal: ProposalOut | None = Field(default=None, description="While pending: what the rules give today")
    decision: DecisionOut | None = None
    revocation: RevocationOut | None = None
    version: int
    modified_at: datetime


class ApplicationPage(Page[ApplicationOut]):
    pass


class ReasonOut(Strict):
    code: str
    rule: str
    section: str
    title: str
    source: Literal["regulation", "law", "statutory"]
    paid: bool | None
    max_days: str | None
    max_years: int | None
    pot: str | None
    right: bool
    discretionary: bool
    legal_basis: str | None
    requires_documentation: str | None = Field(default=None, description="A precondition to document (LEA-41)")
