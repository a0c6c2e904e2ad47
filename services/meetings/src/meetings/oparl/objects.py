"""Our rows as OParl 1.1 objects. `base` is the absolute URL of /oparl/1.1 as the caller saw it.

Every object carries `created` and `modified`; a main object that is no longer published is a
tombstone (OParl 1.1 2.8: id, type, created, modified and `deleted: true`), and embedded lists leave
deleted objects out.
"""

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
Stamps = tuple[datetime, datetime]


def _stamps(created: datetime, modified: datetime) -> dict[str, str]:
    return {"created": created.isoformat(), "modified": modified.isoformat()}


def _own(row: Any) -> dict[str, str]:
    return _stamps(row.created_at, row.modified_at)


def tombstone(url: str, kind: str, created: datetime, modified: datetime) -> dict[str, Any]:
    return {"id": url, "type": TYPE + kind, **_stamps(created, modified), "deleted": True}


def system(base: str, municipality: str, stamps: Stamps) -> dict[str, Any]:
    return {
        "id": f"{base}/system",
        "type": TYPE + "System",
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "body": f"{base}/bodies",
        "name": f"Folkevalgt – {municipality}",
        "website": base,
        **_stamps(*stamps),
    }


def legislative_term(base: str, slug: str, term: LegislativeTerm, stamps: Stamps) -> dict[str, Any]:
    return {
        "id": f"{base}/legislativeterm/{term.key}",
        "type": TYPE + "LegislativeTerm",
        "body": f"{base}/body/{slug}",
        "name": term.name,
        "startDate": term.start_date.isoformat(),
        "endDate": term.end_date.isoformat(),
        **_stamps(*stamps),
    }


def body(base: str, slug: str, municipality: str, terms: Sequence[LegislativeTerm], stamps: Stamps) -> dict[str, Any]:
    root = f"{base}/body/{slug}"
    return {
        "id": root,
        "type": TYPE + "Body",
        "system": f"{base}/system",
        "name": municipality,
        "shortName": slug,
        "organization": f"{root}/organizations",
        "person": f"{root}/people",
        "membership": f"{root}/memberships",
        "meeting": f"{root}/meetings",
        "paper": f"{root}/papers",
        "agendaItem": f"{root}/agendaitems",
        "consultation": f"{root}/consultations",
        "file": f"{root}/files",
        "locationList": f"{root}/locations",
        "legislativeTermList": f"{root}/legislativeterms",
        "legislativeTerm": [legislative_term(base, slug, t, stamps) for t in terms],
        **_stamps(*stamps),
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
        **_own(row),
    }
    if row.parent_id:
        out["subOrganizationOf"] = f"{base}/organization/{row.parent_id}"
    return out


def membership(base: str, row: Membership) -> dict[str, Any]:
    url = f"{base}/membership/{row.id}"
    if row.deleted:  # registered by mistake: a tombstone, so that a client's copy learns it is gone
        return tombstone(url, "Membership", row.created_at, row.modified_at)
    out = {
        "id": url,
        "type": TYPE + "Membership",
        "person": f"{base}/person/{row.person_id}",
        "organization": f"{base}/organization/{row.body_id}",
        "role": row.role,
        "votingRight": row.voting_right,
        "startDate": row.start_date.isoformat(),
        **_own(row),
    }
    if row.end_date:
        out["endDate"] = row.end_date.isoformat()
    return out


