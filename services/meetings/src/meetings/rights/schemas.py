from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool

Capacity = Literal[
    "chief_executive",
    "mayor",
    "elderly_council_leader",
    "disability_council_leader",
    "youth_council_leader",
    "other",
]


class RightsFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    attend: StrictBool = Field(default=False, description="Møterett")
    speak: StrictBool = Field(default=False, description="Talerett")
    propose: StrictBool = Field(default=False, description="Forslagsrett")
    duty_to_attend: StrictBool = Field(default=False, description="Møteplikt")


class BodyRightIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: UUID = Field(description="Who exercises the right (the office holder, or whom they authorise)")
    capacity: Capacity = Field(
        description="MTG-03: the rules fix the rights of the chief executive, the mayor and the advisory councils' "
        "leaders per body; 'other' is a right by law or agreement, stated with its basis"
    )
    rights: RightsFields | None = Field(default=None, description="Only for capacity 'other'; else from the rules")
    basis: str | None = Field(default=None, min_length=3, max_length=300, description="E.g. 'KL § 23 nr. 3'")
    start_date: date
    end_date: date | None = None


class BodyRightOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    body_id: UUID
    person_id: UUID
    capacity: str
    attend: bool
    speak: bool
    propose: bool
    duty_to_attend: bool
    basis: str | None
    start_date: date
    end_date: date | None
