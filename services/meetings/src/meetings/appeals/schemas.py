from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class AppealIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision_reference: str = Field(min_length=1, max_length=200, description="e.g. 'KST 042/26'")
    decided_by: str = Field(min_length=1, max_length=200, description="The body or unit that made the decision")
    decided_on: date
    agenda_item_id: UUID | None = None
    signatories: list[UUID] = Field(min_length=1, description="Council members behind the appeal (at least 3)")
    grounds: str = Field(
        min_length=5, max_length=20000, description="Why the decision is unlawful: content, competence or procedure"
    )


class AppealOut(AppealIn):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    lodged_on: date
    deadline: date
    status: str
