from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from folkevalgt_shared.inputs import BoundedDateTime, Money
from remuneration.inputs import Day


class ClaimIn(BaseModel):
    """A claim (krav) for one day. Which fields a kind needs: lost_earnings — documented with
    `documentation_kind` (fitting the earner category: the employer's statement for a wage earner) +
    `documentation_ref` and `amount_claimed`, or undocumented with `justification` and `hours` (REM-20/21);
    care_expenses — documented, `care_kind` child (with `child_age`, under 12) or other (with `hours`),
    `amount_claimed` (REM-70); meeting_fee — where no secretariat was present: `meeting_ref`, `body_key` and
    the meeting's length in `hours`, from its start to its end (REM-03, REM-30, REM-34); travel —
    `amount_claimed` and the receipt in `documentation_ref` (REM-03); pension_loss — the mayor's or deputy
    mayor's documented loss of pension, `documentation_kind` + `documentation_ref` and `amount_claimed`
    (REM-11). The same claim (kind, day, documentation) sent twice is 409."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["lost_earnings", "care_expenses", "meeting_fee", "travel", "pension_loss"]
    person_id: UUID | None = Field(default=None, description="Whose claim; default the caller (an official)")
    day: Day = Field(description="The day the claim concerns (Europe/Oslo); it decides the quarter (REM-04)")
    hours: Decimal | None = Field(default=None, gt=0, le=24, max_digits=4, decimal_places=2)
    attended_from: BoundedDateTime | None = None
    attended_to: BoundedDateTime | None = None
    documented: StrictBool = False
    documentation_kind: (
        Literal["employer_statement", "tax_assessment", "pension_statement", "receipt", "other"] | None
    ) = Field(
        default=None,
        description="Employees: the employer's statement of pay deduction; self-employed: the tax assessment "
        "(REM-20); a loss of pension: the pension scheme's statement (REM-11); expenses: the receipt",
    )
    documentation_ref: str | None = Field(default=None, max_length=500)
    justification: str | None = Field(default=None, max_length=2000, description="Undocumented loss: why (REM-20)")
    amount_claimed: Money | None = Field(default=None, description='NOK as a decimal string, e.g. "1800.00"')
    care_kind: Literal["child", "other"] | None = None
    child_age: StrictInt | None = Field(default=None, ge=0, le=25)
    meeting_ref: str | None = Field(default=None, max_length=200)
    meeting_id: UUID | None = None
    body_key: str | None = Field(default=None, max_length=100)
    body_type: str | None = Field(default=None, max_length=50, description="Default: the body's type in the register")
    role: str | None = Field(default=None, max_length=30, description="Default: the person's role in the body")
    as_deputy: StrictBool = False
    remote: StrictBool = False
    course: StrictBool = False
    group_meeting: StrictBool = False
    mandatory_duty: StrictBool = True
    free_time_only: StrictBool = False


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=5, max_length=2000)


class OverrideOut(BaseModel):
    reason: str
    granted_by: str
    granted_at: datetime


class ClaimOut(BaseModel):
    id: UUID
    person_id: UUID
    kind: str
    item_type: str
    period: str
    day: date
    status: Literal["assessed", "rate_pending", "rejected", "approved", "paid"]
    amount: str | None = Field(description="The assessed amount, NOK; null while rejected or rate pending")
    currency: Literal["NOK"] = "NOK"
    rule: str | None = Field(description="The rule that priced or rejected the claim")
    rate_version: str | None
    explanation: str = Field(description="Why: how the amount was reached, or why the claim was rejected")
    received_at: datetime
    claim_deadline: date = Field(description="REM-04: the last day claims for the period are received")
    decided_at: datetime | None
    decided_by: str | None
    override: OverrideOut | None = Field(description="REM-05: the authorised override that admitted a late claim")
    details: dict[str, object] = Field(description="The claim as submitted")
    version: int


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    next: str | None
