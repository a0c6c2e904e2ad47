"""The operator's view: the OpenAPI document, offline docs, who may read them, the event pipeline's
metrics, one log line per request, and a trace from a request through the outbox to a consumer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.events.relay import HttpxSender, OutboxRelay
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET, EventSettings, OpsSettings, Subscription, TracingSettings
from folkevalgt_shared.testing import ServiceFactory

ProbeFactory = Callable[..., Awaitable[Any]]
PERSON_CHANGED = "no.folkevalgt.meetings.person.changed.v1"
ERRORS = {"404", "409", "412", "413", "415", "422"}


async def test_secured_operations_need_a_bearer_token_and_say_which_scopes(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    doc = (await probe.client.get("/openapi.json")).json()
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    post = doc["paths"]["/people"]["post"]
    assert post["security"] == [{"bearer": []}] and post["x-required-scopes"] == [Scope.ACCESS_DECIDE]
    assert {"401", "403"} <= set(post["responses"])
    replay = doc["paths"]["/ops/dead-letters/{row_id}/replay"]["post"]
    assert replay["x-required-scopes"] == [Scope.OPS_WRITE]


async def test_public_routes_carry_no_security_requirement(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    doc = (await probe.client.get("/openapi.json")).json()
    for path in ("/health/live", "/health/ready", "/public/hello"):
        operation = doc["paths"][path]["get"]
        assert operation["security"] == [], path
        assert "401" not in operation["responses"] and "403" not in operation["responses"]
    assert (await probe.client.get("/public/hello")).status_code == 200  # and indeed needs no token
    events = doc["paths"]["/events"]["post"]
    assert events["security"] == [{"standardWebhooks": []}]
    assert doc["components"]["securitySchemes"]["standardWebhooks"]["name"] == "webhook-signature"


async def test_every_operation_documents_its_errors_as_problem_json(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    doc = (await probe.client.get("/openapi.json")).json()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    assert doc["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail"]
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert ERRORS <= set(responses), (method, path)
            for status in ERRORS | ({"401", "403"} & set(responses)):
                content = responses[status]["content"]
                assert content == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


async def test_docs_work_offline_from_packaged_assets(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    for page in ("/docs", "/redoc"):
        html = (await probe.client.get(page)).text
        assert "cdn." not in html and "fonts.googleapis" not in html, page
        assert "/docs/assets/" in html
    script = await probe.client.get("/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert b"SwaggerUIBundle" in script.content
    css = await probe.client.get("/docs/assets/swagger-ui.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert (await probe.client.get("/docs/assets/..%2Fcore.py")).status_code == 404


async def test_behind_a_prefix_the_docs_load_their_assets_under_it(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    html = (await probe.client.get("/docs", headers={"X-Forwarded-Prefix": "/access"})).text
    assert "/access/docs/assets/swagger-ui-bundle.js" in html and "/access/openapi.json" in html


async def test_ops_endpoints_can_need_the_ops_scope(make_probe: ProbeFactory) -> None:
    probe = await make_probe(ops=OpsSettings(docs="ops-scope", metrics="ops-scope"))
    for path in ("/openapi.json", "/docs", "/metrics"):
        assert (await probe.client.get(path)).status_code == 401, path
        assert (await probe.client.get(path, headers=probe.headers(Scope.ACCESS_READ))).status_code == 403, path
        assert (await probe.client.get(path, headers=probe.headers(Scope.OPS_READ))).status_code == 200, path
    assert (await probe.client.get("/docs/assets/swagger-ui.css")).status_code == 200  # static, public


async def test_ops_endpoints_can_be_off(make_probe: ProbeFactory) -> None:
    probe = await make_probe(ops=OpsSettings(docs="off", metrics="off"))
    for path in ("/openapi.json", "/docs", "/metrics"):
        assert (await probe.client.get(path, headers=probe.headers())).status_code == 404, path


def _metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(name + "{"):
            series, value = line.rsplit(" ", 1)
            got = ",".join(sorted(series[len(name) + 1 : -1].split(",")))
            if got == wanted:
                return float(value)
    raise AssertionError(f"no {name}{{{wanted}}} in:\n{text}")


async def test_the_event_pipeline_is_measured(make_probe: ProbeFactory, service_factory: ServiceFactory) -> None:
    consumer = await service_factory("leave")
    subscription = Subscription(name="leave", url="http://leave/events", types=[PERSON_CHANGED])
    probe = await make_probe(events=EventSettings(subscriptions=[subscription], relay_enabled=False, max_attempts=2))
    app = probe.harness.app
    for name in ("A", "B"):
        assert (await probe.client.post("/people", json={"name": name}, headers=probe.headers())).status_code == 201
    metrics = (await probe.client.get("/metrics")).text
    labels = {"service": "probe", "subscriber": "leave"}
    assert _metric(metrics, "folkevalgt_outbox_backlog", **labels) == 2
    assert _metric(metrics, "folkevalgt_outbox_oldest_age_seconds", **labels) >= 0
    assert _metric(metrics, "folkevalgt_dead_letters", **labels) == 0

    def relay(client: httpx.AsyncClient) -> OutboxRelay:
        return OutboxRelay(
            app.state.db,
            app.state.platform.outbox,
            app.state.settings.events,
            HttpxSender(client),
            app.state.event_metrics,
        )

    down = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(503)))
    assert await relay(down).drain_once() == 2  # one failed attempt each
    async with app.state.db.transaction() as session:  # due again now
        await session.execute(
            app.state.platform.outbox.update().values(next_attempt_at=app.state.platform.outbox.c.created_at)
        )
    assert await relay(down).drain_once() == 2  # the second attempt is the last: dead letters
    metrics = (await probe.client.get("/metrics")).text
    assert _metric(metrics, "folkevalgt_event_deliveries_total", outcome="failed", **labels) == 2
    assert _metric(metrics, "folkevalgt_event_deliveries_total", outcome="dead", **labels) == 2
    assert _metric(metrics, "folkevalgt_dead_letters", **labels) == 2
    assert _metric(metrics, "folkevalgt_outbox_backlog", **labels) == 0

    replayed = await probe.client.post("/ops/dead-letters/replay", headers=probe.headers())
    assert replayed.json() == {"replayed": 2}
    up = httpx.AsyncClient(transport=httpx.ASGITransport(app=consumer.app), base_url="http://leave")
    assert await relay(up).drain_once() == 2
    metrics = (await probe.client.get("/metrics")).text
    assert _metric(metrics, "folkevalgt_event_deliveries_total", outcome="delivered", **labels) == 2
    assert _metric(metrics, "folkevalgt_relay_lag_seconds", **labels) > 0
    assert _metric(metrics, "folkevalgt_dead_letters", **labels) == 0

    # The consumer counts what it receives twice.
    async with app.state.db.transaction() as session:
        await session.execute(
            app.state.platform.outbox.update().values(
                status="pending", next_attempt_at=app.state.platform.outbox.c.created_at
            )
        )
    assert await relay(up).drain_once() == 2
    consumed = (await consumer.client.get("/metrics")).text
    assert _metric(consumed, "folkevalgt_inbox_duplicates_total", service="leave") == 2


async def test_one_json_log_line_per_request_without_the_token(
    make_probe: ProbeFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    probe = await make_probe(log_level="INFO")
    token_headers = probe.headers()
    capsys.readouterr()
    response = await probe.client.post(
        "/people", json={"name": "A"}, headers={**token_headers, "X-Request-ID": "req-123"}
    )
    assert response.headers["x-request-id"] == "req-123"
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("event") == "request"]
    assert len(requests) == 1
    logged = requests[0]
    assert logged["level"] == "info" and logged["method"] == "POST" and logged["route"] == "/people"
    assert logged["status"] == 201 and logged["request_id"] == "req-123" and logged["duration_ms"] >= 0
    assert logged["subject"] == "11111111-1111-4111-8111-111111111111"
    assert token_headers["Authorization"].split()[1] not in json.dumps(lines)


async def test_a_request_is_followable_through_the_outbox_to_a_consumer(
    make_probe: ProbeFactory, service_factory: ServiceFactory
) -> None:
    consumer = await service_factory("leave")
    subscription = Subscription(name="leave", url="http://leave/events", types=[PERSON_CHANGED])
    tracing = TracingSettings(exporter="console")
    probe = await make_probe(events=EventSettings(subscriptions=[subscription], relay_enabled=False), tracing=tracing)
    spans = InMemorySpanExporter()
    probe.harness.app.state.tracing.provider.add_span_processor(SimpleSpanProcessor(spans))

    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    incoming = f"00-{trace_id}-00f067aa0ba902b7-01"
    headers = {**probe.headers(), "traceparent": incoming, "X-Request-ID": "req-trace"}
    assert (await probe.client.post("/people", json={"name": "A"}, headers=headers)).status_code == 201
    server = next(s for s in spans.get_finished_spans() if s.name == "POST /people")
    assert f"{server.context.trace_id:032x}" == trace_id and f"{server.parent.span_id:016x}" == "00f067aa0ba902b7"

    app = probe.harness.app
    async with app.state.db.reading() as session:
        payload = json.loads((await session.execute(app.state.platform.outbox.select())).first().payload)
    assert payload["requestid"] == "req-trace"
    assert payload["traceparent"] == f"00-{trace_id}-{server.context.span_id:016x}-01"

    # The consumer (tracing on too) continues the trace from the event, and its own events would carry it.
    from folkevalgt_shared.tracing import Tracing

    consumer_spans = InMemorySpanExporter()
    consumer_tracing = Tracing(TracingSettings(), "leave", exporter=consumer_spans)
    await _deliver_with_tracer(probe, consumer, consumer_tracing)
    processed = next(s for s in consumer_spans.get_finished_spans() if s.name == f"process {PERSON_CHANGED}")
    assert f"{processed.context.trace_id:032x}" == trace_id
    assert processed.parent.span_id == server.context.span_id


async def _deliver_with_tracer(probe: Any, consumer: Any, tracing: Any) -> None:
    """Delivers the probe's outbox to a consumer app built with `tracing`'s tracer."""
    from folkevalgt_shared.events.inbox import inbox_router
    from folkevalgt_shared.register import register_handlers
    from leave.db import register

    base = consumer.app
    traced = type(base)()
    traced.state = base.state
    traced.include_router(
        inbox_router(
            base.state.db,
            base.state.platform.inbox,
            DEV_WEBHOOK_SECRET,
            register_handlers(register),
            base.state.publisher,
            tracer=tracing.tracer,
        )
    )
    app = probe.harness.app
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=traced), base_url="http://leave")
    relay = OutboxRelay(app.state.db, app.state.platform.outbox, app.state.settings.events, HttpxSender(client))
    assert await relay.drain_once() == 1


async def test_metrics_on_a_port_of_their_own_for_a_scraper_without_a_token(make_probe: ProbeFactory) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subscription = Subscription(name="leave", url="http://leave/events", types=[PERSON_CHANGED])
    probe = await make_probe(
        ops=OpsSettings(metrics="off", metrics_port=port, metrics_refresh_seconds=0.05),
        events=EventSettings(subscriptions=[subscription], relay_enabled=False),
    )
    app = probe.harness.app
    assert (await probe.client.post("/people", json={"name": "A"}, headers=probe.headers())).status_code == 201
    async with app.router.lifespan_context(app), httpx.AsyncClient() as scraper:
        deadline = asyncio.get_running_loop().time() + 10
        while True:
            text = (await scraper.get(f"http://127.0.0.1:{port}/metrics")).text
            if 'folkevalgt_outbox_backlog{service="probe",subscriber="leave"} 1.0' in text:
                break
            assert asyncio.get_running_loop().time() < deadline, text
            await asyncio.sleep(0.05)
    assert (await probe.client.get("/metrics", headers=probe.headers())).status_code == 404  # not on the API port


async def test_an_operators_replay_is_not_held_by_an_idempotency_key(make_probe: ProbeFactory) -> None:
    """Operators' actions have their own idempotency (a replay of nothing dead replays nothing) and work in
    transactions of their own: the key is not taken there, so on SQLite's one writer nothing waits for it."""
    probe = await make_probe()
    headers = {**probe.headers(), "Idempotency-Key": "replay-all-1"}
    first = await probe.client.post("/ops/dead-letters/replay", headers=headers)
    again = await probe.client.post("/ops/dead-letters/replay", headers=headers)
    assert first.status_code == again.status_code == 200 and first.json() == again.json() == {"replayed": 0}
    assert "Idempotent-Replayed" not in again.headers
    missing = await probe.client.post("/ops/dead-letters/1/replay", headers={**headers, "Idempotency-Key": "one-1"})
    assert missing.status_code == 404
    document = (await probe.client.get("/openapi.json", headers=probe.headers())).json()
    replay = document["paths"]["/ops/dead-letters/replay"]["post"]
    assert all(p["name"] != "Idempotency-Key" for p in replay.get("parameters", []))
