from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import ConfigDict, Field

from folkevalgt_shared.inputs import NotNull, PatchModel
from leave.schemas import Code, Name, Strict


class UnitIn(Strict):
    code: Code = Field(description="HR's key of the unit (virksomhet), e.g. 'HESSENG-BHG'")
    name: Name
    manager_id: UUID | None = Field(default=None, description="The employee who manages the unit (LEA-03)")


class UnitPatch(PatchModel):
    name: NotNull[Name] = Field(default=None, description="A unit always has a name: may be left out, not nulled")
    manager_id: UUID | None = Field(default=None, description="null: the unit has no manager for now")


class UnitOut(Strict):
    model_config = ConfigDict(from_attributes=True, extra="forbid")
    id: UUID
    code: str
    name: str
    manager_id: UUID | None
    version: int
    modified_at: datetime


class UnitImportRow(Strict):
    code: Code
    name: Name
    manager_employee_number: Code | None = Field(default=None, description="The manager, by employee number")


class ImportResult(Strict):
    created: int
    updated: int
    unchanged: int
