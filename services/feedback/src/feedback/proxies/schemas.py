from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

CaseNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PowerOfAttorneyIn(Strict):
    """The resident's power of attorney (fullmakt, fvl. § 12): written, kept as a document."""

    written: bool = Field(description="Must be true: an oral authorisation is not recorded (FBK-13)")
    document_ref: str = Field(max_length=200, description="The written power of attorney in the archive")
    signed_on: date | None = None


class ProxyIn(Strict):
    power_of_attorney: PowerOfAttorneyIn
    case_numbers: list[CaseNumber] = Field(description="The resident's case(s) it covers: its whole scope")
    valid_from: date
    valid_to: date | None = Field(default=None, description="The last day it is valid; none: until revoked")
    person_id: UUID | None = Field(default=None, description="The politician acting as proxy; default the receiver")


class RevokeIn(Strict):
    reason: str | None = Field(default=None, max_length=2000)


class ProxyOut(BaseModel):
    id: UUID
    item_id: UUID
    person_id: UUID
    resident_ref: str
    case_numbers: list[str]
    power_of_attorney_ref: str
    signed_on: date | None
    valid_from: date
    valid_to: date | None
    status: str = Field(description="active, revoked or ended (valid_to passed)")
    in_force: bool
    revoked_at: datetime | None
    reminder: str | None = Field(default=None, description="FBK-13: confidentiality and disqualification")
    version: int


class ProxyPage(BaseModel):
    items: list[ProxyOut]
    next: str | None
