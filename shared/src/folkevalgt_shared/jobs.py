"""Work a service does on a timer: sweeps for overdue requests, leaves that start or end today.

Each run is one transaction, and its events go through the outbox like any other. Every replica runs
every job, so a job must be safe to run twice at once: it claims its rows (`FOR UPDATE SKIP LOCKED` on
PostgreSQL) or records what it has done in the same transaction, so the second run finds nothing.
Operators (and tests) can run a job at once: `POST /ops/jobs/{name}/run`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import structlog
from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.db import Database
from folkevalgt_shared.errors import NotFound, problem_responses
from folkevalgt_shared.events.ops import OpsWriter
from folkevalgt_shared.events.outbox import EventPublisher

log = structlog.get_logger()

# A job gets a session (committed when it returns) and the publisher; it answers how much it did.
JobRun = Callable[[AsyncSession, EventPublisher], Awaitable[int]]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval_seconds: float
    run: JobRun


class JobResult(BaseModel):
    job: str
    done: int


class JobRunner:
    def __init__(self, db: Database, publisher: EventPublisher, jobs: Sequence[PeriodicJob]) -> None:
        self.db = db
        self.publisher = publisher
        self.jobs = {job.name: job for job in jobs}
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()

    async def run_once(self, name: str) -> int:
        job = self.jobs[name]
        async with self.db.transaction() as session:
            return await job.run(session, self.publisher)

    def start(self) -> None:
        self._stopping.clear()
        self._tasks = [asyncio.create_task(self._loop(job), name=f"job-{job.name}") for job in self.jobs.values()]

    async def stop(self) -> None:
        self._stopping.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def _loop(self, job: PeriodicJob) -> None:
        while not self._stopping.is_set():
            try:
                done = await self.run_once(job.name)
                if done:
                    log.info("periodic job ran", job=job.name, done=done)
            except Exception:
                log.exception("periodic job failed; it runs again at the next interval", job=job.name)
            try:
                await asyncio.wait_for(self._stopping.wait(), job.interval_seconds)
            except TimeoutError:
                pass


def jobs_router(runner: JobRunner) -> APIRouter:
    router = APIRouter(prefix="/ops/jobs", tags=["operations"])

    @router.get("", summary="The service's periodic jobs and their intervals")
    async def list_jobs(_: OpsWriter) -> list[dict[str, object]]:
        return [{"job": j.name, "interval_seconds": j.interval_seconds} for j in runner.jobs.values()]

    @router.post("/{name}/run", summary="Run a periodic job now", responses=problem_responses(NotFound))
    async def run_job(name: str, _: OpsWriter) -> JobResult:
        if name not in runner.jobs:
            raise NotFound(f"no periodic job named {name!r}")
        return JobResult(job=name, done=await runner.run_once(name))

    return router
