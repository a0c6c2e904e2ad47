from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    seq: int
    at: datetime
    actor: str = Field(description="Who: the caller's subject, or events/sweep for what the service did on its own")
    action: str
    person_id: str | None = Field(description="Whose access it concerns")
    case_number: str | None
    document_id: str | None
    outcome: str | None
    rules: list[str]
    reason: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPage(BaseModel):
    items: list[AuditEntryOut]
    next: str | None


class VerificationOut(BaseModel):
    valid: bool
    entries: int = Field(description="Entries checked, in order, up to the first that does not hold")
    head: str = Field(description="The hash of the last entry that holds")
    broken_at: int | None
    problem: str | None
