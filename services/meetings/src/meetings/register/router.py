from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy import select

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    RuleViolation,
    problem_responses,
)
from folkevalgt_shared.idempotency import idempotent
from folkevalgt_shared.inputs import BoundedDate
from folkevalgt_shared.pagination import Page, PageParams, PageQuery, paginate_rows
from folkevalgt_shared.preconditions import parse_if_match
from folkevalgt_shared.service import PublisherDep
from folkevalgt_shared.types import utcnow
from meetings.disclosure import personal
from meetings.proxies import service as proxies
from meetings.register import repository, service
from meetings.register.models import Body, Membership, Person
from meetings.register.schemas import (
    BodyIn,
    BodyOut,
    BodyPatch,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    PersonIn,
    PersonOut,
    PersonPatch,
)

router = APIRouter(tags=["register"])
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]
IfMatch = Annotated[str | None, Header(description="ETag from a GET; the update fails with 412 if it changed")]
WRITE_ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound, PreconditionFailed)


def _etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


def _changes(patch: BaseModel) -> dict[str, Any]:
    return patch.model_dump(exclude_unset=True)


async def _page(session: SessionDep, request: Request, model: Any, out: Any, stmt: Any, page: PageQuery) -> Page[Any]:
    rows, next_url = await paginate_rows(session, stmt, request=request, model=model, page=page)
    return Page(items=[out.model_validate(r) for r in rows], next=next_url)


# -- bodies -----------------------------------------------------------------------------------


@router.get("/bodies", summary="Bodies (folkevalgte organer)")
async def list_bodies(
    session: SessionDep,
    request: Request,
    _: Reader,
    page: PageParams,
) -> Page[BodyOut]:
    return await _page(session, request, Body, BodyOut, select(Body), page)


@router.post("/bodies", status_code=201, response_model=BodyOut, responses=WRITE_ERRORS, summary="Create a body")
async def create_body(data: BodyIn, session: SessionDep, request: Request, principal: Writer) -> Response:
    async def produce() -> BodyOut:
        return BodyOut.model_validate(await service.create_body(session=session, data=data))

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.get("/bodies/{body_id}", summary="One body")
async def get_body(body_id: uuid.UUID, session: SessionDep, response: Response, _: Reader) -> BodyOut:
    body = await repository.get(session, Body, body_id)
    _etag(response, body.version)
    return BodyOut.model_validate(body)


@router.patch("/bodies/{body_id}", responses=WRITE_ERRORS, summary="Change a body")
async def update_body(
    body_id: uuid.UUID,
    patch: BodyPatch,
    session: SessionDep,
    response: Response,
    publisher: PublisherDep,
    _: Writer,
    if_match: IfMatch = None,
) -> BodyOut:
    body = await service.update_body(
        session=session,
        body_id=body_id,
        changes=_changes(patch),
        if_match=parse_if_match(if_match),
        publisher=publisher,
    )
    _etag(response, body.version)
    return BodyOut.model_validate(body)


@router.get("/bodies/{body_id}/members", summary="Members and deputies of a body on a date")
async def body_members(
    body_id: uuid.UUID, session: SessionDep, _: Reader, on: BoundedDate | None = None
) -> Sequence[MembershipOut]:
    await repository.get(session, Body, body_id)
    day = on or oslo_date(utcnow())
    members = await repository.memberships_of_body(session, body_id)
    active = [m for m in members if m.start_date <= day and (m.end_date is None or m.end_date >= day)]
    active.sort(key=lambda m: (m.role, m.party_group or "", m.deputy_order or 0))
    return [MembershipOut.model_validate(m) for m in active]


# -- people -----------------------------------------------------------------------------------


@router.get("/people", summary="People in the register; email and gender only for the person and meetings:write")
async def list_people(
    session: SessionDep,
    request: Request,
    principal: Reader,
    page: PageParams,
) -> Page[PersonOut]:
    found = await _page(session, request, Person, PersonOut, select(Person), page)
    return Page(items=[personal.person(p, principal) for p in found.items], next=found.next)


