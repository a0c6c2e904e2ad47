"""The registry entry of forwarded input (FBK-20), in Noark 5 terms.

"For innspill/klager gjelder vanlige regler for journalføring." Every forwarded item gets a journal
post (journalpost): year and sequence number (journalår, journalsekvensnummer) without gaps within a
year, journal date, incoming (inngående dokument), the sender (avsender) and the title — both screened
where the item carries sensitive data (skjerming, offl. § 13) — and its documents (dokumentbeskrivelse):
the memo or the forwarded letter, and the attachments by reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

SCREENED = "*****"  # how Noark 5 public journals show a screened word


def journal_number(year: int, sequence: int) -> str:
    """The journal number as people cite it: year and sequence, e.g. 2026/17."""
    return f"{year}/{sequence}"


@dataclass(frozen=True)
class Document:
    title: str
    document_type: str  # Noark 5 dokumenttype: Notat, Brev, E-post, Vedlegg
    role: str  # tilknyttetRegistreringSom: Hoveddokument or Vedlegg
    reference: str | None = None  # where the file is, for attachments


@dataclass(frozen=True)
class Entry:
    year: int
    sequence: int
    journal_date: date
    title: str
    public_title: str
    sender: str
    public_sender: str
    screened_fields: tuple[str, ...]
    screening_basis: str | None
    access_code: str | None  # tilgangsrestriksjon
    documents: tuple[Document, ...] = field(default=())

    @property
    def number(self) -> str:
        return journal_number(self.year, self.sequence)

    def public_document_title(self, document: Document) -> str:
        """A screened entry's documents are screened too: their titles repeat the input's words."""
        return f"{document.document_type} – {SCREENED}" if self.screened_fields else document.title


def build_entry(
    *,
    year: int,
    sequence: int,
    journal_date: date,
    title: str,
    sender_name: str | None,
    anonymous: bool,
    sensitive: bool,
    screen: bool,
    screening_basis: str | None,
    default_basis: str,
    unit_name: str | None,
    main_document: Document,
    attachments: list[Document],
) -> Entry:
    """FBK-20: the journal post; sensitive input (FBK-02), or input the post reception screens, has its
    title and sender screened in every public form, on the stated legal basis."""
    screened = sensitive or screen
    sender = "Anonym" if anonymous else (sender_name or "Ukjent")
    if screened:
        about = f" om {unit_name}" if unit_name else ""
        public_title = f"Innspill{about} – {SCREENED}"
        public_sender = SCREENED
        fields: tuple[str, ...] = ("tittel", "avsender")
        basis: str | None = screening_basis or default_basis
    else:
        public_title, public_sender, fields, basis = title, sender, (), None
    return Entry(
        year=year,
        sequence=sequence,
        journal_date=journal_date,
        title=title,
        public_title=public_title,
        sender=sender,
        public_sender=public_sender,
        screened_fields=fields,
        screening_basis=basis,
        access_code="UO" if screened else None,
        documents=(main_document, *attachments),
    )


def noark_export(entry: Entry, *, item_id: str, public: bool) -> dict[str, Any]:
    """The entry as the archive takes it (Noark 5 names). The `public` form carries only screened
    title and sender; the full form is for the archive itself."""
    out: dict[str, Any] = {
        "journalaar": entry.year,
        "journalsekvensnummer": entry.sequence,
        "journalnummer": entry.number,
        "journaldato": entry.journal_date.isoformat(),
        "journalposttype": "inngående dokument",
        "tittel": entry.public_title if public else entry.title,
        "offentligTittel": entry.public_title,
        "korrespondansepart": [
            {
                "korrespondanseparttype": "avsender",
                "korrespondansepartNavn": entry.public_sender if public else entry.sender,
            }
        ],
        "dokumentbeskrivelse": [
            {
                "dokumenttype": d.document_type,
                "tilknyttetRegistreringSom": d.role,
                "tittel": entry.public_document_title(d) if public else d.title,
                **({"referanseDokumentfil": d.reference} if d.reference and not public else {}),
            }
            for d in entry.documents
        ],
        "eksternID": item_id,
    }
    if entry.screened_fields:
        out["skjerming"] = {
            "tilgangsrestriksjon": entry.access_code,
            "skjermingshjemmel": entry.screening_basis,
            "skjermingMetadata": list(entry.screened_fields),
        }
    return out
