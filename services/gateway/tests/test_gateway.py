"""The gateway in front of a real upstream server: routing, headers, auth, limits, failures."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.settings import AuthSettings
from gateway.config import Settings
from gateway.main import create_app


async def echo(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse(
        {
            "path": request.url.path,
            "query": request.url.query,
            "headers": dict(request.headers),
            "body_length": len(body),
            "body_head": body[:20].decode(errors="replace"),
        },
        headers={"x-upstream": "yes"},
    )


async def slow(request: Request) -> Response:
    await asyncio.sleep(2)
    return Response("late")


async def big(request: Request) -> StreamingResponse:
    async def chunks() -> Any:
        for _ in range(64):
            yield b"x" * 65536

    return StreamingResponse(chunks(), media_type="application/octet-stream")


upstream_app = Starlette(
    routes=[
        Route("/echo/{rest:path}", echo, methods=["GET", "POST", "PUT"]),
        Route("/health/live", echo),
        Route("/slow", slow),
        Route("/big", big),
    ]
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(upstream_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture
def auth(tmp_path_factory: pytest.TempPathFactory) -> AuthSettings:
    return AuthSettings(dev_key_file=tmp_path_factory.getbasetemp() / "gateway-key.pem")


def gateway(upstream: str, auth: AuthSettings, **overrides: Any) -> TestClient:
    settings = Settings(
        services={"meetings": upstream, "leave": f"http://127.0.0.1:{free_port()}"},
        auth=auth,
        log_level="WARNING",
        **overrides,
    )
    return TestClient(create_app(settings), raise_server_exceptions=False)


def bearer(auth: AuthSettings, sub: str = "person-1") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_dev_token(auth, sub, ['meetings:read'])}"}


def test_routes_by_prefix_and_strips_hop_by_hop_headers(upstream: str, auth: AuthSettings) -> None:
    with gateway(upstream, auth) as client:
        response = client.get(
            "/meetings/echo/bodies?limit=2",
            headers=bearer(auth)
            | {
                "Connection": "keep-alive, x-private-hop",
                "x-private-hop": "1",
                "TE": "trailers",
                "Proxy-Authorization": "secret",
                "X-Request-ID": "req-42",
            },
        )
    assert response.status_code == 200 and response.headers["x-upstream"] == "yes"
    seen = response.json()
    assert seen["path"] == "/echo/bodies" and seen["query"] == "limit=2"
    headers = seen["headers"]
    assert headers["x-forwarded-prefix"] == "/meetings" and headers["x-request-id"] == "req-42"
    assert headers["authorization"].startswith("Bearer ")  # the service checks the token again
    for hop in ("x-private-hop", "te", "proxy-authorization"):
        assert hop not in headers
    assert response.headers["x-request-id"] == "req-42"


def test_bodies_go_through_small_and_streamed(upstream: str, auth: AuthSettings) -> None:
    with gateway(upstream, auth, buffer_limit_bytes=1024) as client:
        small = client.post("/meetings/echo/x", content=b'{"a": 1}', headers=bearer(auth))
        large = client.put("/meetings/echo/x", content=b"y" * 300_000, headers=bearer(auth))
        streamed = client.get("/meetings/big", headers=bearer(auth))
    assert small.json()["body_length"] == 8 and small.json()["body_head"] == '{"a": 1}'
    assert large.json()["body_length"] == 300_000
    assert len(streamed.content) == 64 * 65536


def test_requests_without_a_valid_token_are_refused(upstream: str, auth: AuthSettings) -> None:
    with gateway(upstream, auth) as client:
        missing = client.get("/meetings/echo/x")
        forged = client.get("/meetings/echo/x", headers={"Authorization": "Bearer abc.def.ghi"})
        public = client.get("/meetings/health/live")
    assert missing.status_code == 401 and missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["detail"] == "missing bearer token"
    assert forged.status_code == 401
    assert public.status_code == 200


def test_rate_limit_per_client_answers_429_with_retry_after(upstream: str, auth: AuthSettings) -> None:
    with gateway(upstream, auth, rate_limit="3/minute") as client:
        codes = [client.get("/meetings/echo/x", headers=bearer(auth, "busy")).status_code for _ in range(4)]
        other = client.get("/meetings/echo/x", headers=bearer(auth, "calm"))
        limited = client.get("/meetings/echo/x", headers=bearer(auth, "busy"))
    assert codes == [200, 200, 200, 429]
    assert other.status_code == 200  # per client, not global
    assert int(limited.headers["retry-after"]) in range(1, 62)
    assert limited.json()["type"].endswith("/rate-limited")


def test_upstream_down_or_slow_gives_problem_json(upstream: str, auth: AuthSettings) -> None:
    with gateway(upstream, auth, upstream_timeout_seconds=0.5) as client:
        down = client.get("/leave/register/bodies/x/members", headers=bearer(auth))
        slow_answer = client.get("/meetings/slow", headers=bearer(auth))
        unknown = client.get("/nowhere")
    assert down.status_code == 503 and down.json()["type"].endswith("/service-unavailable")
    assert down.headers["retry-after"]
    assert slow_answer.status_code == 504 and slow_answer.headers["content-type"] == "application/problem+json"
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"


def test_cors_for_the_mobile_app(upstream: str, auth: AuthSettings) -> None:
    with gateway(upstream, auth, cors_origins=["https://app.folkevalgt.no"]) as client:
        preflight = client.options(
            "/meetings/echo/x",
            headers={
                "Origin": "https://app.folkevalgt.no",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        actual = client.get("/meetings/echo/x", headers=bearer(auth) | {"Origin": "https://app.folkevalgt.no"})
        other = client.options(
            "/meetings/echo/x", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
        )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://app.folkevalgt.no"
    assert actual.headers["access-control-allow-origin"] == "https://app.folkevalgt.no"
    assert other.status_code == 400


def test_readiness_aggregates_services(upstream: str, auth: AuthSettings) -> None:
    with gateway(upstream, auth) as client:
        response = client.get("/health/ready")
    body = response.json()
    assert response.status_code == 503 and body["status"] == "not ready"
    assert body["services"]["leave"]["ok"] is False  # nothing listens there


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not running on 127.0.0.1:6379")
def test_rate_limit_is_shared_between_replicas_through_redis(upstream: str, auth: AuthSettings) -> None:
    subject = f"replicated-{time.time_ns()}"  # a fresh counter on a shared server
    limits = {"rate_limit": "3/minute", "redis_url": "redis://127.0.0.1:6379"}
    with gateway(upstream, auth, **limits) as first, gateway(upstream, auth, **limits) as second:
        codes = [
            client.get("/meetings/echo/x", headers=bearer(auth, subject)).status_code
            for client in (first, second, first, second)
        ]
    assert codes == [200, 200, 200, 429]
