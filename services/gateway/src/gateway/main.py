"""The gateway: one entry point for every consumer, in front of the five services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from prometheus_client import CollectorRegistry
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from folkevalgt_shared.auth import TokenVerifier
from folkevalgt_shared.http_errors import install_problem_handlers
from folkevalgt_shared.observability import RequestContextMiddleware, configure_logging, metrics_endpoint
from gateway.aggregate import OpenAPICache, readiness
from gateway.config import Settings
from gateway.proxy import Proxy


class Gateway:
    """Requests under a service prefix go to the proxy; the rest to the gateway's own endpoints."""

    def __init__(self, proxy: Proxy, own: ASGIApp) -> None:
        self.proxy = proxy
        self.own = own

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (target := self.proxy.match(scope["path"])) is not None:
            await self.proxy(scope, receive, send, *target)
        else:
            await self.own(scope, receive, send)


def create_app(settings: Settings | None = None) -> ASGIApp:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_json)
    registry = CollectorRegistry()
    proxy = Proxy(settings, TokenVerifier(settings.auth), registry)
    openapi_cache = OpenAPICache()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await proxy.start()
        try:
            yield
        finally:
            await proxy.stop()

    own = FastAPI(
        title="Folkevalgt",
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        openapi_url=None,
        description="One entry point for the services of Folkevalgt: meetings, leave, remuneration, "
        "access and feedback. Send `Authorization: Bearer <token>`.",
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
    async def openapi() -> JSONResponse:
        assert proxy.session is not None
        spec: dict[str, Any] = await openapi_cache.get(
            proxy.session, settings.services, own.openapi(), settings.readiness_timeout_seconds
        )
        spec.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
        }
        spec["security"] = [{"bearer": []}]
        return JSONResponse(spec)

    @own.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Folkevalgt API")

    own.add_api_route("/metrics", metrics_endpoint(registry), include_in_schema=False)
    own.add_middleware(RequestContextMiddleware, service="gateway", registry=registry)

    app: ASGIApp = Gateway(proxy, own)
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
