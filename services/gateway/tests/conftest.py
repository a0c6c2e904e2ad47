"""A real upstream server (uvicorn, as the services run) and the gateway in front of it.

The connection behaviour under test (keep-alive, closes after an error, raw paths) exists only
between real servers, so the upstream is never a mock; the gateway runs either in-process
(TestClient) or as a real uvicorn server too.
"""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request
from prometheus_client.parser import text_string_to_metric_families
from starlette.background import BackgroundTask
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.http_errors import install_problem_handlers
from folkevalgt_shared.settings import AuthSettings
from gateway.config import Settings
from gateway.main import create_app
from gateway.server import GatewayProtocol

UPSTREAM_DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "meetings", "version": "1"},
    "paths": {
        "/bodies": {
            "get": {
                "operationId": "list_bodies",
                "tags": ["bodies"],
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BodyPage"}}},
                    },
                    "422": {
                        "description": "Validation Error",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
                        },
                    },
                },
            },
            "post": {
                "operationId": "create_body",
                "tags": ["bodies"],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/BodyIn"}}}},
                "responses": {
                    "201": {"description": "created"},
                    "409": {"description": "Conflict", "content": {"application/problem+json": {}}},
                },
            },
        },
        "/oparl/1.1/system": {"get": {"operationId": "oparl_system", "responses": {"200": {"description": "ok"}}}},
        "/health/ready": {"get": {"operationId": "ready", "responses": {"200": {"description": "ok"}}}},
        "/events": {"post": {"operationId": "inbox", "responses": {"200": {"description": "ok"}}}},
    },
    "components": {
        "schemas": {
            "BodyPage": {"type": "object", "properties": {"items": {"$ref": "#/components/schemas/Body"}}},
            "Body": {"type": "object", "properties": {"id": {"type": "string"}}},
            "BodyIn": {"type": "object", "properties": {"name": {"type": "string"}}},
            "HTTPValidationError": {
                "type": "object",
                "properties": {"detail": {"items": {"$ref": "#/components/schemas/ValidationError"}}},
            },
            "ValidationError": {"type": "object"},
        }
    },
}


@dataclass
class Upstream:
    """A running upstream server and what it saw."""

    url: str
    seen: list[dict[str, Any]] = field(default_factory=list)
    fail_gate: threading.Event = field(default_factory=threading.Event)
    entered_fail: threading.Event = field(default_factory=threading.Event)
    publishes_openapi: bool = True
    openapi_title: str = "meetings"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reached(self, predicate: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.seen if predicate(r)]

    def clear(self) -> None:
        with self.lock:
            self.seen.clear()


