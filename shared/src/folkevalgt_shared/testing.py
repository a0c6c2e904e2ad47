"""Pytest fixtures every suite uses: databases (SQLite and PostgreSQL), service apps, tokens.

Loaded as a plugin by the root conftest.py; only tests import it.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url

from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings, EventSettings, Subscription

NO_POSTGRES = "PostgreSQL tests need TEST_POSTGRES_URL, or Docker for testcontainers; neither is available"
ADMIN = "11111111-1111-4111-8111-111111111111"


def _docker_postgres() -> Iterator[str | None]:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        from testcontainers.postgres import PostgresContainer
    except Exception:
        yield None
        return
    with PostgresContainer("postgres:16", driver="asyncpg") as container:
        yield container.get_connection_url()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        yield url
    else:
        yield from _docker_postgres()


class PostgresDatabases:
    """One migrated database per service per test worker; emptied between tests.

    Their names start with the database of TEST_POSTGRES_URL, so two checkouts pointed at
    different databases of one server never drop each other's."""

    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url).set(drivername="postgresql+asyncpg")
        self.worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.ready: dict[str, str] = {}

    async def url_for(self, service: str, alembic_ini: Path) -> str:
        if service not in self.ready:
            name = f"{self.base.database or 'test'}_{service}_{self.worker}"
            conn = await asyncpg.connect(self.base.set(drivername="postgresql").render_as_string(hide_password=False))
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                await conn.execute(f'CREATE DATABASE "{name}"')
            finally:
                await conn.close()
            url = self.base.set(database=name).render_as_string(hide_password=False)
            await asyncio.to_thread(upgrade_head, alembic_ini, url)
            self.ready[service] = url
        return self.ready[service]


@pytest.fixture(scope="session")
def postgres_databases(postgres_url: str | None) -> PostgresDatabases | None:
    return PostgresDatabases(postgres_url) if postgres_url else None


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Path], Awaitable[Path]]:
    """Migrates each service's schema once into a template file; tests get a copy."""
    folder = tmp_path_factory.mktemp("sqlite-templates")
    made: dict[str, Path] = {}

    async def template(service: str, alembic_ini: Path) -> Path:
        if service not in made:
            path = folder / f"{service}.db"
            await asyncio.to_thread(upgrade_head, alembic_ini, f"sqlite+aiosqlite:///{path}")
            made[service] = path
        return made[service]

    return template


@pytest.fixture(scope="session")
def auth_settings(tmp_path_factory: pytest.TempPathFactory) -> AuthSettings:
    return AuthSettings(dev_key_file=tmp_path_factory.mktemp("keys") / "dev-key.pem")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass
class Harness:
    """One service app on a clean database, with a client and token minting."""

    name: str
    app: FastAPI
    client: httpx.AsyncClient
    auth: AuthSettings

    def token(self, *scopes: str, sub: str = ADMIN) -> str:
        return mint_dev_token(self.auth, sub, scopes or ALL_SCOPES)

    def headers(self, *scopes: str, sub: str = ADMIN) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*scopes, sub=sub)}"}

    async def post(
        self, path: str, body: Any = None, status: int = 201, *, headers: dict[str, str] | None = None
    ) -> Any:
        """POSTs JSON as the administrator (or with `headers`), checks the status, returns the body."""
        response = await self.client.post(path, json=body, headers=self.headers() if headers is None else headers)
        assert response.status_code == status, response.text
        return response.json() if response.content else None


ServiceFactory = Callable[..., Awaitable[Harness]]


@pytest.fixture
async def service_factory(
    backend: str,
    tmp_path: Path,
    sqlite_templates: Callable[[str, Path], Awaitable[Path]],
    postgres_databases: PostgresDatabases | None,
    auth_settings: AuthSettings,
) -> AsyncIterator[ServiceFactory]:
    harnesses: list[Harness] = []

    async def make(name: str, *, subscriptions: list[Subscription] | None = None, **events: Any) -> Harness:
        main = importlib.import_module(f"{name}.main")
        config = importlib.import_module(f"{name}.config")
        db_module = importlib.import_module(f"{name}.db")
        alembic_ini: Path = db_module.ALEMBIC_INI
        if backend == "sqlite":
            path = tmp_path / f"{name}.db"
            shutil.copy(await sqlite_templates(name, alembic_ini), path)
            url = f"sqlite+aiosqlite:///{path}"
        else:
            if postgres_databases is None:
                pytest.skip(NO_POSTGRES)
            url = await postgres_databases.url_for(name, alembic_ini)
        settings = config.Settings(
            database_url=url,
            environment="test",
            auth=auth_settings,
            log_json=True,
            log_level="WARNING",
            events=EventSettings(subscriptions=subscriptions or [], relay_enabled=False, **events),
            jobs_enabled=False,
        )
        app = main.create_app(settings)
        if backend == "postgres":
            tables = ", ".join(f'"{t.name}"' for t in db_module.Base.metadata.sorted_tables)
            async with app.state.db.engine.begin() as conn:
                await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{name}")
        harness = Harness(name=name, app=app, client=client, auth=auth_settings)
        harnesses.append(harness)
        return harness

    yield make
    for h in harnesses:
        await h.client.aclose()
        await h.app.state.relay.sender.close()
        await h.app.state.db.dispose()
