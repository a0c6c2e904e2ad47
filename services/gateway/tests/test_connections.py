"""Kept-alive connections to a service that closes one after an error: no innocent request fails.

A service that fails a request answers 500 and closes the connection without announcing it.
The gateway used to put that connection back in its pool, and the next request on it, often
another client's POST, was written into a closed socket and answered 502 without ever reaching
the service. With one connection per service, every other request waits for exactly that
connection, so each round below reproduces the race instead of hoping for it.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import uvicorn

from gateway.config import Settings

ROUNDS = 8


def new_key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.005)


def in_flight(client: httpx.Client, samples: Callable[[str], dict[Any, float]]) -> float:
    values = samples(client.get("/metrics").text)
    return values.get(("folkevalgt_gateway_in_flight_requests", (("service", "meetings"),)), 0.0)


async def rounds(
    base: str,
    upstream: Any,
    headers: dict[str, str],
    samples: Any,
    failing: str,
    post_headers: Callable[[], dict[str, str]],
) -> list[tuple[httpx.Response, httpx.Response, list[dict[str, Any]]]]:
    """Each round: one client's request holds the only connection and fails; another client's
    POST waits for that connection. Returns both answers and what the service saw of the POST."""
    results = []
    async with (
        httpx.AsyncClient(base_url=base, headers=headers, timeout=15) as first,
        httpx.AsyncClient(base_url=base, headers=headers, timeout=15) as second,
    ):
        with httpx.Client(base_url=base) as probe:
            for _ in range(ROUNDS):
                upstream.clear()
                upstream.fail_gate.clear()
                upstream.entered_fail.clear()
                failing_request = asyncio.create_task(first.get(failing))
                await asyncio.to_thread(wait_until, upstream.entered_fail.is_set)
                innocent = second.post("/meetings/echo/innocent", content=b'{"a": 1}', headers=post_headers())
                post = asyncio.create_task(innocent)
                # The POST is in the gateway, queued behind the failing request for the one connection.
                await asyncio.to_thread(wait_until, lambda: in_flight(probe, samples) >= 2)
                upstream.fail_gate.set()
                results.append(
                    (
                        await failing_request,
                        await post,
                        upstream.reached(lambda r: r["path"] == "/echo/innocent"),
                    )
                )
    return results


def test_a_post_after_another_clients_500_reaches_the_service(
    gateway_server: Callable[..., str], upstream: Any, bearer: Callable[..., dict[str, str]], samples: Any
) -> None:
    base = gateway_server(upstream_connections_per_service=1)
    for failed, post, copies in asyncio.run(rounds(base, upstream, bearer(), samples, "/meetings/fail?hold=1", dict)):
        assert failed.status_code == 500 and failed.headers["content-type"] == "application/problem+json"
        assert post.status_code == 200, post.text
        assert post.headers["x-upstream"] == "yes"
        assert len(copies) == 1


def test_a_post_with_an_idempotency_key_is_sent_again_when_a_kept_alive_connection_was_closed(
    gateway_server: Callable[..., str], upstream: Any, bearer: Callable[..., dict[str, str]], samples: Any
) -> None:
    """After a complete 200 the service closes the connection (an error in a background task):
    nothing in the answer says so. The POST queued for that connection may be written into it,
    even read by the service, and its answer lost. With an Idempotency-Key it is sent again on a
    new connection (RFC 9110 9.2.2): the client gets the answer, and every copy the service saw
    carries the same key, so the service's idempotency makes them one."""
    base = gateway_server(upstream_connections_per_service=1)
    for closed, post, copies in asyncio.run(
        rounds(base, upstream, bearer(), samples, "/meetings/then-close?hold=1", new_key)
    ):
        assert closed.status_code == 200
        assert post.status_code == 200, post.text
        keys = {c["headers"]["idempotency-key"] for c in copies}
        assert len(keys) == 1 and keys <= {post.json()["headers"]["idempotency-key"]}


def test_a_post_without_an_idempotency_key_is_never_sent_twice(
    gateway_server: Callable[..., str], upstream: Any, bearer: Callable[..., dict[str, str]], samples: Any
) -> None:
    """Same race without a key: the gateway may not know whether the service acted, so it does
    not send the POST again; the client learns it from a 502 and decides."""
    base = gateway_server(upstream_connections_per_service=1)
    for closed, post, copies in asyncio.run(
        rounds(base, upstream, bearer(), samples, "/meetings/then-close?hold=1", dict)
    ):
        assert closed.status_code == 200
        assert len(copies) <= 1
        if post.status_code != 200:
            assert post.status_code == 502 and post.json()["type"].endswith("/bad-gateway")


def test_idle_connections_are_dropped_before_the_service_closes_them() -> None:
    """A connection idle longer than the service's keep-alive is being closed by the service;
    the gateway stops reusing connections before that moment."""
    service_keep_alive = uvicorn.Config(app=None).timeout_keep_alive  # type: ignore[arg-type]
    assert Settings().upstream_keepalive_seconds < service_keep_alive


def test_one_kept_alive_connection_carries_request_after_request_until_a_server_error(
    gateway_server: Callable[..., str], upstream: Any, bearer: Callable[..., dict[str, str]]
) -> None:
    """Answers of every shape leave the connection ready for the next request: a JSON body, an
    answer to HEAD (a length but no body), a streamed body, a request body; a 500 does not."""
    base = gateway_server(upstream_connections_per_service=1)
    upstream.clear()
    with httpx.Client(base_url=base, headers=bearer(), timeout=15) as client:
        answers = [
            client.get("/meetings/echo/one"),
            client.head("/meetings/echo/two"),
            client.get("/meetings/big"),
            client.post("/meetings/echo/three", content=b'{"a": 1}'),
            client.get("/meetings/echo/four"),
        ]
        failed = client.get("/meetings/fail")
        after = client.get("/meetings/echo/five")
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200]
    assert answers[1].content == b"" and int(answers[1].headers["content-length"]) > 0
    assert len(answers[2].content) > 100_000
    assert answers[3].json()["body_length"] == 8
    assert failed.status_code == 500 and after.status_code == 200
    seen = {r["path"]: r["connection"] for r in upstream.reached(lambda r: r["connection"] is not None)}
    kept = {seen[p] for p in ("/echo/one", "/echo/two", "/echo/three", "/echo/four", "/fail")}
    assert len(kept) == 1, seen
    assert seen["/echo/five"] not in kept  # the service closed the connection it failed on
