"""What the gateway does with a request on its way through: body size, request id, trace context."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

from starlette.testclient import TestClient

Gateway = Callable[..., TestClient]
Bearer = Callable[..., dict[str, str]]
LIMIT = 1000


def innocent(upstream: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = upstream.reached(lambda r: r["path"].startswith("/echo/"))
    return found


def test_a_body_at_the_limit_goes_through_one_byte_more_is_413(gateway: Gateway, bearer: Bearer, upstream: Any) -> None:
    upstream.clear()
    with gateway(max_body_bytes=LIMIT) as client:
        at_limit = client.post("/meetings/echo/at", content=b"x" * LIMIT, headers=bearer())
        over = client.post("/meetings/echo/over", content=b"x" * (LIMIT + 1), headers=bearer())
    assert at_limit.status_code == 200 and at_limit.json()["body_length"] == LIMIT
    assert over.status_code == 413 and over.headers["content-type"] == "application/problem+json"
    assert over.json()["max_bytes"] == LIMIT and over.headers["connection"] == "close"
    assert [r["path"] for r in innocent(upstream)] == ["/echo/at"]


def chunks(total: int, size: int = 300) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b"y" * piece


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(
    gateway: Gateway, bearer: Bearer, upstream: Any
) -> None:
    upstream.clear()
    with gateway(max_body_bytes=LIMIT) as client:
        fits = client.post("/meetings/echo/fits", content=chunks(LIMIT), headers=bearer())
        too_big = client.post("/meetings/echo/too-big", content=chunks(LIMIT * 50), headers=bearer())
    assert fits.status_code == 200 and fits.json()["body_length"] == LIMIT
    assert too_big.status_code == 413
    assert [r["path"] for r in innocent(upstream)] == ["/echo/fits"]


def test_a_streamed_body_past_the_limit_is_413_too(gateway: Gateway, bearer: Bearer) -> None:
    """Bodies larger than the buffer are streamed to the service; the limit still holds."""
    with gateway(buffer_limit_bytes=500, max_body_bytes=LIMIT) as client:
        fits = client.post("/meetings/echo/stream", content=chunks(LIMIT), headers=bearer())
        too_big = client.post("/meetings/echo/stream", content=chunks(LIMIT * 50), headers=bearer())
    assert fits.status_code == 200 and fits.json()["body_length"] == LIMIT
    assert too_big.status_code == 413


def test_a_declared_length_over_the_limit_is_answered_before_the_body_is_sent(
    gateway_server: Callable[..., str], bearer: Bearer, upstream: Any
) -> None:
    """The client announces 100 MB and sends none of it: the answer comes anyway."""
    base = gateway_server()
    host, port = base.removeprefix("http://").split(":")
    upstream.clear()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        head = "".join(f"{k}: {v}\r\n" for k, v in bearer().items())
        sock.sendall(
            (
                "POST /meetings/echo/huge HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                f"Content-Length: {100 * 1024 * 1024}\r\n{head}\r\n"
            ).encode()
        )
        answer = b""
        started = time.monotonic()
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert time.monotonic() - started < 5
    assert innocent(upstream) == []


def test_request_id_is_kept_when_valid_and_made_when_missing_or_not_plain(gateway: Gateway, bearer: Bearer) -> None:
    with gateway() as client:
        kept = client.get("/meetings/echo/a", headers=bearer() | {"X-Request-ID": "case-system:4711"})
        made = client.get("/meetings/echo/b", headers=bearer())
        replaced = client.get("/meetings/echo/c", headers=bearer() | {"X-Request-ID": "evil id\twith spaces"})
        own = client.get("/health/live", headers={"X-Request-ID": "x" * 300})
        own_kept = client.get("/health/live", headers={"X-Request-ID": "probe-1"})
        refused = client.get("/meetings/echo/d", headers={"X-Request-ID": "anonymous-1"})
    assert kept.headers["x-request-id"] == kept.json()["headers"]["x-request-id"] == "case-system:4711"
    for response in (made, replaced):
        request_id = response.headers["x-request-id"]
        assert len(request_id) == 32 and int(request_id, 16) >= 0
        assert response.json()["headers"]["x-request-id"] == request_id  # the service logs the same id
    assert made.headers["x-request-id"] != replaced.headers["x-request-id"]
    # The service's own id ("upstream-made") does not replace the one the client was given.
    assert kept.headers.get_list("x-request-id") == ["case-system:4711"]
    assert len(own.headers["x-request-id"]) == 32 and own_kept.headers["x-request-id"] == "probe-1"
    assert refused.status_code == 401 and refused.headers["x-request-id"] == "anonymous-1"


def test_trace_context_reaches_the_service_unchanged(gateway: Gateway, bearer: Bearer) -> None:
    trace = {
        "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "tracestate": "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
        "baggage": "municipality=5444",
    }
    with gateway() as client:
        seen = client.get("/meetings/echo/trace", headers=bearer() | trace).json()["headers"]
    assert {k: seen[k] for k in trace} == trace
