"""OParl 1.1 endpoints, readable without a token (the gateway lets /meetings/oparl/ through)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import ColumnElement, Select, Subquery, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import NotFound
from folkevalgt_shared.pagination import PageParams, PageQuery, paginate, paginate_rows
from folkevalgt_shared.rules import RuleBook, load_municipality
from folkevalgt_shared.types import utcnow
from meetings.domain.publication import Role, Treatment, roles
from meetings.oparl import objects
from meetings.register import repository
from meetings.register.models import Body, Membership, Person
from meetings.seed import MeetingsRules
from meetings.sittings.models import AgendaDocument, AgendaItem, Meeting
from meetings.sittings.service import agenda_of, documents_of
from meetings.voting.models import VoteEvent

router = APIRouter(prefix="/oparl/1.1", tags=["OParl 1.1 (public)"])


def _base(request: Request) -> str:
    return str(request.url_for("oparl_system")).removesuffix("/system")


def _municipality(request: Request) -> tuple[str, str, MeetingsRules]:
    path = request.app.state.settings.municipality_config
    config = load_municipality(path)
    rules = RuleBook(config, "meetings", MeetingsRules).at(oslo_date(utcnow()))
    return config.municipality, path.stem, rules


def _check_body(request: Request, slug: str) -> None:
    if slug != _municipality(request)[1]:
        raise NotFound(f"no body {slug!r}")


async def _list(
    session: AsyncSession,
    request: Request,
    stmt: Select[Any],
    model: Any,
    page: PageQuery,
    render: Callable[[Any], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    rows, next_url = await paginate_rows(session, stmt, request=request, model=model, page=page)
    return _page([await render(r) for r in rows], page, next_url)


def _page(data: list[dict[str, Any]], page: PageQuery, next_url: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"data": data, "pagination": {"elementsPerPage": page.limit}, "links": {}}
    if next_url:
        out["links"]["next"] = next_url
    return out


def _open() -> ColumnElement[bool]:
    return AgendaItem.closed.is_(False)


def _case_stamps() -> Subquery:
    """Created and modified of each case from its open treatments and the votes in them: a vote decides
    a consultation, a later treatment turns an earlier one into a recommendation, so both change the case."""
    items = select(
        AgendaItem.case_number.label("case_number"),
        AgendaItem.created_at.label("created"),
        AgendaItem.modified_at.label("modified"),
    ).where(_open())
    votes = (
        select(AgendaItem.case_number, VoteEvent.created_at, VoteEvent.modified_at)
        .join(VoteEvent, VoteEvent.agenda_item_id == AgendaItem.id)
        .where(_open())
    )
    both = union_all(items, votes).subquery()
    return (
        select(
            both.c.case_number, func.min(both.c.created).label("created"), func.max(both.c.modified).label("modified")
        )
        .group_by(both.c.case_number)
        .subquery("case_stamp")
    )


@dataclass
class _Case:
    """The public treatments of one case, in the order of their meetings (MTG-07: closed ones left out)."""

    case_number: str
    treatments: list[tuple[AgendaItem, Body, Role]]
    documents: dict[uuid.UUID, list[AgendaDocument]]
    created: datetime
    modified: datetime


async def _case(session: AsyncSession, case_number: str) -> _Case | None:
    rows = (
        await session.execute(
            select(AgendaItem, Body)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(Body, Body.id == Meeting.body_id)
            .where(AgendaItem.case_number == case_number, _open())
            .order_by(Meeting.starts_at, AgendaItem.number)
        )
    ).all()
    if not rows:
        return None
    items = [item for item, _ in rows]
    results = await _results(session, items)
    found = roles([Treatment(body.body_type, item.id in results) for item, body in rows])
    stamps = _case_stamps()
    created, modified = (
        await session.execute(select(stamps.c.created, stamps.c.modified).where(stamps.c.case_number == case_number))
    ).one()
    return _Case(
        case_number,
        [(item, body, role) for (item, body), role in zip(rows, found, strict=True)],
        await documents_of(session, [i.id for i in items]),
        created,
        modified,
    )


def _consultations(base: str, case: _Case) -> dict[uuid.UUID, dict[str, Any]]:
    return {
        item.id: objects.consultation(base, item, body, role, case.modified) for item, body, role in case.treatments
    }


def _paper(base: str, slug: str, case: _Case) -> dict[str, Any]:
    files = objects.published_files([(item, case.documents[item.id]) for item, _, _ in case.treatments])
    return objects.paper(
        base,
        slug,
        case.case_number,
        (case.created, case.modified),
        list(_consultations(base, case).values()),
        files,
        case.treatments[-1][0].title,  # as the case stands at its latest treatment
    )


async def _results(session: AsyncSession, items: list[AgendaItem]) -> dict[uuid.UUID, str]:
    votes = (
        await session.scalars(
            select(VoteEvent)
            .where(VoteEvent.agenda_item_id.in_([i.id for i in items]), VoteEvent.kind == "binding")
            .order_by(VoteEvent.created_at)
        )
    ).all()
    # The last binding vote in a case decides it; test, item and budget test votes bind nothing (MTG-23/24).
    return {v.agenda_item_id: v.result for v in votes}


async def _meeting(session: AsyncSession, base: str, row: Meeting) -> dict[str, Any]:
    org = await repository.get(session, Body, row.body_id)
    items = list(await agenda_of(session, row.id))
    results = await _results(session, items)
    documents = await documents_of(session, [i.id for i in items])
    return objects.meeting(base, row, org, [(i, results.get(i.id), documents[i.id]) for i in items])


async def _agenda_item(session: AsyncSession, base: str, item: AgendaItem) -> dict[str, Any]:
    result = (await _results(session, [item])).get(item.id)
    return objects.agenda_item(base, item, result, (await documents_of(session, [item.id]))[item.id])


async def _person(session: AsyncSession, base: str, slug: str, row: Person) -> dict[str, Any]:
    memberships = (
        await session.scalars(select(Membership).where(Membership.person_id == row.id).order_by(Membership.start_date))
    ).all()
    return objects.person(base, slug, row, memberships)


@router.get("/system", name="oparl_system", summary="OParl entry point")
async def oparl_system(request: Request) -> dict[str, Any]:
    return objects.system(_base(request), _municipality(request)[0])


@router.get("/bodies", summary="The municipality (OParl Body list)")
async def oparl_bodies(request: Request) -> dict[str, Any]:
    name, slug, rules = _municipality(request)
    return {
        "data": [objects.body(_base(request), slug, name, rules.legislative_terms)],
        "pagination": {"elementsPerPage": 1},
        "links": {},
    }


@router.get("/body/{slug}", summary="The municipality (OParl Body)")
async def oparl_body(slug: str, request: Request) -> dict[str, Any]:
    name, own, rules = _municipality(request)
    _check_body(request, slug)
    return objects.body(_base(request), own, name, rules.legislative_terms)


@router.get("/body/{slug}/organizations", summary="Bodies of the municipality (OParl Organization list)")
async def oparl_organizations(
    slug: str,
    request: Request,
    session: SessionDep,
    page: PageParams,
) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)

    async def render(row: Body) -> dict[str, Any]:
        return objects.organization(base, slug, row)

    return await _list(session, request, select(Body), Body, page, render)


@router.get("/organization/{org_id}", summary="OParl Organization")
async def oparl_organization(org_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    return objects.organization(_base(request), _municipality(request)[1], await repository.get(session, Body, org_id))


@router.get("/body/{slug}/people", summary="Elected officials (OParl Person list)")
async def oparl_people(
    slug: str,
    request: Request,
    session: SessionDep,
    page: PageParams,
) -> dict[str, Any]:
    _check_body(request, slug)
    render = partial(_person, session, _base(request), slug)
    return await _list(session, request, select(Person), Person, page, render)


@router.get("/person/{person_id}", summary="OParl Person")
async def oparl_person(person_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    row = await repository.get(session, Person, person_id)
    return await _person(session, _base(request), _municipality(request)[1], row)


@router.get("/membership/{membership_id}", summary="OParl Membership (deleted ones stay, marked deleted)")
async def oparl_membership(membership_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    row = (await session.scalars(select(Membership).where(Membership.id == membership_id))).first()
    if row is None:
        raise NotFound(f"no membership {membership_id}")
    return objects.membership(_base(request), row)


@router.get("/body/{slug}/meetings", summary="Meetings (OParl Meeting list)")
async def oparl_meetings(
    slug: str,
    request: Request,
    session: SessionDep,
    page: PageParams,
) -> dict[str, Any]:
    _check_body(request, slug)
    render = partial(_meeting, session, _base(request))
    return await _list(session, request, select(Meeting), Meeting, page, render)


@router.get("/meeting/{meeting_id}", summary="OParl Meeting with its agenda")
async def oparl_meeting(meeting_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    return await _meeting(session, _base(request), await repository.get(session, Meeting, meeting_id))


@router.get("/body/{slug}/agendaitems", summary="Cases on the agendas (OParl AgendaItem list)")
async def oparl_agenda_items(
    slug: str,
    request: Request,
    session: SessionDep,
    page: PageParams,
) -> dict[str, Any]:
    _check_body(request, slug)
    render = partial(_agenda_item, session, _base(request))
    return await _list(session, request, select(AgendaItem), AgendaItem, page, render)


@router.get("/agendaitem/{item_id}", summary="OParl AgendaItem (closed cases without title)")
async def oparl_agenda_item(item_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    return await _agenda_item(session, _base(request), await repository.get(session, AgendaItem, item_id))


@router.get("/body/{slug}/papers", summary="Cases (OParl Paper list; closed cases are not published, MTG-07)")
async def oparl_papers(slug: str, request: Request, session: SessionDep, page: PageParams) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)
    stamps = _case_stamps()
    rows, next_url = await paginate(
        session,
        select(stamps.c.case_number, stamps.c.modified),
        request=request,
        modified_col=stamps.c.modified,
        key_col=stamps.c.case_number,
        limit=page.limit,
        cursor=page.cursor,
        modified_since=page.modified_since,
    )
    cases = [await _case(session, row.case_number) for row in rows]
    return _page([_paper(base, slug, case) for case in cases if case], page, next_url)


@router.get("/paper/{case_number:path}", summary="OParl Paper: a case by its case number (saksnummer)")
async def oparl_paper(case_number: str, request: Request, session: SessionDep) -> dict[str, Any]:
    case = await _case(session, case_number)
    if case is None:
        raise NotFound(f"no public case {case_number!r}")
    return _paper(_base(request), _municipality(request)[1], case)


@router.get("/body/{slug}/consultations", summary="Treatments of cases (OParl Consultation list)")
async def oparl_consultations(slug: str, request: Request, session: SessionDep, page: PageParams) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)
    stamps = _case_stamps()
    rows, next_url = await paginate(
        session,
        select(AgendaItem, stamps.c.modified).join(stamps, stamps.c.case_number == AgendaItem.case_number),
        request=request,
        modified_col=stamps.c.modified,
        key_col=AgendaItem.id,
        limit=page.limit,
        cursor=page.cursor,
        modified_since=page.modified_since,
    )
    cases: dict[str, _Case | None] = {}
    data = []
    for row in rows:
        item: AgendaItem = row[0]
        if item.case_number not in cases:
            cases[item.case_number] = await _case(session, item.case_number)
        case = cases[item.case_number]
        if case:
            data.append(_consultations(base, case)[item.id])
    return _page(data, page, next_url)


@router.get("/consultation/{item_id}", summary="OParl Consultation: one public treatment of a case")
async def oparl_consultation(item_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    item = await repository.get(session, AgendaItem, item_id)
    case = None if item.closed else await _case(session, item.case_number)
    if case is None:
        raise NotFound(f"no public consultation {item_id}")  # MTG-07: a closed treatment is not reported
    return _consultations(_base(request), case)[item.id]


@router.get("/body/{slug}/files", summary="Published case documents (OParl File list; MTG-06)")
async def oparl_files(slug: str, request: Request, session: SessionDep, page: PageParams) -> dict[str, Any]:
    _check_body(request, slug)
    base = _base(request)
    published = (  # as domain.publication.document_published, in SQL
        select(AgendaDocument, AgendaItem)
        .join(AgendaItem, AgendaItem.id == AgendaDocument.agenda_item_id)
        .where(_open(), AgendaDocument.exempt.is_(False), AgendaDocument.url.is_not(None))
    )
    rows, next_url = await paginate(
        session,
        published,
        request=request,
        modified_col=AgendaDocument.modified_at,
        key_col=AgendaDocument.id,
        limit=page.limit,
        cursor=page.cursor,
        modified_since=page.modified_since,
    )
    return _page([objects.file(base, doc, item) for doc, item in rows], page, next_url)


@router.get("/file/{file_id}", summary="OParl File: a published case document")
async def oparl_file(file_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    doc = await session.get(AgendaDocument, file_id)
    item = await session.get(AgendaItem, doc.agenda_item_id) if doc else None
    if doc is None or item is None or not objects.published_files([(item, [doc])]):
        raise NotFound(f"no published file {file_id}")  # exempt documents are as unknown as missing ones
    return objects.file(_base(request), doc, item)
