from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from folkevalgt_shared.inputs import BoundedDate


class DeclarationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID
    signed_on: BoundedDate
    valid_until: BoundedDate | None = Field(default=None, description="Last day in force; none: until withdrawn")
    reference: str | None = Field(default=None, max_length=200, description="Where the signed declaration is archived")


class DeclarationOut(DeclarationIn):
    model_config = ConfigDict(extra="ignore")
    id: UUID
    recorded_by: str
    created_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdraw_reason: str | None
    version: int
    modified_at: datetime


class DeclarationPage(BaseModel):
    items: list[DeclarationOut]
    next: str | None
