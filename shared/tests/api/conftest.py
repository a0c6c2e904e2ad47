"""A probe service: the shared wiring (`create_service_app`) around a few routes of its own, on the
access service's database (platform tables and register copy), SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import func, insert, select

from access.db import ALEMBIC_INI, Base, platform, register
from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.contracts import PersonChangedV1
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.inputs import BoundedDate, NotNull, PatchModel
from folkevalgt_shared.openapi import PUBLIC
from folkevalgt_shared.register import register_handlers, register_router
from folkevalgt_shared.service import PublisherDep, ServiceParts, create_service_app
from folkevalgt_shared.settings import ServiceSettings
from folkevalgt_shared.testing import Harness, ServiceFactory
from folkevalgt_shared.types import utcnow

Writer = Annotated[Principal, Depends(require_scopes(Scope.ACCESS_DECIDE))]


class PersonIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    slow: float = Field(default=0, ge=0, le=5, description="Seconds the effect takes (to overlap requests)")
    fail: bool = False


class PersonPatch(PatchModel):
    name: NotNull[str] = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=200)
    since: NotNull[BoundedDate] = None


@dataclass
class Probe:
    harness: Harness
    effects: Callable[[], Awaitable[int]]

    @property
    def client(self) -> httpx.AsyncClient:
        return self.harness.client

    def headers(self, *scopes: str, sub: str | None = None) -> dict[str, str]:
        return self.harness.headers(*scopes) if sub is None else self.harness.headers(*scopes, sub=sub)


def probe_router() -> APIRouter:
    router = APIRouter(tags=["probe"])
    person = register.person

    @router.post("/people", status_code=201)
    async def add_person(
        data: PersonIn, session: SessionDep, principal: Writer, idempotency: IdempotencyDep, publisher: PublisherDep
    ) -> Response:
        async def produce() -> dict[str, Any]:
            person_id = uuid.uuid4()
            await session.execute(
                insert(person).values(person_id=person_id, name=data.name, version=1, changed_at=utcnow())
            )
            await publisher.publish(
                session,
                PersonChangedV1(person_id=person_id, name=data.name, version=1, changed_at=utcnow()),
                subject=f"people/{person_id}",
            )
            await asyncio.sleep(data.slow)  # the effect takes a while: concurrent duplicates overlap it
            if data.fail:
                raise Conflict("refused after the effect: nothing may remain")
            return {"id": str(person_id), "name": data.name}

        return await idempotency.respond(principal, produce)

    @router.post("/people/plain", status_code=201)
    async def add_person_plainly(data: PersonIn, session: SessionDep, _: Writer, publisher: PublisherDep) -> Any:
        """The same effect from a route that knows nothing of Idempotency-Key: the middleware honours it."""
        person_id = uuid.uuid4()
        await session.execute(
            insert(person).values(person_id=person_id, name=data.name, version=1, changed_at=utcnow())
        )
        await publisher.publish(
            session,
            PersonChangedV1(person_id=person_id, name=data.name, version=1, changed_at=utcnow()),
            subject=f"people/{person_id}",
        )
        await asyncio.sleep(data.slow)
        if data.fail:
            raise Conflict("refused after the effect: nothing may remain")
        return {"id": str(person_id), "name": data.name}

    @router.post(
        "/people/import",
        openapi_extra={
            "requestBody": {"content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}}}
        },
    )
    async def import_people(request: Request, _: Writer) -> dict[str, Any]:
        return {"media_type": request.headers["content-type"], "lines": (await request.body()).decode().splitlines()}

    @router.patch("/people/{person_id}")
    async def change_person(person_id: uuid.UUID, patch: PersonPatch, _: Writer) -> dict[str, Any]:
        return patch.changes()

    return router


public = APIRouter(prefix="/public", tags=["probe"], dependencies=[PUBLIC])


@public.get("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}


@pytest.fixture
async def make_probe(service_factory: ServiceFactory) -> AsyncIterator[Callable[..., Awaitable[Probe]]]:
    apps: list[Any] = []

    async def make(**settings: Any) -> Probe:
        harness = await service_factory("access")
        base: ServiceSettings = harness.app.state.settings
        app = create_service_app(
            ServiceParts(
                name="probe",
                title="Probe",
                description="The shared wiring under test",
                settings=base.model_copy(update=settings),
                metadata=Base.metadata,
                platform=platform,
                alembic_ini=ALEMBIC_INI,
                routers=[probe_router(), public, register_router(register, Scope.ACCESS_READ)],
                event_handlers=register_handlers(register),
            )
        )
        apps.append(app)
        harness.app, harness.client = (
            app,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://probe"),
        )

        async def effects() -> int:
            async with app.state.db.reading() as session:
                return int(await session.scalar(select(func.count()).select_from(register.person)) or 0)

        return Probe(harness=harness, effects=effects)

    yield make
    for app in apps:
        await app.state.db.dispose()
