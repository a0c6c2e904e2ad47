"""Our rows as OParl 1.1 objects. `base` is the absolute URL of /oparl/1.1 as the caller saw it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from meetings.register.models import Body, Membership, Person
from meetings.seed import LegislativeTerm
from meetings.sittings.models import AgendaItem, Meeting

TYPE = "https://schema.oparl.org/1.1/"
CLOSED_TITLE = "Unntatt offentlighet"


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


def agenda_item(base: str, row: AgendaItem, result: str | None) -> dict[str, Any]:
    out = {
        "id": f"{base}/agendaitem/{row.id}",
        "type": TYPE + "AgendaItem",
        "meeting": f"{base}/meeting/{row.meeting_id}",
        "number": row.case_number if not row.closed else str(row.number),
        "order": row.number,
        "name": CLOSED_TITLE if row.closed else row.title,
        "public": not row.closed,
        **_stamps(row),
    }
    if result:
        out["result"] = result
    return out


def meeting(base: str, row: Meeting, org: Body, items: Sequence[tuple[AgendaItem, str | None]]) -> dict[str, Any]:
    out = {
        "id": f"{base}/meeting/{row.id}",
        "type": TYPE + "Meeting",
        "name": f"{org.name} {row.starts_at.date().isoformat()}",
        "meetingState": row.status,
        "cancelled": False,
        "start": row.starts_at.isoformat(),
        "organization": [f"{base}/organization/{org.id}"],
        "agendaItem": [agenda_item(base, i, r) for i, r in items],
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
