"""Idempotency-Key under concurrency: one effect, every duplicate answered with it, never a 500."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

Probe = Any  # the probe service of conftest.py
ProbeFactory = Callable[..., Awaitable[Probe]]


# A route that answers through IdempotencyDep, and one that knows nothing of the key (the middleware's).
ROUTES = ["/people", "/people/plain"]


@pytest.fixture(params=ROUTES)
def route(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _concurrent(
    probe: Probe, body: dict[str, object], n: int, key: str = "k-1", route: str = "/people"
) -> list[tuple[int, dict]]:
    headers = {**probe.headers(), "Idempotency-Key": key}
    responses = await asyncio.gather(*(probe.client.post(route, json=body, headers=headers) for _ in range(n)))
    return [(r.status_code, r.json()) for r in responses if r.headers.get("content-type", "").endswith("json")]


async def test_ten_concurrent_posts_with_one_key_make_one_effect_and_replay_it(
    make_probe: ProbeFactory, route: str
) -> None:
    probe = await make_probe()
    answers = await _concurrent(probe, {"name": "Kari", "slow": 0.3}, 10, route=route)
    statuses = collections.Counter(status for status, _ in answers)
    assert len(answers) == 10 and statuses == {201: 10}, statuses  # the others waited, then got the replay
    assert len({body["id"] for _, body in answers}) == 1
    assert await probe.effects() == 1


async def test_a_replay_says_so_and_changes_nothing(make_probe: ProbeFactory, route: str) -> None:
    probe = await make_probe()
    headers = {**probe.headers(), "Idempotency-Key": "once"}
    first = await probe.client.post(route, json={"name": "Ola"}, headers=headers)
    again = await probe.client.post(route, json={"name": "Ola"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert await probe.effects() == 1


async def test_the_same_key_with_another_body_is_refused(make_probe: ProbeFactory, route: str) -> None:
    probe = await make_probe()
    headers = {**probe.headers(), "Idempotency-Key": "k"}
    assert (await probe.client.post(route, json={"name": "A"}, headers=headers)).status_code == 201
    other = await probe.client.post(route, json={"name": "B"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert await probe.effects() == 1


async def test_keys_belong_to_their_caller(make_probe: ProbeFactory, route: str) -> None:
    probe = await make_probe()
    for sub in ("aaaaaaaa-1111-4111-8111-111111111111", "bbbbbbbb-1111-4111-8111-111111111111"):
        headers = {**probe.headers(sub=sub), "Idempotency-Key": "shared-key"}
        assert (await probe.client.post(route, json={"name": "A"}, headers=headers)).status_code == 201
    assert await probe.effects() == 2


async def test_a_failed_request_stores_nothing_and_its_retry_runs(make_probe: ProbeFactory, route: str) -> None:
    probe = await make_probe()
    headers = {**probe.headers(), "Idempotency-Key": "retry"}
    failed = await probe.client.post(route, json={"name": "A", "fail": True}, headers=headers)
    assert failed.status_code == 409 and await probe.effects() == 0
    # The retry is another body here only to make it succeed: the failed key was never stored.
    retried = await probe.client.post(route, json={"name": "A"}, headers=headers)
    assert retried.status_code == 201 and await probe.effects() == 1


async def test_concurrent_duplicates_of_a_failing_request_run_one_after_another(
    make_probe: ProbeFactory, route: str
) -> None:
    probe = await make_probe()
    answers = await _concurrent(probe, {"name": "A", "slow": 0.1, "fail": True}, 5, route=route)
    assert [status for status, _ in answers] == [409] * 5  # each ran (and failed) in turn; none saw a 500
    assert await probe.effects() == 0


async def test_without_a_key_every_post_has_its_effect(make_probe: ProbeFactory, route: str) -> None:
    probe = await make_probe()
    for _ in range(2):
        assert (await probe.client.post(route, json={"name": "A"}, headers=probe.headers())).status_code == 201
    assert await probe.effects() == 2


@pytest.mark.parametrize("key", ["", "x" * 201])
async def test_a_key_of_a_bad_length_is_refused(make_probe: ProbeFactory, key: str, route: str) -> None:
    probe = await make_probe()
    response = await probe.client.post(route, json={"name": "A"}, headers={**probe.headers(), "Idempotency-Key": key})
    assert response.status_code == 422 and await probe.effects() == 0


async def test_a_duplicate_that_waits_too_long_gets_409_in_progress(
    make_probe: ProbeFactory, backend: str, route: str
) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite has one writer: a duplicate waits for the connection, then replays")
    probe = await make_probe(idempotency_wait_seconds=0.2)
    answers = await _concurrent(probe, {"name": "A", "slow": 1.5}, 4, key="slow", route=route)
    statuses = collections.Counter(status for status, _ in answers)
    assert statuses == {201: 1, 409: 3}, statuses
    in_progress = next(body for status, body in answers if status == 409)
    assert in_progress["errors"][0] == {"field": "Idempotency-Key", "message": "in progress"}
    assert await probe.effects() == 1
    replay = await probe.client.post(
        route, json={"name": "A", "slow": 1.5}, headers={**probe.headers(), "Idempotency-Key": "slow"}
    )
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"


async def test_the_openapi_documents_the_key(make_probe: ProbeFactory, route: str) -> None:
    probe = await make_probe()
    operation = (await probe.client.get("/openapi.json")).json()["paths"][route]["post"]
    headers = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    assert len(headers) == 1 and headers[0]["in"] == "header" and headers[0]["required"] is False


async def test_a_post_without_a_valid_token_is_refused_by_its_route_whatever_the_key(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    for headers in ({"Idempotency-Key": "k"}, {"Idempotency-Key": "k", "Authorization": "Bearer not-a-token"}):
        assert (await probe.client.post("/people/plain", json={"name": "A"}, headers=headers)).status_code == 401
    assert await probe.effects() == 0


async def test_a_replay_is_the_callers_own_and_a_reused_key_keeps_nothing_of_a_bad_body(
    make_probe: ProbeFactory,
) -> None:
    probe = await make_probe()
    headers = {**probe.headers(), "Idempotency-Key": "k"}
    invalid = await probe.client.post("/people/plain", json={"name": ""}, headers=headers)
    assert invalid.status_code == 422 and await probe.effects() == 0
    valid = await probe.client.post("/people/plain", json={"name": "A"}, headers=headers)
    assert valid.status_code == 201 and "Idempotent-Replayed" not in valid.headers
    assert await probe.effects() == 1
