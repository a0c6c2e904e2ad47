"""Periodic jobs: run on a timer in the service, or at once by an operator; one transaction per run."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.jobs import PeriodicJob
from folkevalgt_shared.service import ServiceParts, create_service_app
from folkevalgt_shared.settings import AuthSettings, EventSettings
from leave.config import Settings
from leave.db import ALEMBIC_INI, Base, platform

pytestmark = pytest.mark.usefixtures("backend")


class Counter:
    def __init__(self, *, fail: bool = False) -> None:
        self.runs = 0
        self.fail = fail
        self.third_run = asyncio.Event()

    async def __call__(self, session: AsyncSession, publisher: EventPublisher) -> int:
        self.runs += 1
        if self.runs >= 3:
            self.third_run.set()
        await session.execute(select(1))
        if self.fail:
            raise RuntimeError("the sweep failed")
        return 3


def _app(url: str, auth: AuthSettings, job: Counter, *, jobs_enabled: bool) -> FastAPI:
    settings = Settings(
        database_url=url,
        environment="test",
        auth=auth,
        log_json=True,
        log_level="CRITICAL",
        events=EventSettings(relay_enabled=False),
        jobs_enabled=jobs_enabled,
    )
    return create_service_app(
        ServiceParts(
            name="leave",
            title="t",
            description="t",
            settings=settings,
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            jobs=[PeriodicJob("sweep", 0.01, job)],
        )
    )


@pytest.fixture
async def database_url(service_factory: object) -> AsyncIterator[str]:
    harness = await service_factory("leave")  # type: ignore[operator]
    yield harness.app.state.db.url


async def test_an_operator_runs_a_job_at_once(database_url: str, auth_settings: AuthSettings) -> None:
    job = Counter()
    app = _app(database_url, auth_settings, job, jobs_enabled=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://leave") as client:
        ops = {"Authorization": f"Bearer {mint_dev_token(auth_settings, 'operator', ['ops:write'])}"}
        reader = {"Authorization": f"Bearer {mint_dev_token(auth_settings, 'someone', ['ops:read'])}"}
        assert (await client.post("/ops/jobs/sweep/run", headers=reader)).status_code == 403
        ran = await client.post("/ops/jobs/sweep/run", headers=ops)
        assert ran.status_code == 200 and ran.json() == {"job": "sweep", "done": 3} and job.runs == 1
        missing = await client.post("/ops/jobs/nothing/run", headers=ops)
        assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
        listed = await client.get("/ops/jobs", headers=ops)
        assert listed.json() == [{"job": "sweep", "interval_seconds": 0.01}]
    await app.state.db.dispose()


async def test_jobs_run_on_their_interval_and_survive_a_failing_run(
    database_url: str, auth_settings: AuthSettings
) -> None:
    job = Counter(fail=True)
    app = _app(database_url, auth_settings, job, jobs_enabled=True)
    async with app.router.lifespan_context(app):
        await asyncio.wait_for(job.third_run.wait(), 10)
    assert job.runs >= 3  # a failed run is logged and the job runs again
    settled = job.runs
    await asyncio.sleep(0.05)
    assert job.runs == settled  # stopped with the service
