"""The gateway's own server protocol (gateway/server.py): its direct path must behave on the wire
exactly as uvicorn's ASGI path does — the same view for the service, the same answer for the
client — and keep uvicorn's rules for the connection: keep-alive, pipelining, HTTP/1.0, closing,
HEAD, a client that leaves, the access log."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from folkevalgt_shared.auth import AuthSettings
from gateway.main import create_app
from gateway.server import GatewayProtocol

from .conftest import Servers, Upstream, settings_for

Bearer = Callable[..., dict[str, str]]


@pytest.fixture
def both(upstream: Upstream, auth: AuthSettings, servers: Servers) -> Callable[..., tuple[str, str]]:
    """The same gateway twice: on plain uvicorn (every request through ASGI) and on its own protocol."""

    def make(**overrides: Any) -> tuple[str, str]:
        plain = servers.start(create_app(settings_for(upstream, auth, **overrides)), lifespan="on")
        own = servers.start(create_app(settings_for(upstream, auth, **overrides)), lifespan="on", http=GatewayProtocol)
        return plain, own

    return make


def raw_exchange(base: str, data: bytes, *, until_closed: bool = False, answers: int = 1) -> bytes:
    """Sends `data` as it is and reads until `answers` complete answers arrived (or the close)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(data)
        received = b""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            received += chunk
            if not until_closed and _complete_answers(received) >= answers:
                break
        return received


def _complete_answers(data: bytes) -> int:
    count, rest = 0, data
    while b"\r\n\r\n" in rest:
        head, _, rest = rest.partition(b"\r\n\r\n")
        lines = head.lower().split(b"\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in lines if line.startswith(b"content-length:")), 0)
        if len(rest) < length:
            break
        rest = rest[length:]
        count += 1
    return count


def without_varying(seen: dict[str, Any]) -> dict[str, Any]:
    headers = {k: v for k, v in seen["headers"].items() if k not in ("x-request-id", "x-forwarded-for", "host")}
    return {**seen, "headers": headers, "connection": None}


def test_the_service_sees_the_same_request_on_both_paths(
    both: Callable[..., tuple[str, str]], upstream: Upstream, bearer: Bearer
) -> None:
    plain, own = both()
    requests: list[tuple[str, str, dict[str, str], bytes | list[bytes] | None]] = [
        ("GET", "/meetings/echo/a%2Fb?x=1&y=%C3%A6", {"Accept": "application/json", "X-Custom": "kept"}, None),
        ("DELETE", "/meetings/echo/item-7", {"Connection": "x-drop-me", "X-Drop-Me": "gone", "TE": "trailers"}, None),
        ("GET", "/meetings/echo/x", {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}, None),
        ("POST", "/meetings/echo/empty", {"Content-Length": "0", "Idempotency-Key": "k-1"}, None),
        # A body, even on a GET or sent in chunks, takes the ASGI path and reaches the service whole.
        ("GET", "/meetings/echo/with-body", {"Content-Type": "text/plain"}, b"a body on a GET"),
        ("DELETE", "/meetings/echo/chunked", {"Content-Type": "text/plain"}, [b"in ", b"chunks"]),
    ]
    token = bearer()  # one token: a second minted a second later would differ
    for method, path, headers, body in requests:
        views = []
        for base in (plain, own):
            upstream.clear()
            content = iter(body) if isinstance(body, list) else body  # an iterator is sent chunked
            answer = httpx.request(method, base + path, headers=token | headers, content=content, timeout=5)
            assert answer.status_code == 200, answer.text
            (seen,) = upstream.reached(lambda r: r["path"].startswith("/echo/"))
            views.append((seen, answer))
        (seen_plain, answer_plain), (seen_own, answer_own) = views
        assert without_varying(seen_own) == without_varying(seen_plain), path
        assert seen_own["body_length"] == len(b"".join(body) if isinstance(body, list) else body or b"")
        assert seen_own["headers"]["x-forwarded-for"] == seen_plain["headers"]["x-forwarded-for"]
        assert "x-drop-me" not in seen_own["headers"] and "te" not in seen_own["headers"]
        assert answer_own.json() != {} and answer_own.headers["x-upstream"] == "yes"
        assert {k for k in answer_own.headers if k != "date"} == {k for k in answer_plain.headers if k != "date"}


def test_refusals_are_the_same_problem_on_both_paths(both: Callable[..., tuple[str, str]], bearer: Bearer) -> None:
    plain, own = both(rate_limit="1/minute")
    for base in (plain, own):
        forged = httpx.get(base + "/meetings/echo/x", headers={"Authorization": "Bearer not.a.token"})
        assert forged.status_code == 401
        assert forged.headers["content-type"] == "application/problem+json"
        assert forged.headers["x-request-id"]
        first = httpx.get(base + "/meetings/echo/x", headers=bearer(sub="only-once"))
        second = httpx.get(base + "/meetings/echo/x", headers=bearer(sub="only-once"))
        assert first.status_code == 200
        assert second.status_code == 429 and int(second.headers["retry-after"]) >= 1
        assert second.json()["type"].endswith("/rate-limited")
        down = httpx.get(base + "/leave/employees", headers=bearer(scopes=("leave:read",)))
        assert down.status_code == 503 and down.headers["retry-after"] == "5"


def test_keep_alive_and_pipelined_requests_are_answered_in_order(
    gateway_server: Callable[..., str], bearer: Bearer
) -> None:
    base = gateway_server()
    token = bearer()["Authorization"].encode()
    one = b"GET /meetings/echo/%d HTTP/1.1\r\nHost: gw\r\nAuthorization: " + token + b"\r\n\r\n"
    # Three requests in one write: the second and third arrive while the first is in flight.
    data = b"".join(one % n for n in (1, 2, 3))
    received = raw_exchange(base, data, answers=3)
    assert received.count(b"HTTP/1.1 200 OK") == 3
    assert received.index(b'"/echo/1"') < received.index(b'"/echo/2"') < received.index(b'"/echo/3"')


def test_http_1_0_and_connection_close_end_the_connection(gateway_server: Callable[..., str], bearer: Bearer) -> None:
    base = gateway_server()
    token = bearer()["Authorization"].encode()
    for request in (
        b"GET /meetings/echo/old HTTP/1.0\r\nAuthorization: " + token + b"\r\n\r\n",
        b"GET /meetings/echo/close HTTP/1.1\r\nHost: gw\r\nConnection: close\r\nAuthorization: " + token + b"\r\n\r\n",
    ):
        received = raw_exchange(base, request, until_closed=True)  # returns only once the gateway closed
        head, _, body = received.partition(b"\r\n\r\n")
        assert head.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200")), head
        assert b"connection: close" in head.lower()
        assert b'"/echo/' in body


def test_head_has_the_length_of_get_and_no_body(both: Callable[..., tuple[str, str]], bearer: Bearer) -> None:
    plain, own = both()
    token = bearer()["Authorization"].encode()
    head_request = b"HEAD /meetings/echo/h HTTP/1.1\r\nHost: gw\r\nAuthorization: " + token + b"\r\n\r\n"
    lengths = []
    for base in (plain, own):
        # A second request on the same connection proves no stray body bytes followed the first answer.
        received = raw_exchange(base, head_request * 2, answers=2)
        heads = [h for h in received.split(b"\r\n\r\n") if h]
        assert len(heads) == 2 and all(h.startswith(b"HTTP/1.1 200 OK") for h in heads), received
        lengths.append({line for h in heads for line in h.split(b"\r\n") if line.startswith(b"content-length")})
    assert lengths[0] == lengths[1] and len(lengths[1]) == 1
    assert lengths[1] != {b"content-length: 0"}


def test_a_large_answer_streams_through_the_direct_path(gateway_server: Callable[..., str], bearer: Bearer) -> None:
    base = gateway_server(buffer_limit_bytes=1024)
    with httpx.stream("GET", base + "/meetings/big", headers=bearer(), timeout=10) as answer:
        size = sum(len(chunk) for chunk in answer.iter_bytes())
    assert answer.status_code == 200 and size == 64 * 65536


def test_a_client_that_leaves_mid_request_does_not_harm_the_next(
    gateway_server: Callable[..., str], bearer: Bearer
) -> None:
    base = gateway_server()
    token = bearer()["Authorization"].encode()
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"GET /meetings/slow HTTP/1.1\r\nHost: gw\r\nAuthorization: " + token + b"\r\n\r\n")
        time.sleep(0.2)  # the service is working on it; the client goes away
    time.sleep(2.2)  # the late answer arrives for a client that is gone
    answer = httpx.get(base + "/meetings/echo/after", headers=bearer(), timeout=5)
    assert answer.status_code == 200 and answer.json()["path"] == "/echo/after"


