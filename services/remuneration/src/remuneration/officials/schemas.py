from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from remuneration.domain.model import EarnerCategory


class OfficialIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    earner_category: EarnerCategory = Field(
        description="Lønnstaker, selvstendig næringsdrivende, pensjonist, student, hjemmeværende (REM-20, REM-33)"
    )


class OfficialOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    person_id: UUID
    earner_category: EarnerCategory
    version: int
    modified_at: datetime
    modified_by: str


class OfficeHeld(BaseModel):
    body_key: str
    body_type: str
    role: str


class SickPayOut(BaseModel):
    rule: str = "REM-11"
    weeks: int = Field(description="How long the pay goes on through a leave for illness")
    leave_reasons: list[str]
    basis: str


class PensionLossOut(BaseModel):
    rule: str = "REM-11"
    claim_kind: str = Field(default="pension_loss", description="Claimed as documented, paid in full")


class BenefitOut(BaseModel):
    label: str
    rule: str
    kind: str
    reportable: bool | None = Field(description="Reported in the a-melding; null: no tax rule recorded for the day")
    yearly_value: str | None = Field(description="The taxable value a year, NOK, where reportable")
    currency: Literal["NOK"] = "NOK"
    reporting_code: str | None
    basis: str | None = Field(description="The tax rule relied on: why it is, or is not, reportable")


class TermsOut(BaseModel):
    """An official's terms on a day besides the amounts computed: the mayor's and deputy mayor's sick pay and
    pension loss (REM-11) and the benefits in kind the offices give (REM-11, REM-50 §8)."""

    person_id: UUID
    on: date
    offices: list[OfficeHeld]
    sick_pay: SickPayOut | None
    pension_loss: PensionLossOut | None
    benefits_in_kind: list[BenefitOut]
