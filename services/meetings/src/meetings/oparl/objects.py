"""Our rows as OParl 1.1 objects. `base` is the absolute URL of /oparl/1.1 as the caller saw it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from folkevalgt_shared.calendar import oslo_date
from meetings.domain.publication import CLOSED_TITLE, Role, document_published
from meetings.register.models import Body, Membership, Person
from meetings.seed import LegislativeTerm
from meetings.sittings.models import AgendaDocument, AgendaItem, Meeting

TYPE = "https://schema.oparl.org/1.1/"
PAPER_TYPE = "Saksframlegg"


def _stamps(row: Any) -> dict[str, Any]:
    return {"created": row.created_at.isoformat(), "modified": row.modified_at.isoformat()}


def system(base: str, municipality: str) -> dict[str, Any]:
    return {
        "id": f"{base}/system",
        "type": TYPE + "System",
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "body": f"{base}/bodies",
        "name": f"Folkevalgt – {municipality}",
        "website": base,
    }


def legislative_term(base: str, slug: str, term: LegislativeTerm) -> dict[str, Any]:
    return {
        "id": f"{base}/legislativeterm/{term.key}",
        "type": TYPE + "LegislativeTerm",
        "body": f"{base}/body/{slug}",
        "name": term.name,
        "startDate": term.start_date.isoformat(),
        "endDate": term.end_date.isoformat(),
    }


def body(base: str, slug: str, municipality: str, terms: Sequence[LegislativeTerm]) -> dict[str, Any]:
    root = f"{base}/body/{slug}"
    return {
        "id": root,
        "type": TYPE + "Body",
        "system": f"{base}/system",
        "name": municipality,
        "shortName": slug,
        "organization": f"{root}/organizations",
        "person": f"{root}/people",
        "meeting": f"{root}/meetings",
        "paper": f"{root}/papers",
        "agendaItem": f"{root}/agendaitems",
        "consultation": f"{root}/consultations",
        "file": f"{root}/files",
        "legislativeTerm": [legislative_term(base, slug, t) for t in terms],
    }


def organization(base: str, slug: str, row: Body) -> dict[str, Any]:
    out = {
        "id": f"{base}/organization/{row.id}",
        "type": TYPE + "Organization",
        "body": f"{base}/body/{slug}",
        "name": row.name,
        "shortName": row.key,
        "organizationType": "Gremium",
        "classification": row.body_type,
        **_stamps(row),
    }
    if row.parent_id:
        out["subOrganizationOf"] = f"{base}/organization/{row.parent_id}"
    return out


def membership(base: str, row: Membership) -> dict[str, Any]:
    if row.deleted:  # OParl soft delete: the object stays, marked deleted
        return {"id": f"{base}/membership/{row.id}", "type": TYPE + "Membership", "deleted": True, **_stamps(row)}
    out = {
        "id": f"{base}/membership/{row.id}",
        "type": TYPE + "Membership",
        "person": f"{base}/person/{row.person_id}",
        "organization": f"{base}/organization/{row.body_id}",
        "role": row.role,
        "votingRight": row.voting_right,
        "startDate": row.start_date.isoformat(),
        **_stamps(row),
    }
    if row.end_date:
        out["endDate"] = row.end_date.isoformat()
    return out


def person(base: str, slug: str, row: Person, memberships: Sequence[Membership]) -> dict[str, Any]:
    # Name and roles of elected officials are public; contact data and gender stay internal.
    return {
        "id": f"{base}/person/{row.id}",
        "type": TYPE + "Person",
        "body": f"{base}/body/{slug}",
        "name": row.name,
        "membership": [membership(base, m) for m in memberships],
        **_stamps(row),
    }


def paper_url(base: str, case_number: str) -> str:
    """A paper is known by its case number, which holds a slash (042/26): one escaped path segment."""
    return f"{base}/paper/{quote(case_number, safe='')}"


def published_files(
    items: Sequence[tuple[AgendaItem, Sequence[AgendaDocument]]],
) -> list[tuple[AgendaDocument, AgendaItem]]:
    """MTG-06/MTG-07: the documents the public may see, each once even where several treatments carry it."""
    seen: set[str] = set()
    out = []
    for item, documents in items:
        for doc in documents:
            if (
                doc.url
                and doc.url not in seen
                and document_published(exempt=doc.exempt, case_closed=item.closed, url=doc.url)
            ):
                seen.add(doc.url)
                out.append((doc, item))
    return out


def file(base: str, doc: AgendaDocument, item: AgendaItem) -> dict[str, Any]:
    out = {
        "id": f"{base}/file/{doc.id}",
        "type": TYPE + "File",
        "name": doc.name,
        "accessUrl": doc.url,
        "meeting": [f"{base}/meeting/{item.meeting_id}"],
        "agendaItem": [f"{base}/agendaitem/{item.id}"],
        "paper": [paper_url(base, item.case_number)],
        **_stamps(doc),
    }
    optional = {
        "fileName": doc.file_name,
        "mimeType": doc.mime_type,
        "downloadUrl": doc.download_url,
        "date": doc.document_date.isoformat() if doc.document_date else None,
    }
    return out | {k: v for k, v in optional.items() if v is not None}


def agenda_item(
    base: str, row: AgendaItem, result: str | None, documents: Sequence[AgendaDocument] = ()
) -> dict[str, Any]:
    out = {
        "id": f"{base}/agendaitem/{row.id}",
        "type": TYPE + "AgendaItem",
        "meeting": f"{base}/meeting/{row.meeting_id}",
        "number": row.case_number if not row.closed else str(row.number),
        "order": row.position,  # the order of treatment (MTG-17)
        "name": CLOSED_TITLE if row.closed else row.title,
        "public": not row.closed,
        **_stamps(row),
    }
    if result:
        out["result"] = result
    if not row.closed:  # MTG-07: no consultation, paper or file points at a closed treatment
        out["consultation"] = f"{base}/consultation/{row.id}"
        files = [file(base, doc, row) for doc, _ in published_files([(row, documents)])]
        if files:
            out["auxiliaryFile"] = files
    return out


def consultation(base: str, row: AgendaItem, org: Body, role: Role, modified: datetime) -> dict[str, Any]:
    """One public treatment of a case; `modified` is the case's, as its role depends on the other treatments."""
    return {
        "id": f"{base}/consultation/{row.id}",
        "type": TYPE + "Consultation",
        "paper": paper_url(base, row.case_number),
        "agendaItem": f"{base}/agendaitem/{row.id}",
        "meeting": f"{base}/meeting/{row.meeting_id}",
        "organization": [f"{base}/organization/{org.id}"],
        "role": role.role,
        "authoritative": role.authoritative,
        "created": row.created_at.isoformat(),
        "modified": modified.isoformat(),
    }


