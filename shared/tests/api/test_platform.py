"""Health, metrics and relay claiming, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from folkevalgt_shared.events.relay import OutboxRelay
from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import ServiceFactory

TYPES = ["no.folkevalgt.meetings.person.changed.v1"]


async def test_ready_reports_database_migrations_and_backlog(service_factory: ServiceFactory) -> None:
    h = await service_factory(
        "meetings",
        subscriptions=[Subscription(name="leave", url="http://leave/events", types=TYPES)],
        ready_backlog_threshold=2,
    )
    ready = await h.client.get("/health/ready")
    assert ready.status_code == 200
    migrations = ready.json()["checks"]["migrations"]
    assert migrations["ok"] is True and migrations["current"] == migrations["head"] != []
    for name in ("A", "B"):
        await h.client.post("/people", json={"name": name}, headers=h.headers())
    backlog = await h.client.get("/health/ready")
    assert backlog.status_code == 503 and backlog.json()["checks"]["outbox"]["pending"] == 2
    assert (await h.client.get("/health/live")).status_code == 200


async def test_not_ready_when_migrations_are_behind(service_factory: ServiceFactory) -> None:
    h = await service_factory("leave")
    async with h.app.state.db.transaction() as session:
        head = await session.scalar(text("SELECT version_num FROM alembic_version"))
        await session.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    try:
        response = await h.client.get("/health/ready")
        assert response.status_code == 503 and response.json()["checks"]["migrations"]["ok"] is False
    finally:  # on PostgreSQL the database outlives the test
        async with h.app.state.db.transaction() as session:
            await session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})


async def test_metrics_count_requests_by_route(service_factory: ServiceFactory) -> None:
    h = await service_factory("remuneration")
    await h.client.get("/register/bodies/x/members", headers=h.headers())
    metrics = (await h.client.get("/metrics")).text
    assert 'route="/register/bodies/{body}/members"' in metrics and 'status="200"' in metrics
    assert "http_request_duration_seconds_bucket" in metrics


async def test_concurrent_relays_claim_disjoint_rows(service_factory: ServiceFactory) -> None:
    h = await service_factory(
        "meetings",
        subscriptions=[Subscription(name="leave", url="http://leave/events", types=TYPES)],
        relay_batch_size=15,
    )
    for i in range(40):
        await h.client.post("/people", json={"name": f"P{i}"}, headers=h.headers())
    settings = h.app.state.settings.events
    relays = [OutboxRelay(h.app.state.db, h.app.state.platform.outbox, settings) for _ in range(3)]
    try:
        claims = await asyncio.gather(*(r.claim() for r in relays))
        ids = [c.id for claim in claims for c in claim]
        assert len(ids) == len(set(ids)) == 40  # each row claimed once, none left out
        assert await relays[0].claim() == []  # claimed rows are leased, not due again yet
    finally:
        for r in relays:
            await r.sender.close()
