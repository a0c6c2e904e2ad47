"""Document metadata (never the files): Noark 5 registration from the case-management system, and the
agenda's documents from case.presented. One row per document, whichever told us first."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import JSON, Boolean, Date, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from access.db import Base, Versioned


class AccessDocument(Versioned, Base):
    __tablename__ = "access_document"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)  # journalpost/dokument id
    meetings_document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, unique=True)
    case_number: Mapped[str] = mapped_column(String(50), index=True)
    title: Mapped[str] = mapped_column(String(500))
    public_title: Mapped[str | None] = mapped_column(String(500))  # offentligTittel
    document_date: Mapped[date | None] = mapped_column(Date)
    direction: Mapped[str | None] = mapped_column(String(2))  # journalposttype
    correspondent: Mapped[str | None] = mapped_column(String(300))
    restriction_code: Mapped[str | None] = mapped_column(String(10))  # tilgangsrestriksjon
    screening_basis: Mapped[str | None] = mapped_column(String(300))  # skjermingshjemmel
    screened_fields: Mapped[list[str]] = mapped_column(JSON, default=list)  # skjermingMetadata
    screening_scope: Mapped[str | None] = mapped_column(String(10))  # skjermingDokument
    screening_ends_on: Mapped[date | None] = mapped_column(Date)  # skjermingOpphoererDato
    presented_exempt: Mapped[bool] = mapped_column(Boolean, default=False)  # MTG-06, as on the agenda
    presented_basis: Mapped[str | None] = mapped_column(String(300))
    exempt_from_party_access: Mapped[bool] = mapped_column(Boolean, default=False)  # fvl § 19
    registered: Mapped[bool] = mapped_column(Boolean, default=False)  # by the case-management system
