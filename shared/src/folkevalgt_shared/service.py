"""Assembles a service: the same wiring for all five, each plugging in its own parts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.routing import APIRoute
from prometheus_client import CollectorRegistry, start_http_server
from sqlalchemy import MetaData
from starlette.types import ASGIApp, Receive, Scope, Send

from folkevalgt_shared import clock
from folkevalgt_shared.auth import Scope as AuthScope
from folkevalgt_shared.auth import TokenVerifier, require_scopes
from folkevalgt_shared.collector import settle_after_startup
from folkevalgt_shared.contracts import EventData
from folkevalgt_shared.db import Database
from folkevalgt_shared.events.inbox import Handler, inbox_router
from folkevalgt_shared.events.ops import ops_router
from folkevalgt_shared.events.outbox import OUTBOX_WRITTEN, EventPublisher
from folkevalgt_shared.events.relay import OutboxRelay
from folkevalgt_shared.guard import RequestGuardMiddleware, declared_media_types
from folkevalgt_shared.health import health_router, migration_heads
from folkevalgt_shared.http_errors import install_problem_handlers
from folkevalgt_shared.idempotency import IdempotencyMiddleware
from folkevalgt_shared.jobs import JobRunner, PeriodicJob, jobs_router
from folkevalgt_shared.observability import (
    EventMetrics,
    RequestContextMiddleware,
    configure_logging,
    metrics_endpoint,
)
from folkevalgt_shared.openapi import docs_router, install_openapi
from folkevalgt_shared.platform_tables import PlatformTables
from folkevalgt_shared.settings import ServiceSettings
from folkevalgt_shared.tracing import Tracing

log = structlog.get_logger()


@dataclass
class ServiceParts:
    name: str
    title: str
    description: str
    settings: ServiceSettings
    metadata: MetaData
    platform: PlatformTables
    alembic_ini: Path
    routers: Sequence[APIRouter] = ()
    event_handlers: dict[type[EventData], Handler] = field(default_factory=dict)
    jobs: Sequence[PeriodicJob] = ()


class ForwardedPrefixMiddleware:
    """Behind the gateway, `/meetings/bodies` arrives as `/bodies` with X-Forwarded-Prefix:
    restoring the prefix as root_path makes generated links (pagination, Location) correct."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            prefix = next((v.decode() for k, v in scope["headers"] if k == b"x-forwarded-prefix"), None)
            if prefix and prefix.startswith("/") and not scope.get("root_path"):
                scope = {**scope, "root_path": prefix, "path": prefix + scope["path"]}
        await self.app(scope, receive, send)


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_service_app(parts: ServiceParts) -> FastAPI:
    settings = parts.settings
    configure_logging(settings.log_level, settings.log_json)
    clock.configure(settings.clock)
    db = Database(settings.database_url, pool_size=settings.database_pool_size)
    registry = CollectorRegistry()
    event_metrics = EventMetrics(parts.name, registry, (s.name for s in settings.events.subscriptions))
    tracing = Tracing(settings.tracing, parts.name)
    relay = OutboxRelay(db, parts.platform.outbox, settings.events, metrics=event_metrics)

    def wake_relay_after_outbox_commit(session: object) -> None:
        if getattr(session, "info", {}).pop(OUTBOX_WRITTEN, False):
            relay.wake()

    db.after_commit.append(wake_relay_after_outbox_commit)

    async def refresh_event_metrics() -> None:
        await event_metrics.refresh(db, parts.platform.outbox)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.events.relay_enabled:
            relay.start()
        if settings.jobs_enabled:
            jobs.start()
        metrics_listener = _MetricsListener(settings, registry, refresh_event_metrics)
        metrics_listener.start()
        settle_after_startup()
        try:
            yield
        finally:
            await metrics_listener.stop()
            await jobs.stop()
            await relay.stop()
            await db.dispose()
            tracing.shutdown()

    app = FastAPI(
        title=parts.title,
        description=parts.description,
        version="1.0.0",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        openapi_url=None,  # served by docs_router, with the access the settings give it
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.platform = parts.platform
    app.state.verifier = TokenVerifier(settings.auth)
    app.state.publisher = EventPublisher(parts.platform.outbox, settings.events.subscriptions, f"/{parts.name}")
    app.state.relay = relay
    app.state.event_metrics = event_metrics
    app.state.tracing = tracing
    jobs = JobRunner(db, app.state.publisher, parts.jobs)
    app.state.jobs = jobs
    install_problem_handlers(app)
    install_openapi(app)

    # Added innermost first: the prefix is restored, then the request gets its id, log line and
    # span, then its body is checked — so a refused body is logged and counted like any answer —
    # and last a POST's Idempotency-Key is claimed, in the transaction the route then works in.
    app.add_middleware(IdempotencyMiddleware, service=app)
    app.add_middleware(
        RequestGuardMiddleware, max_body_bytes=settings.max_body_bytes, other_media_types=declared_media_types(app)
    )
    app.add_middleware(RequestContextMiddleware, service=parts.name, registry=registry, tracer=tracing.tracer)
    app.add_middleware(ForwardedPrefixMiddleware)
    # Routes are tried in order, and an included router costs a few microseconds to try even when
    # nothing in it matches: the service's own routes, which carry the traffic, come first.
    for router in parts.routers:
        app.include_router(router)
    metrics_access = settings.ops_access("metrics")
    if metrics_access != "off":
        app.add_api_route(
            "/metrics",
            metrics_endpoint(registry, refresh_event_metrics),
            include_in_schema=False,
            dependencies=[Depends(require_scopes(AuthScope.OPS_READ))] if metrics_access == "ops-scope" else [],
        )
    app.include_router(docs_router(app, settings.ops_access("docs")))
    app.include_router(
        health_router(
            db, parts.platform.outbox, migration_heads(parts.alembic_ini), settings.events.ready_backlog_threshold
        )
    )
    app.include_router(ops_router(db, parts.platform.outbox, relay.wake))
    if parts.jobs:
        app.include_router(jobs_router(jobs))
    app.include_router(
        inbox_router(
            db,
            parts.platform.inbox,
            settings.events.inbox_secret,
            parts.event_handlers,
            app.state.publisher,
            metrics=event_metrics,
            tracer=tracing.tracer,
        )
    )
    return app


class _MetricsListener:
    """/metrics on a port of its own (`ops.metrics_port`), for a scraper without a token: prometheus-client's
    HTTP server in a thread; the outbox gauges it shows are refreshed every `ops.metrics_refresh_seconds`."""

    def __init__(self, settings: ServiceSettings, registry: CollectorRegistry, refresh: Any) -> None:
        self.settings = settings
        self.registry = registry
        self.refresh = refresh
        self._server: Any = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        port = self.settings.ops.metrics_port
        if port is None:
            return
        self._server, _ = start_http_server(port, registry=self.registry)
        self._task = asyncio.create_task(self._refresh_loop(), name="metrics-refresh")

    async def _refresh_loop(self) -> None:
        while True:
            try:
                await self.refresh()
            except Exception:
                log.exception("refreshing the outbox metrics failed; trying again at the next interval")
            await asyncio.sleep(self.settings.ops.metrics_refresh_seconds)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


async def _publisher(request: Request) -> EventPublisher:
    # async: FastAPI runs a plain `def` dependency in a worker thread, a hand-off per request.
    publisher: EventPublisher = request.app.state.publisher
    return publisher


PublisherDep = Annotated[EventPublisher, Depends(_publisher)]
