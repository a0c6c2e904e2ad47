"""The gateway in front of a real upstream server: routing, headers, auth, limits, failures."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

Gateway = Callable[..., TestClient]
Bearer = Callable[..., dict[str, str]]


def test_routes_by_prefix_and_strips_hop_by_hop_headers(gateway: Gateway, bearer: Bearer) -> None:
    with gateway() as client:
        response = client.get(
            "/meetings/echo/bodies?limit=2",
            headers=bearer()
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


def test_a_cookie_one_client_got_is_never_sent_for_another(gateway: Gateway, bearer: Bearer, upstream: Any) -> None:
    """The gateway's connection pool is shared by every client: it keeps no cookies of its own."""
    by_name = upstream.url.replace("127.0.0.1", "localhost")  # cookies are kept for host names, not addresses
    with gateway(services={"meetings": by_name}) as client:
        first = client.get("/meetings/set-cookie", headers=bearer("first"))
        client.cookies.clear()
        second = client.get("/meetings/echo/x", headers=bearer("second"))
        own = client.get("/meetings/echo/y", headers=bearer("third") | {"Cookie": "mine=1"})
    assert "belongs-to-the-first-client" in first.headers["set-cookie"]  # passed back to its client
    assert "cookie" not in second.json()["headers"]
    assert own.json()["headers"]["cookie"] == "mine=1"


def test_bodies_go_through_small_and_streamed(gateway: Gateway, bearer: Bearer) -> None:
    with gateway(buffer_limit_bytes=1024, max_body_bytes=1 << 20) as client:
        small = client.post("/meetings/echo/x", content=b'{"a": 1}', headers=bearer())
        large = client.put("/meetings/echo/x", content=b"y" * 300_000, headers=bearer())
        streamed = client.get("/meetings/big", headers=bearer())
    assert small.json()["body_length"] == 8 and small.json()["body_head"] == '{"a": 1}'
    assert large.json()["body_length"] == 300_000
    assert len(streamed.content) == 64 * 65536


def test_requests_without_a_valid_token_are_refused(gateway: Gateway, upstream: Any) -> None:
    upstream.clear()
    with gateway() as client:
        missing = client.get("/meetings/echo/x")
        forged = client.get("/meetings/echo/x", headers={"Authorization": "Bearer abc.def.ghi"})
        public = client.get("/meetings/health/live")
        public_post = client.post("/meetings/oparl/1.1/system")  # only reads are public
    assert missing.status_code == 401 and missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["detail"] == "missing bearer token"
    assert forged.status_code == 401
    assert public.status_code == 200
    assert public_post.status_code == 401
    forwarded = upstream.reached(lambda r: r["path"] != "/openapi.json")  # the gateway reads the document
    assert [r["path"] for r in forwarded] == ["/health/live"]


def test_rate_limit_per_client_answers_429_with_retry_after(gateway: Gateway, bearer: Bearer) -> None:
    with gateway(rate_limit="3/minute") as client:
        codes = [client.get("/meetings/echo/x", headers=bearer("busy")).status_code for _ in range(4)]
        other = client.get("/meetings/echo/x", headers=bearer("calm"))
        limited = client.get("/meetings/echo/x", headers=bearer("busy"))
    assert codes == [200, 200, 200, 429]
    assert other.status_code == 200  # per client, not global
    assert int(limited.headers["retry-after"]) in range(1, 62)
    assert limited.json()["type"].endswith("/rate-limited")


def test_upstream_down_or_slow_gives_problem_json(gateway: Gateway, bearer: Bearer) -> None:
    with gateway(upstream_timeout_seconds=0.5) as client:
        down = client.get("/leave/register/bodies/x/members", headers=bearer())
        slow_answer = client.get("/meetings/slow", headers=bearer())
        unknown = client.get("/nowhere")
    assert down.status_code == 503 and down.json()["type"].endswith("/service-unavailable")
    assert down.headers["retry-after"]
    assert slow_answer.status_code == 504 and slow_answer.headers["content-type"] == "application/problem+json"
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"


def test_cors_for_the_mobile_app(gateway: Gateway, bearer: Bearer) -> None:
    with gateway(cors_origins=["https://app.folkevalgt.no"]) as client:
        preflight = client.options(
            "/meetings/echo/x",
            headers={
                "Origin": "https://app.folkevalgt.no",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        actual = client.get("/meetings/echo/x", headers=bearer() | {"Origin": "https://app.folkevalgt.no"})
        other = client.options(
            "/meetings/echo/x", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
        )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://app.folkevalgt.no"
    assert actual.headers["access-control-allow-origin"] == "https://app.folkevalgt.no"
    assert other.status_code == 400


def test_readiness_aggregates_services(gateway: Gateway) -> None:
    with gateway() as client:
        response = client.get("/health/ready")
    body = response.json()
    assert response.status_code == 503 and body["status"] == "not ready"
    assert body["services"]["meetings"]["ok"] is True
    assert body["services"]["leave"]["ok"] is False  # nothing listens there


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not running on 127.0.0.1:6379")
def test_rate_limit_is_shared_between_replicas_through_redis(gateway: Gateway, bearer: Bearer) -> None:
    subject = f"replicated-{time.time_ns()}"  # a fresh counter on a shared server
    limits = {"rate_limit": "3/minute", "redis_url": "redis://127.0.0.1:6379"}
    with gateway(**limits) as first, gateway(**limits) as second:
        codes = [
            client.get("/meetings/echo/x", headers=bearer(subject)).status_code
            for client in (first, second, first, second)
        ]
    assert codes == [200, 200, 200, 429]


def test_a_clients_window_opens_with_its_first_request_and_closes_a_period_later() -> None:
    """As in Redis: three requests a second for one client, counted from its own first request,
    whatever the clock's minute; another client has its own window; expired windows are swept."""
    import asyncio
    from unittest import mock

    from gateway.ratelimit import LocalRateLimit

    limit = LocalRateLimit("3/second")
    clock = [1000.0]

    async def hits(client: str, times: int) -> list[int | None]:
        return [await limit.hit(client) for _ in range(times)]

    with mock.patch("gateway.ratelimit.time.monotonic", side_effect=lambda: clock[0]):
        assert asyncio.run(hits("busy", 4)) == [None, None, None, 1]
        clock[0] += 0.99  # still the same window
        assert asyncio.run(hits("busy", 1)) == [1] and asyncio.run(hits("calm", 1)) == [None]
        clock[0] += 0.02  # busy's window has closed, calm's has not
        assert asyncio.run(hits("busy", 3)) == [None, None, None]
        assert asyncio.run(hits("calm", 3)) == [None, None, 1]
        clock[0] += 5
        limit._sweep(clock[0])
        assert limit._windows == {}
