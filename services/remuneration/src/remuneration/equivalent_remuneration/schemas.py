from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from remuneration.inputs import Day

Basis = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]
BodyKey = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]


class EquivalentRemunerationIn(BaseModel):
    """Annen tilsvarende godtgjørelse i medhold av lov eller særskilt avtale: the meeting fee lapses (REM-31).
    Either one meeting (`meeting_id`) or a body's meetings from `start_date` to `end_date` (`body_key`)."""

    model_config = ConfigDict(extra="forbid")
    person_id: UUID
    meeting_id: UUID | None = Field(default=None, description="The one meeting whose fee lapses")
    body_key: BodyKey | None = Field(default=None, description="The body whose meetings' fees lapse over the span")
    start_date: Day | None = Field(default=None, description="With body_key: the first day covered (Oslo date)")
    end_date: Day | None = Field(default=None, description="With body_key: the last day covered; none: open")
    basis: Basis = Field(description="The law or agreement that pays the equivalent remuneration")


class EquivalentRemunerationOut(EquivalentRemunerationIn):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    recorded_at: datetime
    recorded_by: str
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    version: int = Field(description="1, or 2 once withdrawn: the ETag to send in If-Match to withdraw it")