def person(base: str, slug: str, row: Person, memberships: Sequence[Membership], modified: datetime) -> dict[str, Any]:
    """Name and offices of elected officials are public; contact data and gender stay internal. A person
    whose every membership was deleted (registered by mistake) is a tombstone."""
    url = f"{base}/person/{row.id}"
    held = [m for m in memberships if not m.deleted]
    if not held:
        return tombstone(url, "Person", row.created_at, modified)
    return {
        "id": url,
        "type": TYPE + "Person",
        "body": f"{base}/body/{slug}",
        "name": row.name,
        "membership": [membership(base, m) for m in held],
        **_stamps(row.created_at, modified),
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


def file(base: str, doc: AgendaDocument, item: AgendaItem, published_at: datetime) -> dict[str, Any]:
    """A public document; `modified` counts from when its treatment's notice made it public."""
    out = {
        "id": f"{base}/file/{doc.id}",
        "type": TYPE + "File",
        "name": doc.name,
        "accessUrl": doc.url,
        "meeting": [f"{base}/meeting/{item.meeting_id}"],
        "agendaItem": [f"{base}/agendaitem/{item.id}"],
        "paper": [paper_url(base, item.case_number)],
        **_stamps(doc.created_at, max(doc.modified_at, published_at)),
    }
    optional = {
        "fileName": doc.file_name,
        "mimeType": doc.mime_type,
        "downloadUrl": doc.download_url,
        "date": doc.document_date.isoformat() if doc.document_date else None,
    }
    return out | {k: v for k, v in optional.items() if v is not None}


def minutes_file(base: str, row: Meeting, org: Body) -> dict[str, Any]:
    """MTG-37: the approved minutes as published, in their public version."""
    assert row.minutes_published_at is not None
    day = oslo_date(row.starts_at)
    document = f"{base}/meeting/{row.id}/minutes.html"
    return {
        "id": f"{base}/file/minutes/{row.id}",
        "type": TYPE + "File",
        "name": f"Protokoll – {org.name} {day.isoformat()}",
        "fileName": f"protokoll-{org.key}-{day.isoformat()}.html",
        "mimeType": "text/html",
        "date": oslo_date(row.minutes_published_at).isoformat(),
        "accessUrl": document,
        "downloadUrl": document,
        "meeting": [f"{base}/meeting/{row.id}"],
        **_stamps(row.minutes_published_at, row.minutes_published_at),
    }


def agenda_item(
    base: str,
    row: AgendaItem,
    result: str | None,
    documents: Sequence[AgendaDocument],
    published_at: datetime,
    modified: datetime,
) -> dict[str, Any]:
    out = {
        "id": f"{base}/agendaitem/{row.id}",
        "type": TYPE + "AgendaItem",
        "meeting": f"{base}/meeting/{row.meeting_id}",
        "number": row.case_number if not row.closed else str(row.number),
        "order": row.position,  # the order of treatment (MTG-17)
        "name": CLOSED_TITLE if row.closed else row.title,
        "public": not row.closed,
        **_stamps(row.created_at, modified),
    }
    if result:
        out["result"] = result
    if not row.closed:  # MTG-07: no consultation, paper or file points at a closed treatment
        out["consultation"] = f"{base}/consultation/{row.id}"
        files = [file(base, doc, row, published_at) for doc, _ in published_files([(row, documents)])]
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
        **_stamps(row.created_at, modified),
    }


def paper(
    base: str,
    slug: str,
    case_number: str,
    stamps: Stamps,
    consultations: Sequence[dict[str, Any]],
    files: Sequence[dict[str, Any]],
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
        **_stamps(created, modified),
    }
    if files:
        out["mainFile"] = files[0]
    if files[1:]:
        out["auxiliaryFile"] = list(files[1:])
    return out


def location(base: str, row: Meeting) -> dict[str, Any]:
    """Where a meeting is held, as the notice says it; one per meeting, so it changes with its meeting."""
    return {
        "id": f"{base}/location/{row.id}",
        "type": TYPE + "Location",
        "description": row.location,
        "meetings": [f"{base}/meeting/{row.id}"],
        **_own(row),
    }


def meeting(
    base: str,
    row: Meeting,
    org: Body,
    items: Sequence[dict[str, Any]],
    modified: datetime,
) -> dict[str, Any]:
    """MTG-06: before its notice a meeting is known by body, time and place; its agenda comes with the notice."""
    out = {
        "id": f"{base}/meeting/{row.id}",
        "type": TYPE + "Meeting",
        "name": f"{org.name} {oslo_date(row.starts_at).isoformat()}",
        "meetingState": row.status,
        "cancelled": row.cancelled_at is not None,
        "start": row.starts_at.isoformat(),
        "organization": [f"{base}/organization/{org.id}"],
        **_stamps(row.created_at, modified),
    }
    if row.notice_published_at is not None:
        out["agendaItem"] = list(items)
    if row.ended_at:
        out["end"] = row.ended_at.isoformat()
    if row.location:
        out["location"] = location(base, row)
    if row.minutes_published_at is not None:
        out["resultsProtocol"] = minutes_file(base, row, org)
    return out
