"""OParl 1.1 endpoints, readable without a token (the gateway lets /meetings/oparl/ through)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import NotFound
from folkevalgt_shared.pagination import PageParams, PageQuery, paginate_rows
from folkevalgt_shared.rules import RuleBook, load_municipality
from folkevalgt_shared.types import utcnow
from meetings.oparl import objects
from meetings.register import repository
from meetings.register.models import Body, Membership, Person
from meetings.seed import MeetingsRules
from meetings.sittings.models import AgendaItem, Meeting
from meetings.sittings.service import agenda_of
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
    out: dict[str, Any] = {
        "data": [await render(r) for r in rows],
        "pagination": {"elementsPerPage": page.limit},
        "links": {},
    }
    if next_url:
        out["links"]["next"] = next_url
    return out


async def _results(session: AsyncSession, items: list[AgendaItem]) -> dict[uuid.UUID, str]:
    votes = (
        await session.scalars(
            select(VoteEvent).where(VoteEvent.agenda_item_id.in_([i.id for i in items])).order_by(VoteEvent.created_at)
        )
    ).all()
    return {v.agenda_item_id: v.result for v in votes}  # the last vote in a case decides it


async def _meeting(session: AsyncSession, base: str, row: Meeting) -> dict[str, Any]:
    org = await repository.get(session, Body, row.body_id)
    items = list(await agenda_of(session, row.id))
    results = await _results(session, items)
    return objects.meeting(base, row, org, [(i, results.get(i.id)) for i in items])


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
    base = _base(request)

    async def render(row: Person) -> dict[str, Any]:
        return await _person(session, base, slug, row)

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
    base = _base(request)

    async def render(row: Meeting) -> dict[str, Any]:
        return await _meeting(session, base, row)

    return await _list(session, request, select(Meeting), Meeting, page, render)


@router.get("/meeting/{meeting_id}", summary="OParl Meeting with its agenda")
async def oparl_meeting(meeting_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    return await _meeting(session, _base(request), await repository.get(session, Meeting, meeting_id))


@router.get("/agendaitem/{item_id}", summary="OParl AgendaItem (closed cases without title)")
async def oparl_agenda_item(item_id: uuid.UUID, request: Request, session: SessionDep) -> dict[str, Any]:
    item = await repository.get(session, AgendaItem, item_id)
    return objects.agenda_item(_base(request), item, (await _results(session, [item])).get(item.id))


@router.get("/body/{slug}/papers", summary="Papers (OParl Paper list; the case archive is not published here yet)")
async def oparl_papers(slug: str, request: Request) -> dict[str, Any]:
    _check_body(request, slug)
    return {"data": [], "pagination": {"elementsPerPage": 0}, "links": {}}
