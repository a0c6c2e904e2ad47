"""Outbox → relay → inbox → read model, in-process, on SQLite and PostgreSQL.

The relay's HTTP client is routed to the receiving apps through ASGI transports, so the real
signing, verification, dedup and handlers run without sockets.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from folkevalgt_shared.contracts import MembershipChangedV1
from folkevalgt_shared.events.envelope import BATCH_CONTENT_TYPE, build_batch, build_envelope, signed_headers
from folkevalgt_shared.events.relay import HttpxSender
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET, Subscription
from folkevalgt_shared.testing import Harness, ServiceFactory
from folkevalgt_shared.types import utcnow

CONSUMERS = ("leave", "remuneration", "access")
TYPES = ["no.folkevalgt.meetings.person.changed.v1", "no.folkevalgt.meetings.body.membership.changed.v1"]
BODY = {
    "key": "oppvekst",
    "name": "Utvalg for oppvekst",
    "body_type": "standing_committee",
    "seats": 9,
    "quorum": 5,
    "notice_days": 7,
}


class Flaky(httpx.AsyncBaseTransport):
    """A transport that is 'down' (connection refused) until switched on."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.up = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.up:
            raise httpx.ConnectError("connection refused", request=request)
        return await self.inner.handle_async_request(request)


@pytest.fixture
async def system(service_factory: ServiceFactory) -> dict[str, Any]:
    consumers = {name: await service_factory(name) for name in CONSUMERS}
    meetings = await service_factory(
        "meetings",
        subscriptions=[Subscription(name=n, url=f"http://{n}/events", types=TYPES) for n in CONSUMERS],
        max_attempts=3,
        backoff_base_seconds=0.01,
        backoff_max_seconds=0.05,
    )
    transports = {n: Flaky(httpx.ASGITransport(app=h.app)) for n, h in consumers.items()}
    for t in transports.values():
        t.up = True
    await meetings.app.state.relay.sender.close()
    meetings.app.state.relay.sender = HttpxSender(
        httpx.AsyncClient(mounts={f"http://{n}": t for n, t in transports.items()})
    )
    return {"meetings": meetings, "transports": transports, **consumers}


async def elect(meetings: Harness) -> tuple[dict[str, Any], dict[str, Any]]:
    body = (await meetings.client.post("/bodies", json=BODY, headers=meetings.headers())).json()
    person = (await meetings.client.post("/people", json={"name": "Kari Nordmann"}, headers=meetings.headers())).json()
    membership = await meetings.client.post(
        "/memberships",
        headers=meetings.headers(),
        json={
            "body_id": body["id"],
            "person_id": person["id"],
            "role": "member",
            "party_group": "Sp",
            "start_date": "2023-10-01",
        },
    )
    assert membership.status_code == 201, membership.text
    return person, membership.json()


async def roles(h: Harness, person_id: str) -> list[dict[str, Any]]:
    response = await h.client.get(f"/register/people/{person_id}/roles?on=2024-01-01", headers=h.headers())
    assert response.status_code == 200, response.text
    return response.json()


async def drain(meetings: Harness) -> int:
    return await meetings.app.state.relay.drain_once()


async def statuses(meetings: Harness) -> dict[str, int]:
    o = meetings.app.state.platform.outbox
    async with meetings.app.state.db.transaction() as session:
        rows = (await session.execute(select(o.c.status, func.count()).group_by(o.c.status))).all()
    return {status: count for status, count in rows}


async def test_membership_reaches_every_read_model(system: dict[str, Any]) -> None:
    meetings = system["meetings"]
    person, membership = await elect(meetings)
    assert await drain(meetings) == 6  # 2 events × 3 subscribers
    for name in CONSUMERS:
        got = await roles(system[name], person["id"])
        assert [(r["membership_id"], r["role"], r["body_key"], r["party_group"]) for r in got] == [
            (membership["id"], "member", "oppvekst", "Sp")
        ]
    members = await system["access"].client.get(
        "/register/bodies/oppvekst/members?on=2024-01-01", headers=system["access"].headers()
    )
    assert [m["person_name"] for m in members.json()] == ["Kari Nordmann"]
    assert await statuses(meetings) == {"delivered": 6}


