from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field


class PayrollLineOut(BaseModel):
    """One approved payout line as payroll reads it (REM-90, REM-91, REM-92)."""

    line_id: UUID
    sequence: int = Field(description="Position in the approved stream; pass the last one seen as `after`")
    batch_id: UUID
    recipient_kind: Literal["person", "organisation"]
    recipient_id: str = Field(description="The person's id, or the party group's name (REM-60)")
    period: str = Field(description="The quarter, e.g. 2026Q1")
    payout_deadline: date = Field(description="REM-04: the quarter's payout deadline, the day to pay the line by")
    item_type: str
    amount: str = Field(description="Decimal string, two places; negative for a correction that takes back")
    currency: Literal["NOK"] = "NOK"
    benefit_type: str | None = Field(description="a-melding benefit type (REM-92), e.g. kontantytelse")
    reporting_code: str | None = Field(
        description="a-melding description (REM-92), e.g. styrehonorarOgGodtgjoerelseVerv; null: not reported"
    )
    tax_treatment: str = Field(description="How payroll withholds tax on this line (REM-92)")
    rule: str
    rate_version: str = Field(description="The decision that set the rate used (REM-01, REM-91)")
    sources: list[str] = Field(description="attendance:<event id>, claim:<id>, office:<…> behind the amount")
    claim_id: UUID | None
    corrects: UUID | None = Field(description="The earlier line this one corrects; the difference is `amount`")
    earned_on: date | None
    explanation: str


class PayrollPage(BaseModel):
    items: list[PayrollLineOut]
    cursor: int = Field(description="The `after` for the next pull: the last sequence returned (or the one sent)")
    next: str | None = Field(description="Link to the next page while more lines are waiting")
