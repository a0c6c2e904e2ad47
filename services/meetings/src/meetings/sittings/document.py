"""GET /meetings/{id}: the meeting with its agenda and documents, rendered straight from the rows.

The most read document of the service, and the one that grows with the agenda (a council meeting has
a hundred cases and more). Every value in it comes from the service's own tables, checked when it was
written, so it is not validated once more on the way out: the rows become plain dicts in the order of
`MeetingOut`'s fields and are serialised once with orjson. The answer is byte for byte what
`MeetingOut.model_validate(...).model_dump_json()` gives (the tests hold the two side by side), and
`MeetingOut` still documents it in the OpenAPI.

On PostgreSQL the statements hand back ids as text, the JSON column as its text and times without the
UTC conversion asyncpg has already done (no UUID object, no json.loads, no type processing per value),
and each case's documents as JSON the database writes, put into the answer as they are
(`orjson.Fragment`). On SQLite the documents are read on their own and rendered here; orjson writes a
UUID as its text all the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from orjson import Fragment
from sqlalchemy import DateTime, Text, bindparam, cast, func, literal_column, select, true, type_coerce
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from folkevalgt_shared.errors import NotFound
from folkevalgt_shared.hot import HotQuery
from meetings.domain.notice import NoticeRule, notice_deadline
from meetings.domain.order import case_status
from meetings.domain.publication import CLOSED_TITLE, document_public
from meetings.register.models import Body
from meetings.sittings.models import AgendaDocument, AgendaItem, Meeting
from meetings.sittings.service import extra_ground_of
from meetings.treatment.models import CaseTreatment

# The domain's rule, looked up by how far a case has come (taken up, decided, postponed): once per
# combination at import rather than once per case.
_STATUS = {
    (taken_up, decided, postponed): case_status(taken_up=taken_up, decided=decided, postponed=postponed).value
    for taken_up in (False, True)
    for decided in (False, True)
    for postponed in (False, True)
}


def _json_text(value: Any) -> ColumnElement[str]:
    """A value as PostgreSQL writes it in JSON: a string escaped as serde and orjson escape it (quote,
    backslash and control characters only), a uuid and a date as their text, and null."""
    return func.coalesce(cast(func.to_json(value), Text), _text("null"))


def _text(value: str) -> ColumnElement[str]:
    """A constant written into the statement, not a parameter sent with every call."""
    return literal_column("'" + value.replace("'", "''") + "'", Text)


def _json_object(fields: Sequence[tuple[str, Any]]) -> ColumnElement[str]:
    """A JSON object built as text, keys in the given order and without spaces, as pydantic writes it."""
    parts: list[Any] = []
    for n, (key, value) in enumerate(fields):
        parts += [_text(("{" if n == 0 else ",") + f'"{key}":'), _json_text(value)]
    parts.append(_text("}"))
    return func.concat(*parts)


# `DocumentOut`'s fields in its order; no time among them, so the database writes them as pydantic would.
_DOCUMENT = (
    ("name", AgendaDocument.name),
    ("external_id", AgendaDocument.external_id),
    ("file_name", AgendaDocument.file_name),
    ("mime_type", AgendaDocument.mime_type),
    ("document_date", AgendaDocument.document_date),
    ("exempt", AgendaDocument.exempt),
    ("exempt_basis", AgendaDocument.exempt_basis),
    ("id", AgendaDocument.id),
    ("url", AgendaDocument.url),
    ("download_url", AgendaDocument.download_url),
)
DOCUMENT_KEYS = tuple(key for key, _ in _DOCUMENT)
Details = list[dict[str, Any]] | str  # rendered here, or JSON text written by the database
NO_DOCUMENTS: tuple[Details, bool] = ([], False)


class _Statements:
    """The reads, shaped for one dialect. On PostgreSQL (`postgresql`) ids, JSON and times come as the
    driver has them, and each case's documents come with it as one JSON text, written by the database:
    two statements in all, and per case one row and no document objects to build and serialise."""

    def __init__(self, *, postgresql: bool) -> None:
        def ident(column: Any) -> ColumnElement[Any]:
            return cast(column, Text) if postgresql else column

        def moment(column: Any) -> ColumnElement[Any]:
            # asyncpg gives a timestamptz in UTC already: UTCDateTime's conversion would do nothing.
            return type_coerce(column, DateTime(timezone=True)) if postgresql else column

        self.meeting = HotQuery(
            select(
                Body.notice_days,
                Body.notice_days_budget,
                ident(Meeting.body_id),
                moment(Meeting.starts_at),
                Meeting.location,
                Meeting.extra,
                Meeting.remote,
                ident(Meeting.remote_decided_by),
                Meeting.remote_reason,
                Meeting.secretariat_present,
                ident(Meeting.id),
                Meeting.status,
                moment(Meeting.notice_published_at),
                Meeting.notice_late_reason,
                moment(Meeting.ended_at),
                moment(Meeting.cancelled_at),
                Meeting.cancel_reason,
                Meeting.version,
                moment(Meeting.modified_at),
            )
            .join(Body, Body.id == Meeting.body_id)
            .where(Meeting.id == bindparam("meeting_id"))
        )
        agenda = select(
            AgendaItem.case_number,
            AgendaItem.title,
            ident(AgendaItem.rapporteur_id),
            AgendaItem.recommendation,
            AgendaItem.closed,
            AgendaItem.closed_basis,
            AgendaItem.personnel,
            AgendaItem.budget,
            ident(AgendaItem.id),
            AgendaItem.number,
            AgendaItem.position,
            CaseTreatment.taken_up_at.is_not(None),
            CaseTreatment.decided_at.is_not(None),
            CaseTreatment.postponed_at.is_not(None),
            AgendaItem.not_in_notice,
            moment(AgendaItem.closed_decided_at),
            # The names as stored, decoded below by orjson (the driver's json codec is json.loads).
            cast(AgendaItem.documents, Text) if postgresql else type_coerce(AgendaItem.documents, Text),
        ).outerjoin(CaseTreatment, CaseTreatment.agenda_item_id == AgendaItem.id)
        if postgresql:
            documents = (
                select(
                    func.concat(
                        _text("["),
                        func.string_agg(
                            _json_object(_DOCUMENT), aggregate_order_by(_text(","), AgendaDocument.position)
                        ),
                        _text("]"),
                    ).label("details"),
                    func.bool_or(AgendaDocument.exempt).label("exempt"),  # null without documents
                )
                .where(AgendaDocument.agenda_item_id == AgendaItem.id)
                .lateral("documents")
            )
            agenda = agenda.add_columns(documents.c.details, documents.c.exempt).outerjoin(documents, true())
        self.agenda = HotQuery(
            agenda.where(AgendaItem.meeting_id == bindparam("meeting_id")).order_by(
                AgendaItem.position  # the order of treatment (MTG-17)
            )
        )
        self.documents = HotQuery(
            select(
                AgendaDocument.agenda_item_id,
                *(column for _, column in _DOCUMENT),
            )
            .join(AgendaItem, AgendaItem.id == AgendaDocument.agenda_item_id)
            .where(AgendaItem.meeting_id == bindparam("meeting_id"))
            .order_by(AgendaDocument.position)
        )


POSTGRESQL, OTHER = _Statements(postgresql=True), _Statements(postgresql=False)


async def meeting_json(
    connection: AsyncConnection, meeting_id: uuid.UUID, *, confidential: bool
) -> tuple[bytes, int] | None:
    """The meeting as JSON and its version (for the ETag), or None when there is no such meeting.

    Without `confidential` (meetings:confidential), the public version: a closed case's title and
    recommendation and every document not public are left out (MTG-06/07)."""
    postgresql = connection.dialect.name == "postgresql"
    run = POSTGRESQL if postgresql else OTHER
    # The meeting before its agenda: should a case be added in between, the ETag is the older version
    # and a write made with it is refused, rather than an agenda read older than its ETag.
    found = await run.meeting.fetch(connection, meeting_id=meeting_id)
    if not found:
        return None
    agenda = await run.agenda.fetch(connection, meeting_id=meeting_id)
    if postgresql:
        details = {a[8]: (a[17], a[18]) for a in agenda}
    else:
        details = _details(await run.documents.fetch(connection, meeting_id=meeting_id) if agenda else ())
    row = found[0]
    extra_ground = await extra_ground_of(connection, meeting_id) if row[5] else None
    document = render(
        row, agenda, details, extra_ground.model_dump(mode="json") if extra_ground else None, confidential
    )
    return orjson.dumps(document, option=orjson.OPT_UTC_Z), row[17]


async def meeting_json_or_404(
    connection: AsyncConnection, meeting_id: uuid.UUID, *, confidential: bool
) -> tuple[bytes, int]:
    found = await meeting_json(connection, meeting_id, confidential=confidential)
    if found is None:
        raise NotFound(f"no meeting with id {meeting_id}")
    return found


def _details(documents: Sequence[Sequence[Any]]) -> dict[Any, tuple[Details, bool]]:
    """Each case's documents as `DocumentOut` renders them, and whether any is exempt."""
    listed: dict[Any, list[dict[str, Any]]] = {}
    exempt: set[Any] = set()
    for d in documents:
        shown = dict(zip(DOCUMENT_KEYS, d[1:], strict=True))
        listed.setdefault(d[0], []).append(shown)
        if shown["exempt"]:
            exempt.add(d[0])
    return {item: (shown, item in exempt) for item, shown in listed.items()}


