from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from access.cases.schemas import CaseNumber
from folkevalgt_shared.inputs import BoundedDate

ExternalId = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ScreeningFields(BaseModel):
    """Noark 5 skjerming (ACC-65). Leave `restriction_code` out for a public document."""

    model_config = ConfigDict(extra="forbid")
    restriction_code: str | None = Field(
        default=None, max_length=10, description="tilgangsrestriksjon, e.g. UO, P, KL, XX (see the settings)"
    )
    screening_basis: str | None = Field(
        default=None, max_length=300, description='skjermingshjemmel, e.g. "Offl. § 13 jf. fvl. § 13 (1) nr. 1"'
    )
    screened_fields: list[str] = Field(default_factory=list, description="skjermingMetadata: title, correspondent, …")
    screening_scope: Literal["whole", "partial"] | None = Field(default=None, description="skjermingDokument")
    screening_ends_on: BoundedDate | None = Field(
        default=None, description="skjermingOpphoererDato: screening ends this day"
    )
    exempt_from_party_access: StrictBool = Field(default=False, description="fvl § 19: not even a party may see it")


class DocumentFields(ScreeningFields):
    title: str = Field(min_length=1, max_length=500)
    public_title: str | None = Field(default=None, max_length=500, description="offentligTittel")
    document_date: BoundedDate | None = None
    direction: str | None = Field(default=None, max_length=2, description="journalposttype: I, U, N, X, S")
    correspondent: str | None = Field(default=None, max_length=300, description="avsender/mottaker")


class DocumentIn(DocumentFields):
    external_id: ExternalId = Field(description="The case-management system's id of the document (journalpost)")
    case_number: CaseNumber


class DocumentPatch(BaseModel):
    """Only the fields given change."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, min_length=1, max_length=500)
    public_title: str | None = Field(default=None, max_length=500)
    document_date: BoundedDate | None = None
    direction: str | None = Field(default=None, max_length=2)
    correspondent: str | None = Field(default=None, max_length=300)
    restriction_code: str | None = Field(default=None, max_length=10)
    screening_basis: str | None = Field(default=None, max_length=300)
    screened_fields: list[str] | None = None
    screening_scope: Literal["whole", "partial"] | None = None
    screening_ends_on: BoundedDate | None = None
    exempt_from_party_access: StrictBool | None = None


class DocumentOut(DocumentFields):
    model_config = ConfigDict(extra="ignore")
    id: UUID
    external_id: str | None
    meetings_document_id: UUID | None
    case_number: str
    presented_exempt: bool = Field(description="Marked exempt on a meeting's agenda (MTG-06)")
    presented_basis: str | None
    registered: bool = Field(description="Registered by the case-management system (not only on an agenda)")
    version: int
    modified_at: datetime


class DocumentPage(BaseModel):
    items: list[DocumentOut]
    next: str | None
