from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StringConstraints
from pydantic_core import PydanticCustomError

from access.http import DOCUMENTS_SEGMENT
from folkevalgt_shared.inputs import BoundedDate, BoundedDateTime


def _addressable(value: str) -> str:
    # `/cases/{case_number}/documents` is the case's document listing: a number ending so has no URL.
    if value.endswith("/" + DOCUMENTS_SEGMENT):
        raise PydanticCustomError(
            "case_number_reserved", "a case number cannot end in /{segment}", {"segment": DOCUMENTS_SEGMENT}
        )
    return value


CaseNumber = Annotated[
    str,
    StringConstraints(min_length=1, max_length=50, pattern=r"^[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå/._-]*$"),
    AfterValidator(_addressable),
]
Code = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class CaseFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    case_id: str | None = Field(default=None, max_length=100, description="The case-management system's id (saksmappe)")
    title: str | None = Field(default=None, min_length=1, max_length=500)
    public_title: str | None = Field(
        default=None, max_length=500, description="offentligTittel: screened words replaced"
    )
    title_screened: StrictBool = Field(default=False, description="Noark 5 skjerming av tittel (ACC-71)")
    title_basis: str | None = Field(default=None, max_length=300, description="Legal basis of the title's screening")
    owning_body: Code | None = Field(default=None, description="The body in whose remit the case lies (ACC-04)")
    remit_areas: list[Code] = Field(default_factory=list, description="Remit areas (saklig virkeområde), ACC-04")
    competition_group: Code | None = Field(
        default=None, description="Cases competing for the same scarce good share a group (ACC-41)"
    )
    finished_at: BoundedDateTime | None = Field(
        default=None, description="ACC-11: when the administration finished a case it decides itself"
    )
    confidential_until: BoundedDate | None = Field(
        default=None, description="ACC-23: a closed case's material is confidential until this day"
    )


class CaseIn(CaseFields):
    case_number: CaseNumber = Field(description="Saksnummer, as the meetings service knows it, e.g. 071/26")


class CasePatch(CaseFields):
    """Only the fields given change."""


class PresentationOut(BaseModel):
    meeting_id: UUID
    body_key: str
    presented_at: datetime
    closed: bool


class CaseOut(CaseFields):
    model_config = ConfigDict(extra="ignore")
    case_number: str
    closed: bool = Field(description="Treated behind closed doors (MTG-07), as the meetings service said")
    closed_basis: str | None
    presented_at: datetime | None
    stage: Literal["under_preparation", "presented", "finished"]
    registered: bool = Field(description="Registered by the case-management system (not only presented)")
    presentations: list[PresentationOut] = []
    version: int
    modified_at: datetime


class CasePage(BaseModel):
    items: list[CaseOut]
    next: str | None