def render(
    row: Sequence[Any],
    agenda: Sequence[Sequence[Any]],
    details: dict[Any, tuple[Details, bool]],
    extra_ground: dict[str, Any] | None,
    confidential: bool,
) -> dict[str, Any]:
    """The rows as `MeetingOut` renders them, its fields in its order; `details` gives each case's
    documents (a list, or JSON text written by the database) and whether any of them is exempt."""
    loads, status, get = orjson.loads, _STATUS, details.get  # bound once for the loop
    items = []
    budget = False
    for a in agenda:
        budget = budget or a[7]
        documents, exempt = get(a[8], NO_DOCUMENTS)
        item = {
            "case_number": a[0],
            "title": a[1],
            "rapporteur_id": a[2],
            "recommendation": a[3],
            "closed": a[4],
            "closed_basis": a[5],
            "personnel": a[6],
            "budget": a[7],
            "id": a[8],
            "number": a[9],
            "position": a[10],
            "status": status[a[11], a[12], a[13]],  # SQLite gives 0 and 1: equal keys
            "not_in_notice": a[14],
            "closed_decided_at": a[15],
            "documents": loads(a[16]),
        }
        if confidential or not (a[4] or exempt):
            item["document_details"] = Fragment(documents) if isinstance(documents, str) else documents
        else:
            _screen(item, loads(documents) if isinstance(documents, str) else documents)
        items.append(item)
    starts_at: datetime = row[3]
    return {
        "body_id": row[2],
        "starts_at": starts_at,
        "location": row[4],
        "extra": row[5],
        "extra_ground": extra_ground,
        "remote": row[6],
        "remote_decided_by": row[7],
        "remote_reason": row[8],
        "secretariat_present": row[9],
        "id": row[10],
        "status": row[11],
        "notice_published_at": row[12],
        # MTG-01/06: the longer budget notice applies when any case is budget, plan or tax.
        "notice_deadline": notice_deadline(starts_at, NoticeRule(row[0], row[1]), budget=bool(budget)),
        "notice_late_reason": row[13],
        "ended_at": row[14],
        "cancelled_at": row[15],
        "cancel_reason": row[16],
        "agenda": items,
        "version": row[17],
        "modified_at": row[18],
    }


def _screen(item: dict[str, Any], details: list[dict[str, Any]]) -> None:
    """MTG-07: of a closed case the title and recommendation go; MTG-06: only public documents stay, in
    `documents` as in `document_details` (as `disclosure.screen.agenda_item` does for the models)."""
    closed = item["closed"]
    shown = [d for d in details if document_public(exempt=d["exempt"], case_closed=closed)]
    item["document_details"] = shown
    item["documents"] = [d["name"] for d in shown]
    if closed:
        item["title"] = CLOSED_TITLE
        item["recommendation"] = None
