from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field


class Compared(BaseModel):
    model: str = Field(description="NOK under the model asked about")
    active: str = Field(description="NOK under the model in force")
    difference: str = Field(description="model − active")
    currency: Literal["NOK"] = "NOK"


class ItemCompared(Compared):
    item_type: str


class RecipientCompared(Compared):
    recipient_kind: Literal["person", "organisation"]
    recipient_id: str
    name: str | None


class RefusedClaim(BaseModel):
    claim_id: UUID
    rule: str | None
    reason: str


class WhatIfOut(BaseModel):
    """REM-34: the same stored attendance, offices and claims priced under another model; nothing is stored."""

    periods: list[str]
    model: str
    model_label: str
    active_model: str
    total: Compared
    by_item_type: list[ItemCompared]
    by_recipient: list[RecipientCompared]
    rate_pending: dict[str, int] = Field(description="Lines whose rate is not set, per model ('model', 'active')")
    claims_refused_under_model: list[RefusedClaim] = Field(
        description="Claims granted today that the model asked about would refuse"
    )