def test_the_access_log_has_a_line_for_a_direct_request(gateway_server: Callable[..., str], bearer: Bearer) -> None:
    base = gateway_server()
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logger = logging.getLogger("uvicorn.access")  # set up once the server has configured its logging
    handler, level = Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        answer = httpx.get(base + "/meetings/echo/logged?q=1", headers=bearer(), timeout=5)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert answer.status_code == 200
    assert any('"GET /meetings/echo/logged?q=1 HTTP/1.1" 200' in line for line in lines), lines


def test_keep_alive_ends_an_idle_connection_and_never_a_busy_one(
    upstream: Upstream, auth: AuthSettings, servers: Servers, bearer: Bearer
) -> None:
    base = servers.start(create_app(settings_for(upstream, auth)), lifespan="on", http=GatewayProtocol,
                         timeout_keep_alive=0.5)  # fmt: skip
    token = bearer()["Authorization"].encode()
    host, port = base.removeprefix("http://").split(":")
    request = b"GET /meetings/echo/k HTTP/1.1\r\nHost: gw\r\nAuthorization: " + token + b"\r\n\r\n"
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        began = time.monotonic()
        while time.monotonic() - began < 1.5:  # three timeouts' worth, never idle for one
            sock.sendall(request)
            received = b""
            while _complete_answers(received) < 1:
                chunk = sock.recv(65536)
                assert chunk, "the gateway closed a connection in use"
                received += chunk
            time.sleep(0.2)
        idle_from = time.monotonic()
        assert sock.recv(65536) == b""  # closed by the gateway once idle for the timeout
        assert 0.25 <= time.monotonic() - idle_from < 1.5
