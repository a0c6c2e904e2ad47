from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

ListName = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]


class PartyListsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    unrepresented: list[ListName] = Field(
        description="Approved lists at the year's election that won no council seat (REM-60)", max_length=50
    )
    election_year: StrictBool | None = Field(
        default=None, description="Whether the year had a municipal election; null: by the four-year cycle"
    )


class PartyListsOut(PartyListsIn):
    model_config = ConfigDict(from_attributes=True)
    year: int
    version: int
    modified_at: datetime
    modified_by: str
