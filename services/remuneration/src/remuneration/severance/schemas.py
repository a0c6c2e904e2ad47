from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from remuneration.inputs import Day


class SeveranceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID
    role: Literal["mayor", "deputy_mayor"] = Field(description="The office left (the roles with a time share)")
    last_day_in_office: Day
    has_job_to_return_to: StrictBool = Field(description="1.5 months' pay with a job to return to, else 3 (REM-12)")


class SeveranceOut(SeveranceIn):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    recorded_at: datetime
    recorded_by: str
