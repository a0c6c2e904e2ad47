"""The gateway: one entry point for every consumer, in front of the five services."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import CollectorRegistry
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from folkevalgt_shared.auth import TokenVerifier
from folkevalgt_shared.collector import settle_after_startup
from folkevalgt_shared.http_errors import install_problem_handlers
from folkevalgt_shared.observability import RequestContextMiddleware, configure_logging, metrics_endpoint
from gateway import metrics as m
from gateway.aggregate import MergedOpenAPI, ServiceDocuments, readiness
from gateway.config import Settings
from gateway.docs import docs_router
from gateway.metrics import GatewayMetrics
from gateway.paths import GATEWAY_OPS_PATHS, is_service_ops_path, path_problem, valid_request_id
from gateway.proxy import CLOSE, AsgiAnswer, Proxy, problem_answer, request_id_of

# What the operators' listener serves of the gateway's own endpoints (besides GATEWAY_OPS_PATHS).
LISTENER_OWN_PATHS = frozenset({"/health/live", "/health/ready"})


class Gateway:
    """Requests under a service prefix go to the proxy; the rest to the gateway's own endpoints.

    Every path is checked first: the decisions below (token or not, operator's path or not) are
    taken on a path that the service will read the same way.
    """

    def __init__(self, proxy: Proxy, own: ASGIApp, settings: Settings, *, listener: bool = False) -> None:
        self.proxy = proxy
        self.own = own
        self.ops = settings.ops_access
        self.metrics = proxy.metrics
        self.listener = listener  # the operators' listener, not the public one
        self.hidden = self.ops == "listener" and not listener

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.own(scope, receive, send)
            return
        path = scope["path"]
        raw_path = scope.get("raw_path") or path.encode()
        if (plain := self.plain_target(path, raw_path)) is not None:  # the bulk: as the direct path takes it
            await self.proxy(scope, receive, send, *plain)
            return
        if (problem := path_problem(raw_path)) is not None:
            self.metrics.refused("none", m.INVALID_PATH)
            refusal = problem_answer(
                400, "invalid-path", "The path is not valid", problem, path, CLOSE, request_id_of(scope)
            )
            await AsgiAnswer(send).whole(*refusal)
            return
        target = self.proxy.match(path)
        if target is not None:
            prefix, base, rest = target
            ops = self.ops if is_service_ops_path(rest) else None
            if (ops is not None and self.hidden) or (self.listener and ops is None and rest not in LISTENER_OWN_PATHS):
                await self._not_here(scope, send, prefix[1:], path)
                return
            await self.proxy(scope, receive, send, prefix, base, rest, ops)
            return
        if path in GATEWAY_OPS_PATHS:
            if self.hidden:
                await self._not_here(scope, send, "gateway", path)
                return
            if self.ops == "scope" and not self.listener:
                authorization = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
                if await self.proxy.refuse_ops(authorization, AsgiAnswer(send), path, "gateway") is not None:
                    return
        elif self.listener and path not in LISTENER_OWN_PATHS:
            await self._not_here(scope, send, "gateway", path)
            return
        await self.own(_with_valid_request_id(scope), receive, send)

    def plain_target(self, path: str, raw_path: bytes) -> tuple[str, str, str] | None:
        """(prefix, base, rest) when a request for `path` is one that __call__ hands to the proxy as
        an ordinary request for a service; None for anything else (a path that is refused, an
        operator's path, the gateway's own endpoints, the operators' listener)."""
        if self.listener or path_problem(raw_path) is not None:
            return None
        target = self.proxy.match(path)
        if target is None or is_service_ops_path(target[2]):
            return None
        return target

    async def _not_here(self, scope: Scope, send: Send, service: str, path: str) -> None:
        self.metrics.refused(service, m.NOT_EXPOSED)
        detail = f"nothing at {path} on this listener"
        refusal = problem_answer(404, "not-found", "Not found", detail, path, None, request_id_of(scope))
        await AsgiAnswer(send).whole(*refusal)


def _with_valid_request_id(scope: Scope) -> Scope:
    """An X-Request-ID that is not a plain token is dropped, so that a new one is made."""
    for key, value in scope["headers"]:
        if key == b"x-request-id" and not valid_request_id(value.decode("latin-1")):
            return {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"x-request-id"]}
    return scope


class OpsListener:
    """The operators' listener (ops_access=listener): a second uvicorn server in the gateway's
    process and event loop, started and stopped with the gateway's lifespan."""

    def __init__(self, app: ASGIApp, host: str, port: int) -> None:
        config = uvicorn.Config(
            app, host=host, port=port, lifespan="off", access_log=False, log_config=None, proxy_headers=False
        )
        self.server = uvicorn.Server(config)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        config = self.server.config
        config.load()
        self.server.lifespan = config.lifespan_class(config)
        await self.server.startup()  # exits the process, as uvicorn does, when the port is taken
        self._task = asyncio.create_task(self.server.main_loop())

    async def stop(self) -> None:
        if self._task is None:
            return
        self.server.should_exit = True
        await self._task
        await self.server.shutdown()


def create_app(settings: Settings | None = None) -> ASGIApp:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_json)
    registry = CollectorRegistry()
    metrics = GatewayMetrics(registry, list(settings.services))
    proxy = Proxy(settings, TokenVerifier(settings.auth), metrics)
    documents = ServiceDocuments(settings.services, settings.openapi_refresh_seconds, settings.openapi_retry_seconds)
    merged = MergedOpenAPI(documents, tuple(settings.public_paths))
    background: set[asyncio.Task[None]] = set()
    ops_listener: OpsListener | None = None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await proxy.start()
        assert proxy.session is not None
        task = asyncio.create_task(documents.prefetch(proxy.session, settings.openapi_timeout_seconds))
        background.add(task)
        task.add_done_callback(background.discard)
        if ops_listener is not None:
            await ops_listener.start()
        settle_after_startup()
        try:
            yield
        finally:
            for pending in list(background):
                pending.cancel()
            if ops_listener is not None:
                await ops_listener.stop()
            await proxy.stop()

    own = FastAPI(
        title="Folkevalgt",
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        description="One entry point for the services of Folkevalgt: meetings, leave, remuneration, "
        "access and feedback. Send `Authorization: Bearer <token>`; the health probes and the public "
        "OParl API under `/meetings/oparl/` need none. Every error is `application/problem+json`.",
    )
    install_problem_handlers(own)

    @own.get("/health/live", tags=["health"])
    async def live() -> dict[str, str]:
        return {"status": "live"}

    @own.get("/health/ready", tags=["health"], summary="Ready when every service is ready")
    async def ready() -> JSONResponse:
        assert proxy.session is not None
        result = await readiness(proxy.session, settings.services, settings.readiness_timeout_seconds)
        return JSONResponse(result, status_code=200 if result["status"] == "ready" else 503)

    @own.get("/openapi.json", include_in_schema=False)
    async def openapi() -> Response:
        assert proxy.session is not None
        body = await merged.body(proxy.session, own.openapi(), settings.openapi_timeout_seconds)
        return Response(body, media_type="application/json", headers={"Cache-Control": "no-cache"})

    own.include_router(docs_router("/openapi.json", "Folkevalgt API"))
    own.add_api_route("/metrics", metrics_endpoint(registry), include_in_schema=False)
    own.add_middleware(RequestContextMiddleware, service="gateway", registry=registry)

    app: ASGIApp = Gateway(proxy, own, settings)
    if settings.ops_access == "listener":
        assert settings.ops_port is not None
        ops_listener = OpsListener(Gateway(proxy, own, settings, listener=True), settings.ops_host, settings.ops_port)
    if settings.cors_origins:
        app = CORSMiddleware(
            app,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["ETag", "Location", "Retry-After", "X-Request-ID"],
            max_age=600,
        )
    return app