@router.post("/people", status_code=201, response_model=PersonOut, responses=WRITE_ERRORS, summary="Add a person")
async def create_person(
    data: PersonIn, session: SessionDep, request: Request, publisher: PublisherDep, principal: Writer
) -> Response:
    async def produce() -> PersonOut:
        return PersonOut.model_validate(await service.create_person(session=session, data=data, publisher=publisher))

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.get("/people/{person_id}", summary="One person; email and gender only for the person and meetings:write")
async def get_person(person_id: uuid.UUID, session: SessionDep, response: Response, principal: Reader) -> PersonOut:
    person = await repository.get(session, Person, person_id)
    _etag(response, person.version)
    return personal.person(PersonOut.model_validate(person), principal)


@router.patch("/people/{person_id}", responses=WRITE_ERRORS, summary="Change a person")
async def update_person(
    person_id: uuid.UUID,
    patch: PersonPatch,
    session: SessionDep,
    response: Response,
    publisher: PublisherDep,
    _: Writer,
    if_match: IfMatch = None,
) -> PersonOut:
    person = await service.update_person(
        session=session,
        person_id=person_id,
        changes=_changes(patch),
        if_match=parse_if_match(if_match),
        publisher=publisher,
    )
    _etag(response, person.version)
    return PersonOut.model_validate(person)


# -- memberships ------------------------------------------------------------------------------


@router.get(
    "/memberships",
    summary="Memberships (verv), filterable by body and person; a sync with modified_since also gets those deleted "
    "since, marked deleted (tombstones)",
)
async def list_memberships(
    session: SessionDep,
    request: Request,
    _: Reader,
    page: PageParams,
    body_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
) -> Page[MembershipOut]:
    stmt = select(Membership)
    if page.modified_since is None:  # a full read: what holds; a sync: what changed, deletions included
        stmt = stmt.where(Membership.deleted.is_(False))
    if body_id:
        stmt = stmt.where(Membership.body_id == body_id)
    if person_id:
        stmt = stmt.where(Membership.person_id == person_id)
    return await _page(session, request, Membership, MembershipOut, stmt, page)


@router.post(
    "/memberships",
    status_code=201,
    response_model=MembershipOut,
    responses=WRITE_ERRORS,
    summary="Elect or appoint someone to a body (member, deputy, chair, group leader...)",
)
async def create_membership(
    data: MembershipIn, session: SessionDep, request: Request, publisher: PublisherDep, principal: Writer
) -> Response:
    async def produce() -> MembershipOut:
        membership = await service.create_membership(session=session, data=data, publisher=publisher)
        await proxies.apply(session, publisher)  # a new member may be proxy in a case on a published agenda
        return MembershipOut.model_validate(membership)

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.get("/memberships/{membership_id}", summary="One membership")
async def get_membership(membership_id: uuid.UUID, session: SessionDep, response: Response, _: Reader) -> MembershipOut:
    membership = await repository.get(session, Membership, membership_id)
    _etag(response, membership.version)
    return MembershipOut.model_validate(membership)


@router.patch(
    "/memberships/{membership_id}",
    responses=WRITE_ERRORS,
    summary="Change a membership (e.g. set end_date when it ends)",
)
async def update_membership(
    membership_id: uuid.UUID,
    patch: MembershipPatch,
    session: SessionDep,
    response: Response,
    publisher: PublisherDep,
    _: Writer,
    if_match: IfMatch = None,
) -> MembershipOut:
    membership = await service.update_membership(
        session=session,
        membership_id=membership_id,
        changes=_changes(patch),
        if_match=parse_if_match(if_match),
        publisher=publisher,
    )
    await proxies.apply(session, publisher)
    _etag(response, membership.version)
    return MembershipOut.model_validate(membership)


@router.delete(
    "/memberships/{membership_id}",
    status_code=204,
    responses=WRITE_ERRORS,
    summary="Remove a membership registered by mistake",
)
async def delete_membership(
    membership_id: uuid.UUID, session: SessionDep, publisher: PublisherDep, _: Writer, if_match: IfMatch = None
) -> Response:
    await service.delete_membership(
        session=session, membership_id=membership_id, if_match=parse_if_match(if_match), publisher=publisher
    )
    return Response(status_code=204)
