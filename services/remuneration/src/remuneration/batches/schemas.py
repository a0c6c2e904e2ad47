from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from remuneration.inputs import Day


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: str = Field(
        pattern=r"^(19|20)[0-9]{2}([Qq][1-4]|-(0[1-9]|1[0-2]))$",
        description="The quarter to pay once it has ended, e.g. 2026Q1 (REM-04); or a month that has ended, "
        "e.g. 2026-05, for the monthly items only: fixed pay, severance, buyout (REM-10)",
    )


class PaidIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    paid_on: Day | None = Field(
        default=None, description="The day of payment (default: today, Oslo time); not before the approval"
    )


class ItemTotal(BaseModel):
    lines: int
    amount: str
    currency: Literal["NOK"] = "NOK"


class RecipientTotal(BaseModel):
    recipient_kind: Literal["person", "organisation"]
    recipient_id: str
    lines: int
    amount: str
    currency: Literal["NOK"] = "NOK"


class BatchTotals(BaseModel):
    lines: int
    corrections: int = Field(description="Lines that correct a line of an earlier approved batch (REM-90)")
    total: str = Field(description="What is paid out; benefits in kind are reported, not paid, and are left out")
    currency: Literal["NOK"] = "NOK"
    by_item_type: dict[str, ItemTotal]
    by_recipient: list[RecipientTotal]


class PendingOut(BaseModel):
    recipient_kind: Literal["person", "organisation"]
    recipient_id: str
    item_type: str
    rule: str
    rate_version: str
    earned_on: date | None
    explanation: str
    sources: list[str]


class BatchOut(BaseModel):
    id: UUID
    period: str = Field(description="The quarter (REM-04)")
    month: str | None = Field(description="A monthly batch's month (REM-10: the monthly items only); null: the quarter")
    payout_deadline: date = Field(description="REM-04: the quarter's payout deadline")
    overdue: bool = Field(description="Paid after the payout deadline, or not paid and the deadline has passed")
    status: Literal["draft", "approved", "paid"]
    model: str = Field(description="The remuneration model in force for the period (1 = Sør-Varanger's scheme)")
    rate_pending: list[PendingOut] = Field(
        description="Computed amounts whose rate the council has not set (REM-33): not paid, shown here"
    )
    created_at: datetime
    created_by: str
    approved_at: datetime | None
    approved_by: str | None
    paid_on: date | None
    paid_at: datetime | None
    paid_by: str | None
    totals: BatchTotals
    version: int = Field(description="Goes up with each change; the ETag to send in If-Match to discard a draft")


class LineOut(BaseModel):
    """A line of a batch with its explanation (REM-91); `sequence` is set once the batch is approved."""

    line_id: UUID
    sequence: int | None
    batch_id: UUID
    recipient_kind: Literal["person", "organisation"]
    recipient_id: str
    period: str
    payout_deadline: date = Field(description="REM-04: the day the line is to be paid by")
    item_type: str
    amount: str
    currency: Literal["NOK"] = "NOK"
    benefit_type: str | None
    reporting_code: str | None
    tax_treatment: str
    rule: str
    rate_version: str
    sources: list[str]
    claim_id: UUID | None
    corrects: UUID | None
    earned_on: date | None
    explanation: str


class LinePage(BaseModel):
    items: list[LineOut]
    next: str | None