async def test_changes_and_renames_follow(system: dict[str, Any]) -> None:
    meetings = system["meetings"]
    person, membership = await elect(meetings)
    await meetings.client.patch(
        f"/memberships/{membership['id']}", json={"role": "deputy_mayor"}, headers=meetings.headers()
    )
    await meetings.client.patch(
        f"/people/{person['id']}", json={"name": "Kari Nordmann Hansen"}, headers=meetings.headers()
    )
    await drain(meetings)
    got = await roles(system["leave"], person["id"])
    assert [(r["role"], r["person_name"]) for r in got] == [("deputy_mayor", "Kari Nordmann Hansen")]


async def test_a_subscriber_that_is_down_gets_the_event_later(system: dict[str, Any]) -> None:
    meetings, transports = system["meetings"], system["transports"]
    transports["leave"].up = False
    person, _ = await elect(meetings)
    await drain(meetings)
    assert await roles(system["leave"], person["id"]) == []
    assert len(await roles(system["access"], person["id"])) == 1  # others are not held up
    assert (await statuses(meetings)).get("pending") == 2
    transports["leave"].up = True
    deadline = asyncio.get_running_loop().time() + 5
    while (await statuses(meetings)).get("pending") and asyncio.get_running_loop().time() < deadline:
        await drain(meetings)
        await asyncio.sleep(0.02)
    assert len(await roles(system["leave"], person["id"])) == 1


async def test_dead_letters_are_parked_and_replayed(system: dict[str, Any]) -> None:
    meetings, transports = system["meetings"], system["transports"]
    transports["remuneration"].up = False
    person, _ = await elect(meetings)
    deadline = asyncio.get_running_loop().time() + 5
    while (await statuses(meetings)).get("pending") and asyncio.get_running_loop().time() < deadline:
        await drain(meetings)
        await asyncio.sleep(0.02)
    assert (await statuses(meetings)).get("dead") == 2  # max_attempts=3
    ops = meetings.headers("ops:read", "ops:write")
    dead = (await meetings.client.get("/ops/dead-letters", headers=ops)).json()
    assert {d["subscriber"] for d in dead} == {"remuneration"} and "connection refused" in dead[0]["last_error"]
    backlog = (await meetings.client.get("/ops/outbox", headers=ops)).json()
    assert {"subscriber": "remuneration", "status": "dead", "count": 2} == {
        k: backlog[0][k] for k in ("subscriber", "status", "count")
    }
    assert (
        await meetings.client.post("/ops/dead-letters/replay", headers=meetings.headers("ops:read"))
    ).status_code == 403
    transports["remuneration"].up = True
    replayed = await meetings.client.post("/ops/dead-letters/replay?subscriber=remuneration", headers=ops)
    assert replayed.json() == {"replayed": 2}
    await drain(meetings)
    assert len(await roles(system["remuneration"], person["id"])) == 1


async def test_a_redelivered_event_has_one_effect(system: dict[str, Any]) -> None:
    meetings, leave = system["meetings"], system["leave"]
    person, _ = await elect(meetings)
    await drain(meetings)
    o = meetings.app.state.platform.outbox
    async with meetings.app.state.db.transaction() as session:
        await session.execute(update(o).values(status="pending", next_attempt_at=utcnow()))
    assert await drain(meetings) == 6  # everything sent a second time
    assert await statuses(meetings) == {"delivered": 6}
    inbox = leave.app.state.platform.inbox
    async with leave.app.state.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(inbox)) == 2
    assert len(await roles(leave, person["id"])) == 1


def signed(payload: bytes, secret: str = DEV_WEBHOOK_SECRET) -> dict[str, str]:
    return signed_headers(secret, "e1", payload)


def membership_event(version: int, role: str) -> MembershipChangedV1:
    return MembershipChangedV1(
        membership_id="6b3f1d3e-0000-4000-8000-000000000001",
        person_id="6b3f1d3e-0000-4000-8000-000000000002",
        person_name="Ola",
        body_id="6b3f1d3e-0000-4000-8000-000000000003",
        body_key="municipal-council",
        body_name="Kommunestyret",
        body_type="municipal_council",
        role=role,
        voting_right=True,
        start_date="2023-10-01",
        version=version,
        changed_at=utcnow() - timedelta(minutes=10 - version),
    )


