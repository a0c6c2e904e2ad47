"""OParl 1.1 endpoints, readable without a token (the gateway lets /meetings/oparl/ through).

Every external list takes `created_since`, `created_until`, `modified_since` and `modified_until`
(OParl 1.1 2.5), pages by (modified, id) so that every page but the last is full, and keeps its filters
in its `next` link. Every object's id can be fetched as that object, and every object linked from
another is in one of the body's lists.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared import inputs
from folkevalgt_shared.calendar import OSLO, oslo_date
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import InvalidInput, NotFound
from folkevalgt_shared.openapi import PUBLIC
from folkevalgt_shared.pagination import PageParams, PageQuery, paginate
from folkevalgt_shared.rules import RuleBook, load_municipality
from folkevalgt_shared.types import utcnow
from meetings.domain.publication import Role, Treatment, roles
from meetings.minutes import html
from meetings.minutes import service as minutes
from meetings.oparl import objects, queries
from meetings.register import repository
from meetings.register.models import Body, Membership, Person
from meetings.seed import LegislativeTerm, MeetingsRules
from meetings.sittings.models import AgendaDocument, AgendaItem, Meeting
from meetings.sittings.service import agenda_of, documents_of
from meetings.voting.models import VoteEvent

router = APIRouter(prefix="/oparl/1.1", tags=["OParl 1.1 (public)"], dependencies=[PUBLIC])
Render = Callable[[Any], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Municipality:
    name: str
    slug: str
    terms: list[LegislativeTerm]
    stamps: objects.Stamps  # System, Body and LegislativeTerm: from the settings' versions


def _midnight(day: Any) -> datetime:
    return datetime.combine(day, time(), OSLO).astimezone(UTC)


def _municipality(request: Request) -> Municipality:
    path = request.app.state.settings.municipality_config
    config = load_municipality(path)
    today = oslo_date(utcnow())
    rules = RuleBook(config, "meetings", MeetingsRules).at(today)
    versions = [v.valid_from for v in config.versions if "meetings" in v.sections]
    in_force = [d for d in versions if d <= today] or versions
    # Created with the first version of the settings, modified with the version in force.
    return Municipality(
        config.municipality, path.stem, rules.legislative_terms, (_midnight(min(versions)), _midnight(max(in_force)))
    )


def _base(request: Request) -> str:
    return str(request.url_for("oparl_system")).removesuffix("/system")


def _check_body(request: Request, slug: str) -> Municipality:
    found = _municipality(request)
    if slug != found.slug:
        raise NotFound(f"no body {slug!r}")
    return found


# -- lists ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """OParl 1.1 2.5 filters besides `modified_since` (which every paged list of the API takes)."""

    created_since: datetime | None = None
    created_until: datetime | None = None
    modified_until: datetime | None = None


async def _window(
    created_since: inputs.BoundedDateTime | None = None,
    created_until: inputs.BoundedDateTime | None = None,
    modified_until: inputs.BoundedDateTime | None = None,
) -> Window:
    """Full ISO 8601 date-times with their UTC offset (a bare number or a naive time is refused, 422)."""
    return Window(created_since, created_until, modified_until)


WindowParams = Annotated[Window, Depends(_window)]


def _within(stmt: Select[Any], created: ColumnElement[Any], modified: ColumnElement[Any], w: Window) -> Select[Any]:
    if w.created_since is not None:
        stmt = stmt.where(created >= w.created_since)
    if w.created_until is not None:
        stmt = stmt.where(created <= w.created_until)
    if w.modified_until is not None:
        stmt = stmt.where(modified <= w.modified_until)
    return stmt


def _in_window(created: datetime, modified: datetime, page: PageQuery, w: Window) -> bool:
    """The same filters, for the objects that come from the settings rather than a table."""
    if page.modified_since is not None and page.modified_since.tzinfo is None:
        raise InvalidInput(
            "modified_since needs a UTC offset",
            errors=[{"field": "modified_since", "message": "timezone offset required"}],
        )
    bounds = (
        (page.modified_since, modified, 1),
        (w.modified_until, modified, -1),
        (w.created_since, created, 1),
        (w.created_until, created, -1),
    )
    return all(bound is None or (value - bound).total_seconds() * sign >= 0 for bound, value, sign in bounds)


async def _list(
    session: AsyncSession,
    request: Request,
    stmt: Select[Any],
    *,
    created: ColumnElement[Any],
    modified: ColumnElement[Any],
    key: ColumnElement[Any],
    page: PageQuery,
    window: Window,
    render: Render,
) -> dict[str, Any]:
    rows, next_url = await paginate(
        session,
        _within(stmt, created, modified, window),
        request=request,
        modified_col=modified,
        key_col=key,
        limit=page.limit,
        cursor=page.cursor,
        modified_since=page.modified_since,
    )
    return _page([await render(r) for r in rows], page, next_url)


def _page(data: list[dict[str, Any]], page: PageQuery, next_url: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"data": data, "pagination": {"elementsPerPage": page.limit}, "links": {}}
    if next_url:
        out["links"]["next"] = next_url
    return out


def _one_page(data: list[dict[str, Any]], page: PageQuery, window: Window) -> dict[str, Any]:
    shown = [
        o
        for o in data
        if _in_window(datetime.fromisoformat(o["created"]), datetime.fromisoformat(o["modified"]), page, window)
    ]
    return {"data": shown, "pagination": {"elementsPerPage": max(len(shown), 1)}, "links": {}}


# -- reading what is published -------------------------------------------------------------------


async def _results(session: AsyncSession, item_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    votes = (
        await session.scalars(
            select(VoteEvent)
            .where(VoteEvent.agenda_item_id.in_(item_ids), VoteEvent.kind == "binding")
            .order_by(VoteEvent.created_at)
        )
    ).all()
    # The last binding vote in a case decides it; test, item and budget test votes bind nothing (MTG-23/24).
    return {v.agenda_item_id: v.result for v in votes}


async def _modified(session: AsyncSession, stamps: Any, key: str, ids: Sequence[uuid.UUID]) -> dict[Any, datetime]:
    rows = await session.execute(select(stamps.c[key], stamps.c.modified).where(stamps.c[key].in_(ids)))
    return {row[0]: row[1] for row in rows}


async def _agenda_items(
    session: AsyncSession, base: str, meeting: Meeting, items: Sequence[AgendaItem]
) -> list[dict[str, Any]]:
    assert meeting.notice_published_at is not None
    ids = [i.id for i in items]
    results = await _results(session, ids)
    documents = await documents_of(session, ids)
    modified = await _modified(session, queries.item_stamps(), "item_id", ids)
    return [
        objects.agenda_item(base, i, results.get(i.id), documents[i.id], meeting.notice_published_at, modified[i.id])
        for i in items
    ]


async def _meeting(session: AsyncSession, base: str, row: Meeting, modified: datetime | None = None) -> dict[str, Any]:
    org = await repository.get(session, Body, row.body_id)
    items: list[dict[str, Any]] = []
    if row.notice_published_at is not None:  # MTG-06: the agenda is public with the notice
        items = await _agenda_items(session, base, row, await agenda_of(session, row.id))
    if modified is None:
        modified = (await _modified(session, queries.meeting_stamps(), "meeting_id", [row.id]))[row.id]
    return objects.meeting(base, row, org, items, modified)


async def _published_item(session: AsyncSession, item_id: uuid.UUID) -> tuple[AgendaItem, Meeting]:
    found = (
        await session.execute(
            select(AgendaItem, Meeting)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.id == item_id, queries.noticed())
        )
    ).first()
    if found is None:
        raise NotFound(f"no published agenda item {item_id}")  # before the notice its agenda is not public
    return found[0], found[1]


async def _agenda_item(session: AsyncSession, base: str, item: AgendaItem, meeting: Meeting) -> dict[str, Any]:
    [out] = await _agenda_items(session, base, meeting, [item])
    return out


async def _person(
    session: AsyncSession, base: str, slug: str, row: Person, modified: datetime | None = None
) -> dict[str, Any]:
    memberships = (
        await session.scalars(select(Membership).where(Membership.person_id == row.id).order_by(Membership.start_date))
    ).all()
    if modified is None:
        modified = (await _modified(session, queries.person_stamps(), "person_id", [row.id]))[row.id]
    return objects.person(base, slug, row, memberships, modified)


@dataclass
class _Case:
    """The public treatments of one case, in the order of their meetings (MTG-07: closed ones left out)."""

    case_number: str
    treatments: list[tuple[AgendaItem, Body, Role, datetime]]  # with the time its notice made it public
    documents: dict[uuid.UUID, list[AgendaDocument]]
    created: datetime
    modified: datetime


async def _case(session: AsyncSession, case_number: str) -> _Case | None:
    rows = (
        await session.execute(
            select(AgendaItem, Body, Meeting.notice_published_at)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(Body, Body.id == Meeting.body_id)
            .where(AgendaItem.case_number == case_number, queries.public_item())
            .order_by(Meeting.starts_at, AgendaItem.number)
        )
    ).all()
    if not rows:
        return None
    items = [item for item, _, _ in rows]
    results = await _results(session, [i.id for i in items])
    found = roles([Treatment(body.body_type, item.id in results) for item, body, _ in rows])
    stamps = queries.case_stamps()
    created, modified = (
        await session.execute(select(stamps.c.created, stamps.c.modified).where(stamps.c.case_number == case_number))
    ).one()
    return _Case(
        case_number,
        [(item, body, role, noticed) for (item, body, noticed), role in zip(rows, found, strict=True)],
        await documents_of(session, [i.id for i in items]),
        created,
        modified,
    )


def _consultations(base: str, case: _Case) -> dict[uuid.UUID, dict[str, Any]]:
    return {
        item.id: objects.consultation(base, item, body, role, case.modified) for item, body, role, _ in case.treatments
    }


def _paper(base: str, slug: str, case: _Case) -> dict[str, Any]:
    noticed = {item.id: at for item, _, _, at in case.treatments}
    files = objects.published_files([(item, case.documents[item.id]) for item, _, _, _ in case.treatments])
    return objects.paper(
        base,
        slug,
        case.case_number,
        (case.created, case.modified),
        list(_consultations(base, case).values()),
        [objects.file(base, doc, item, noticed[item.id]) for doc, item in files],
        case.treatments[-1][0].title,  # as the case stands at its latest treatment
    )


# -- the entry point, the body and what comes from the settings ------------------------------------


@router.get("/system", name="oparl_system", summary="OParl entry point")
async def oparl_system(request: Request) -> dict[str, Any]:
    found = _municipality(request)
    return objects.system(_base(request), found.name, found.stamps)


def _body(request: Request, found: Municipality) -> dict[str, Any]:
    return objects.body(_base(request), found.slug, found.name, found.terms, found.stamps)


@router.get("/bodies", summary="The municipality (OParl Body list)")
async def oparl_bodies(request: Request, page: PageParams, window: WindowParams) -> dict[str, Any]:
    return _one_page([_body(request, _municipality(request))], page, window)


@router.get("/body/{slug}", summary="The municipality (OParl Body)")
async def oparl_body(slug: str, request: Request) -> dict[str, Any]:
    return _body(request, _check_body(request, slug))


@router.get("/body/{slug}/legislativeterms", summary="Election periods (OParl LegislativeTerm list)")
async def oparl_legislative_terms(
    slug: str, request: Request, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    found = _check_body(request, slug)
    base = _base(request)
    return _one_page([objects.legislative_term(base, slug, t, found.stamps) for t in found.terms], page, window)


@router.get("/legislativeterm/{key}", summary="OParl LegislativeTerm: an election period (valgperiode)")
async def oparl_legislative_term(key: str, request: Request) -> dict[str, Any]:
    found = _municipality(request)
    term = next((t for t in found.terms if t.key == key), None)
    if term is None:
        raise NotFound(f"no legislative term {key!r}")
    return objects.legislative_term(_base(request), found.slug, term, found.stamps)


# -- the register ----------------------------------------------------------------------------------


@router.get("/body/{slug}/organizations", summary="Bodies of the municipality (OParl Organization list)")
async def oparl_organizations(
    slug: str, request: Request, session: SessionDep, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)

    async def render(row: Any) -> dict[str, Any]:
        return objects.organization(base, slug, row[0])

    return await _list(
        session,
        request,
        select(Body),
        created=Body.created_at,
        modified=Body.modified_at,
        key=Body.id,
        page=page,
        window=window,
        render=render,
    )


@router.get("/organization/{org_id}", summary="OParl Organization")
async def oparl_organization(org_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    return objects.organization(
        _base(request), _municipality(request).slug, await repository.get(session, Body, org_id)
    )


@router.get(
    "/body/{slug}/people",
    summary="Elected officials (OParl Person list): those who hold or held an office; a person whose every "
    "membership was deleted is a tombstone",
)
async def oparl_people(
    slug: str, request: Request, session: SessionDep, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)
    stamps = queries.person_stamps()

    async def render(row: Any) -> dict[str, Any]:
        return await _person(session, base, slug, row[0], row[1])

    return await _list(
        session,
        request,
        select(Person, stamps.c.modified).join(stamps, stamps.c.person_id == Person.id).where(queries.has_membership()),
        created=Person.created_at,
        modified=stamps.c.modified,
        key=Person.id,
        page=page,
        window=window,
        render=render,
    )


@router.get("/person/{person_id}", summary="OParl Person")
async def oparl_person(person_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    row = (await session.scalars(select(Person).where(Person.id == person_id, queries.has_membership()))).first()
    if row is None:
        raise NotFound(f"no published person {person_id}")  # never held an office: never published
    return await _person(session, _base(request), _municipality(request).slug, row)


@router.get("/body/{slug}/memberships", summary="Offices (OParl Membership list; deleted ones stay as tombstones)")
async def oparl_memberships(
    slug: str, request: Request, session: SessionDep, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)

    async def render(row: Any) -> dict[str, Any]:
        return objects.membership(base, row[0])

    return await _list(
        session,
        request,
        select(Membership),
        created=Membership.created_at,
        modified=Membership.modified_at,
        key=Membership.id,
        page=page,
        window=window,
        render=render,
    )


@router.get("/membership/{membership_id}", summary="OParl Membership (deleted ones stay, marked deleted)")
async def oparl_membership(membership_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    row = (await session.scalars(select(Membership).where(Membership.id == membership_id))).first()
    if row is None:
        raise NotFound(f"no membership {membership_id}")
    return objects.membership(_base(request), row)


# -- meetings and their agendas --------------------------------------------------------------------


@router.get("/body/{slug}/meetings", summary="Meetings (OParl Meeting list)")
async def oparl_meetings(
    slug: str, request: Request, session: SessionDep, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)
    stamps = queries.meeting_stamps()

    async def render(row: Any) -> dict[str, Any]:
        return await _meeting(session, base, row[0], row[1])

    return await _list(
        session,
        request,
        select(Meeting, stamps.c.modified).join(stamps, stamps.c.meeting_id == Meeting.id),
        created=Meeting.created_at,
        modified=stamps.c.modified,
        key=Meeting.id,
        page=page,
        window=window,
        render=render,
    )


@router.get("/meeting/{meeting_id}", summary="OParl Meeting; its agenda once the notice is published (MTG-06)")
async def oparl_meeting(meeting_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    return await _meeting(session, _base(request), await repository.get(session, Meeting, meeting_id))


@router.get(
    "/meeting/{meeting_id}/minutes.html",
    response_class=HTMLResponse,
    summary="The published minutes, in their public version (MTG-37): a meeting's resultsProtocol",
)
async def oparl_minutes(meeting_id: uuid.UUID, session: SessionDep) -> str:
    meeting = await repository.get(session, Meeting, meeting_id)
    if meeting.minutes_published_at is None:
        raise NotFound(f"the minutes of meeting {meeting_id} are not published")
    return html.render(await minutes.build(session, meeting, public=True))


@router.get("/body/{slug}/locations", summary="Where meetings are held (OParl Location list)")
async def oparl_locations(
    slug: str, request: Request, session: SessionDep, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)

    async def render(row: Any) -> dict[str, Any]:
        return objects.location(base, row[0])

    return await _list(
        session,
        request,
        select(Meeting).where(Meeting.location.is_not(None)),
        created=Meeting.created_at,
        modified=Meeting.modified_at,
        key=Meeting.id,
        page=page,
        window=window,
        render=render,
    )


@router.get("/location/{meeting_id}", summary="OParl Location: where a meeting is held")
async def oparl_location(meeting_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    row = await repository.get(session, Meeting, meeting_id)
    if row.location is None:
        raise NotFound(f"meeting {meeting_id} has no location")
    return objects.location(_base(request), row)


@router.get(
    "/body/{slug}/agendaitems",
    summary="Cases on the published agendas (OParl AgendaItem list; closed cases without title, MTG-07)",
)
async def oparl_agenda_items(
    slug: str, request: Request, session: SessionDep, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)
    stamps = queries.item_stamps()

    async def render(row: Any) -> dict[str, Any]:
        return await _agenda_item(session, base, row[0], row[1])

    return await _list(
        session,
        request,
        select(AgendaItem, Meeting, stamps.c.modified)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(stamps, stamps.c.item_id == AgendaItem.id)
        .where(queries.noticed()),
        created=AgendaItem.created_at,
        modified=stamps.c.modified,
        key=AgendaItem.id,
        page=page,
        window=window,
        render=render,
    )


@router.get("/agendaitem/{item_id}", summary="OParl AgendaItem (closed cases without title)")
async def oparl_agenda_item(item_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    item, meeting = await _published_item(session, item_id)
    return await _agenda_item(session, _base(request), item, meeting)


# -- cases, their treatments and documents ---------------------------------------------------------


@router.get("/body/{slug}/papers", summary="Cases (OParl Paper list; closed cases are not published, MTG-07)")
async def oparl_papers(
    slug: str, request: Request, session: SessionDep, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)
    stamps = queries.case_stamps()

    async def render(row: Any) -> dict[str, Any]:
        case = await _case(session, row.case_number)
        assert case is not None  # listed from the same public treatments
        return _paper(base, slug, case)

    return await _list(
        session,
        request,
        select(stamps.c.case_number, stamps.c.created, stamps.c.modified),
        created=stamps.c.created,
        modified=stamps.c.modified,
        key=stamps.c.case_number,
        page=page,
        window=window,
        render=render,
    )


@router.get("/paper/{case_number:path}", summary="OParl Paper: a case by its case number (saksnummer)")
async def oparl_paper(case_number: str, request: Request, session: SessionDep) -> dict[str, Any]:
    case = await _case(session, case_number)
    if case is None:
        raise NotFound(f"no public case {case_number!r}")
    return _paper(_base(request), _municipality(request).slug, case)


@router.get("/body/{slug}/consultations", summary="Public treatments of cases (OParl Consultation list)")
async def oparl_consultations(
    slug: str, request: Request, session: SessionDep, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)
    stamps = queries.case_stamps()
    cases: dict[str, _Case] = {}

    async def render(row: Any) -> dict[str, Any]:
        item: AgendaItem = row[0]
        if item.case_number not in cases:
            found = await _case(session, item.case_number)
            assert found is not None  # listed from the same public treatments
            cases[item.case_number] = found
        return _consultations(base, cases[item.case_number])[item.id]

    return await _list(
        session,
        request,
        # Only public treatments: a case number with a closed treatment too lists its open ones alone (MTG-07).
        select(AgendaItem, stamps.c.modified)
        .join(stamps, stamps.c.case_number == AgendaItem.case_number)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(queries.public_item()),
        created=AgendaItem.created_at,
        modified=stamps.c.modified,
        key=AgendaItem.id,
        page=page,
        window=window,
        render=render,
    )


@router.get("/consultation/{item_id}", summary="OParl Consultation: one public treatment of a case")
async def oparl_consultation(item_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    item = await repository.get(session, AgendaItem, item_id)
    case = None if item.closed else await _case(session, item.case_number)
    if case is None or item.id not in (consultations := _consultations(_base(request), case)):
        raise NotFound(f"no public consultation {item_id}")  # MTG-07: a closed treatment is not reported
    return consultations[item.id]


async def _document_file(session: AsyncSession, base: str, file_id: uuid.UUID) -> dict[str, Any] | None:
    found = (
        await session.execute(
            select(AgendaDocument, AgendaItem, Meeting.notice_published_at)
            .join(AgendaItem, AgendaItem.id == AgendaDocument.agenda_item_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaDocument.id == file_id, queries.noticed())
        )
    ).first()
    if found is None:
        return None
    doc, item, noticed = found
    return objects.file(base, doc, item, noticed) if objects.published_files([(item, [doc])]) else None


async def _minutes_file(session: AsyncSession, base: str, meeting_id: uuid.UUID) -> dict[str, Any] | None:
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None or meeting.minutes_published_at is None:
        return None
    return objects.minutes_file(base, meeting, await repository.get(session, Body, meeting.body_id))


@router.get("/body/{slug}/files", summary="Published case documents and minutes (OParl File list; MTG-06, MTG-37)")
async def oparl_files(
    slug: str, request: Request, session: SessionDep, page: PageParams, window: WindowParams
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)
    files = queries.file_rows()

    async def render(row: Any) -> dict[str, Any]:
        if row.kind == queries.MINUTES:
            found = await _minutes_file(session, base, row.file_id)
        else:
            found = await _document_file(session, base, row.file_id)
        assert found is not None  # listed from the same published files
        return found

    return await _list(
        session,
        request,
        select(files.c.file_id, files.c.kind, files.c.created, files.c.modified),
        created=files.c.created,
        modified=files.c.modified,
        key=files.c.file_id,
        page=page,
        window=window,
        render=render,
    )


@router.get("/file/minutes/{meeting_id}", summary="OParl File: a meeting's published minutes (MTG-37)")
async def oparl_minutes_file(meeting_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    found = await _minutes_file(session, _base(request), meeting_id)
    if found is None:
        raise NotFound(f"the minutes of meeting {meeting_id} are not published")
    return found


@router.get("/file/{file_id}", summary="OParl File: a published case document")
async def oparl_file(file_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    found = await _document_file(session, _base(request), file_id)
    if found is None:
        raise NotFound(f"no published file {file_id}")  # exempt documents are as unknown as missing ones
    return found