def paper(
    base: str,
    slug: str,
    case_number: str,
    stamps: tuple[datetime, datetime],
    consultations: Sequence[dict[str, Any]],
    files: Sequence[tuple[AgendaDocument, AgendaItem]],
    title: str,
) -> dict[str, Any]:
    """Sak: a case through its public treatments; the first document is its presentation (saksframlegg)."""
    created, modified = stamps
    out = {
        "id": paper_url(base, case_number),
        "type": TYPE + "Paper",
        "body": f"{base}/body/{slug}",
        "name": title,
        "reference": case_number,
        "date": oslo_date(created).isoformat(),
        "paperType": PAPER_TYPE,
        "consultation": list(consultations),
        "created": created.isoformat(),
        "modified": modified.isoformat(),
    }
    rendered = [file(base, doc, item) for doc, item in files]
    if rendered:
        out["mainFile"] = rendered[0]
    if rendered[1:]:
        out["auxiliaryFile"] = rendered[1:]
    return out


def meeting(
    base: str, row: Meeting, org: Body, items: Sequence[tuple[AgendaItem, str | None, Sequence[AgendaDocument]]]
) -> dict[str, Any]:
    out = {
        "id": f"{base}/meeting/{row.id}",
        "type": TYPE + "Meeting",
        "name": f"{org.name} {row.starts_at.date().isoformat()}",
        "meetingState": row.status,
        "cancelled": row.cancelled_at is not None,
        "start": row.starts_at.isoformat(),
        "organization": [f"{base}/organization/{org.id}"],
        "agendaItem": [agenda_item(base, i, r, d) for i, r, d in items],
        **_stamps(row),
    }
    if row.ended_at:
        out["end"] = row.ended_at.isoformat()
    if row.location:
        out["location"] = {
            "id": f"{base}/meeting/{row.id}#location",
            "type": TYPE + "Location",
            "description": row.location,
        }
    return out