async def test_inbox_checks_signatures_and_ignores_stale_versions(service_factory: ServiceFactory) -> None:
    access = await service_factory("access")
    _, newer = build_envelope(membership_event(2, "chair"), subject="m")
    _, older = build_envelope(membership_event(1, "member"), subject="m")
    forged = await access.client.post(
        "/events", content=newer, headers=signed(newer, "whsec_" + "b3RoZXItc2VjcmV0LW90aGVy")
    )
    assert forged.status_code == 401 and forged.headers["content-type"] == "application/problem+json"
    assert (await access.client.post("/events", content=newer, headers=signed(newer))).json()["status"] == "processed"
    replay = await access.client.post("/events", content=newer, headers=signed(newer))
    assert replay.status_code == 200 and replay.json()["status"] == "duplicate"
    assert (await access.client.post("/events", content=older, headers=signed(older))).json()["status"] == "processed"
    got = await roles(access, "6b3f1d3e-0000-4000-8000-000000000002")
    assert [r["role"] for r in got] == ["chair"]  # version 1 arrived late and changed nothing
    garbage = await access.client.post("/events", content=b"{}", headers=signed(b"{}"))
    assert garbage.status_code == 422


class Counting(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.content_types: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.content_types.append(request.headers["content-type"])
        return await self.inner.handle_async_request(request)


async def test_events_go_in_batches_and_a_refused_one_stays_behind(service_factory: ServiceFactory) -> None:
    leave = await service_factory("leave")
    meetings = await service_factory(
        "meetings",
        subscriptions=[Subscription(name="leave", url="http://leave/events", types=TYPES)],
        delivery_batch_size=10,
    )
    counting = Counting(httpx.ASGITransport(app=leave.app))
    await meetings.app.state.relay.sender.close()
    meetings.app.state.relay.sender = HttpxSender(httpx.AsyncClient(mounts={"http://leave": counting}))
    for i in range(24):
        await meetings.client.post("/people", json={"name": f"P{i}"}, headers=meetings.headers())
    o = meetings.app.state.platform.outbox
    async with meetings.app.state.db.transaction() as session:  # an event the receiver cannot accept
        await session.execute(
            o.insert().values(
                event_id="00000000-0000-4000-8000-0000000000ff",
                event_type="x",
                subscriber="leave",
                target_url="http://leave/events",
                payload='{"specversion": "1.0", "id": "bad", "type": "unknown"}',
                status="pending",
                attempts=0,
                next_attempt_at=utcnow(),
                created_at=utcnow(),
            )
        )
    assert await drain(meetings) == 25
    # 3 batches of 10, 10 and 5; the last one is refused and resent one by one (5 requests).
    assert counting.content_types.count("application/cloudevents-batch+json") == 3
    assert counting.content_types.count("application/cloudevents+json") == 5
    assert await statuses(meetings) == {"delivered": 24, "pending": 1}
    async with leave.app.state.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(leave.app.state.platform.inbox)) == 24


async def test_a_batch_is_one_transaction_and_redelivery_is_deduplicated(service_factory: ServiceFactory) -> None:
    access = await service_factory("access")
    payloads = [
        build_envelope(membership_event(v, r), subject="m")[1].decode() for v, r in ((1, "member"), (2, "chair"))
    ]
    body = build_batch(payloads).encode()
    headers = signed_headers(DEV_WEBHOOK_SECRET, "batch-1", body, BATCH_CONTENT_TYPE)
    first = await access.client.post("/events", content=body, headers=headers)
    assert first.json() == {"status": "processed", "processed": 2, "duplicates": 0}
    again = await access.client.post("/events", content=body, headers=headers)
    assert again.json() == {"status": "processed", "processed": 0, "duplicates": 2}
    assert [r["role"] for r in await roles(access, "6b3f1d3e-0000-4000-8000-000000000002")] == ["chair"]
    broken = build_batch([payloads[0], '{"specversion": "1.0", "id": "x", "source": "/m", "type": "nope"}']).encode()
    refused = await access.client.post(
        "/events", content=broken, headers=signed_headers(DEV_WEBHOOK_SECRET, "batch-2", broken, BATCH_CONTENT_TYPE)
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "[1]"
