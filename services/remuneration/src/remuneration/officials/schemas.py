from __future__ import annotations

from datetime import datetime
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