def upstream_app(state: Upstream) -> FastAPI:
    """Shaped like a service: FastAPI with the problem handlers, so an error is answered 500 and
    the exception re-raised, after which uvicorn closes the connection."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    install_problem_handlers(app)

    async def record(request: Request) -> dict[str, Any]:
        body = await request.body()
        seen = {
            "method": request.method,
            "path": request.url.path,
            "raw_path": request.scope["raw_path"].decode("latin-1"),
            "query": request.url.query,
            "headers": dict(request.headers),
            "body_length": len(body),
            "body_head": body[:20].decode(errors="replace"),
            "connection": f"{request.client.host}:{request.client.port}" if request.client else None,
        }
        with state.lock:
            state.seen.append(seen)
        return seen

    @app.api_route("/echo/{rest:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(request: Request) -> JSONResponse:
        return JSONResponse(await record(request), headers={"x-upstream": "yes", "x-request-id": "upstream-made"})

    @app.api_route("/oparl/{rest:path}", methods=["GET", "POST"])
    async def oparl(request: Request) -> JSONResponse:
        return JSONResponse(await record(request), headers={"x-upstream": "yes"})

    @app.get("/health/live")
    async def live(request: Request) -> JSONResponse:
        return JSONResponse(await record(request))

    @app.get("/health/ready")
    async def ready(request: Request) -> JSONResponse:
        await record(request)
        return JSONResponse({"status": "ready", "checks": {}})

    @app.get("/slow")
    async def slow() -> Response:
        await asyncio.sleep(2)
        return Response("late")

    @app.get("/big")
    async def big() -> StreamingResponse:
        async def chunks() -> Any:
            for _ in range(64):
                yield b"x" * 65536

        return StreamingResponse(chunks(), media_type="application/octet-stream")

    @app.get("/fail")
    async def fail(request: Request) -> Response:
        await record(request)
        state.entered_fail.set()
        if request.query_params.get("hold"):
            await anyio.to_thread.run_sync(state.fail_gate.wait, 10)
        raise RuntimeError("a failure inside the service")

    def crash() -> None:
        raise RuntimeError("a failure after the answer")

    @app.get("/then-close")
    async def then_close(request: Request) -> Response:
        await record(request)
        if request.query_params.get("hold"):
            state.entered_fail.set()
            await anyio.to_thread.run_sync(state.fail_gate.wait, 10)
        # The answer is complete and kept-alive; the error after it makes uvicorn close the connection.
        return PlainTextResponse("done", background=BackgroundTask(crash))

    @app.get("/set-cookie")
    async def set_cookie(request: Request) -> PlainTextResponse:
        await record(request)
        response = PlainTextResponse("cookie set")
        response.set_cookie("session", "belongs-to-the-first-client", path="/")
        return response

    @app.get("/metrics")
    async def metrics(request: Request) -> PlainTextResponse:
        await record(request)
        return PlainTextResponse("upstream_metric 1\n")

    @app.get("/docs")
    async def docs(request: Request) -> PlainTextResponse:
        await record(request)
        return PlainTextResponse("<html>service docs</html>")

    @app.get("/openapi.json")
    async def openapi(request: Request) -> Response:
        await record(request)
        if not state.publishes_openapi:
            return PlainTextResponse("down", status_code=503)
        doc = {**UPSTREAM_DOC, "info": {"title": state.openapi_title, "version": "1"}}
        return JSONResponse(doc)

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Servers:
    """uvicorn servers in threads (uvloop and httptools, as in production), stopped at teardown."""

    def __init__(self) -> None:
        self.running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(self, app: ASGIApp, port: int | None = None, **config: Any) -> str:
        port = port or free_port()
        options: dict[str, Any] = {"loop": "uvloop", "http": "httptools", "log_level": "warning"} | config
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **options))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"server on port {port} did not start")
            time.sleep(0.01)
        self.running.append((server, thread))
        return f"http://127.0.0.1:{port}"

    def stop_all(self) -> None:
        for server, _ in self.running:
            server.should_exit = True
        for _, thread in self.running:
            thread.join(10)
        self.running.clear()


@pytest.fixture(scope="module")
def module_servers() -> Iterator[Servers]:
    servers = Servers()
    yield servers
    servers.stop_all()


@pytest.fixture
def servers() -> Iterator[Servers]:
    servers = Servers()
    yield servers
    servers.stop_all()


@pytest.fixture(scope="module")
def upstream(module_servers: Servers) -> Upstream:
    state = Upstream(url="")
    # Without proxy headers the service sees the gateway's own connection (its port), not the client.
    state.url = module_servers.start(upstream_app(state), proxy_headers=False)
    return state


@pytest.fixture(scope="module")
def auth(tmp_path_factory: pytest.TempPathFactory) -> AuthSettings:
    return AuthSettings(dev_key_file=tmp_path_factory.mktemp("keys") / "gateway-key.pem")


def settings_for(upstream: Upstream, auth: AuthSettings, **overrides: Any) -> Settings:
    services = {"meetings": upstream.url, "leave": f"http://127.0.0.1:{free_port()}"} | overrides.pop("services", {})
    return Settings(services=services, auth=auth, log_level="WARNING", **overrides)


@pytest.fixture(params=["asgi", "server"])
def gateway(
    request: pytest.FixtureRequest, upstream: Upstream, auth: AuthSettings, servers: Servers
) -> Callable[..., httpx.Client]:
    """The gateway in front of the upstream (`leave` points at a closed port), reached two ways:
    in-process through ASGI, and as a server with its own protocol, whose direct path takes the
    ordinary requests without a body (gateway/server.py). Every test of it runs on both."""

    def make(**overrides: Any) -> httpx.Client:
        app = create_app(settings_for(upstream, auth, **overrides))
        if request.param == "asgi":
            return TestClient(app, raise_server_exceptions=False)
        return httpx.Client(base_url=servers.start(app, lifespan="on", http=GatewayProtocol), timeout=10)

    return make


@pytest.fixture
def gateway_server(upstream: Upstream, auth: AuthSettings, servers: Servers) -> Callable[..., str]:
    """The gateway as a real uvicorn server, with its own protocol as in production; returns its base URL."""

    def make(**overrides: Any) -> str:
        return servers.start(create_app(settings_for(upstream, auth, **overrides)), lifespan="on", http=GatewayProtocol)

    return make


@pytest.fixture
def bearer(auth: AuthSettings) -> Callable[..., dict[str, str]]:
    def make(sub: str = "person-1", scopes: tuple[str, ...] = ("meetings:read",)) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_dev_token(auth, sub, scopes)}"}

    return make


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        import json

        return json.loads(self.body)


def raw_request(
    base_url: str,
    method: str,
    target: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 10,
) -> RawResponse:
    """Sends the request target exactly as written: no client-side normalisation or encoding."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return RawResponse(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def metric_samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Prometheus text -> {(sample name, sorted labels): value}."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.fixture
def raw() -> Callable[..., RawResponse]:
    return raw_request


@pytest.fixture
def samples() -> Callable[[str], dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    return metric_samples


@pytest.fixture
def unused_port() -> Callable[[], int]:
    return free_port
