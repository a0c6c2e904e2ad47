"""Request ids, one JSON log line per request, Prometheus metrics and the request's trace span, as
plain ASGI middleware; and the event pipeline's metrics, for an operator's dashboard.

The request log line (INFO, "request") has the method, the route template (not the path: ids stay
out of the log's cardinality), the status, the duration, the request id and the verified subject;
never the Authorization header or any other header.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import orjson
import structlog
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy import Table, func, select
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from folkevalgt_shared import context
from folkevalgt_shared.types import utcnow

REQUEST_ID_HEADER = b"x-request-id"
TRACEPARENT_HEADER = b"traceparent"


def _json(value: Any, **_: Any) -> str:
    return orjson.dumps(value, default=str).decode()


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    renderer: Any = structlog.processors.JSONRenderer(serializer=_json) if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        cache_logger_on_first_use=True,
    )


class RequestContextMiddleware:
    """Takes or makes a request id, returns it, logs and counts the request, and (tracing on) runs it
    in a server span continuing the caller's `traceparent`."""

    def __init__(self, app: ASGIApp, service: str, registry: CollectorRegistry, tracer: Any = None) -> None:
        self.app = app
        self.requests = Counter(
            "http_requests_total", "HTTP requests", ["service", "method", "route", "status"], registry=registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds", "HTTP request latency", ["service", "method", "route"], registry=registry
        )
        self.service = service
        self.tracer = tracer
        self.log = structlog.get_logger()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = traceparent = None
        for name, value in scope["headers"]:
            if name == REQUEST_ID_HEADER:
                request_id = context.valid_request_id(value.decode("latin-1"))
            elif name == TRACEPARENT_HEADER:
                traceparent = context.valid_traceparent(value.decode("latin-1"))
        request_id = request_id or uuid.uuid4().hex
        ctx = context.RequestContext(request_id, traceparent)
        token = context.current.set(ctx)
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status = 500
        start = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (REQUEST_ID_HEADER, request_id.encode())]
            await send(message)

        try:
            if self.tracer is None:
                await self.app(scope, receive, send_with_id)
            else:
                await self._traced(scope, receive, send_with_id, traceparent, lambda: status)
        finally:
            template = getattr(scope.get("route"), "path", "unmatched")
            elapsed = time.perf_counter() - start
            self.requests.labels(self.service, scope["method"], template, str(status)).inc()
            self.latency.labels(self.service, scope["method"], template).observe(elapsed)
            self.log.info(
                "request",
                method=scope["method"],
                route=template,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                subject=ctx.subject,
            )
            structlog.contextvars.clear_contextvars()
            context.current.reset(token)

    async def _traced(self, scope: Scope, receive: Receive, send: Send, traceparent: str | None, status: Any) -> None:
        from folkevalgt_shared.tracing import SERVER, parent_context

        with self.tracer.start_as_current_span(
            f"{scope['method']} {scope['path']}", context=parent_context(traceparent), kind=SERVER
        ) as span:
            try:
                await self.app(scope, receive, send)
            finally:
                template = getattr(scope.get("route"), "path", None)
                if template:
                    span.update_name(f"{scope['method']} {template}")
                    span.set_attribute("http.route", template)
                span.set_attribute("http.request.method", scope["method"])
                span.set_attribute("http.response.status_code", status())


def metrics_endpoint(registry: CollectorRegistry, before: Any = None) -> Any:
    """The /metrics endpoint; `before` (a coroutine function) refreshes gauges read from the database."""

    async def metrics() -> Response:
        if before is not None:
            await before()
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return metrics


class EventMetrics:
    """The event pipeline, per service and subscriber: what waits in the outbox and for how long,
    what was delivered or failed, what lies dead, how long delivery took, what arrived twice.

    Backlog, oldest age and dead letters are read from the outbox (every replica sees the same
    table, so any replica's answer is the truth); deliveries, relay lag and duplicates are counted
    by the replica that did the work (sum them across replicas)."""

    def __init__(self, service: str, registry: CollectorRegistry, subscribers: Iterable[str] = ()) -> None:
        self.service = service
        labels = ["service", "subscriber"]
        self.backlog = Gauge(
            "folkevalgt_outbox_backlog", "Events waiting in the outbox (pending)", labels, registry=registry
        )
        self.oldest_age = Gauge(
            "folkevalgt_outbox_oldest_age_seconds",
            "Age of the oldest event waiting in the outbox",
            labels,
            registry=registry,
        )
        self.deliveries = Counter(
            "folkevalgt_event_deliveries_total",
            "Delivery attempts by outcome: delivered, failed (will be retried), dead (parked as a dead letter)",
            [*labels, "outcome"],
            registry=registry,
        )
        self.dead_letters = Gauge(
            "folkevalgt_dead_letters", "Events parked as dead letters (awaiting replay)", labels, registry=registry
        )
        self.relay_lag = Gauge(
            "folkevalgt_relay_lag_seconds",
            "From an event's commit to its delivery, the slowest of the last delivered batch",
            labels,
            registry=registry,
        )
        self.inbox_duplicates = Counter(
            "folkevalgt_inbox_duplicates_total",
            "Events received again and dropped by the inbox",
            ["service"],
            registry=registry,
        )
        self._subscribers = set(subscribers)
        for subscriber in self._subscribers:  # every series exists from the start, at 0
            for gauge in (self.backlog, self.oldest_age, self.dead_letters, self.relay_lag):
                gauge.labels(service, subscriber)
            for outcome in ("delivered", "failed", "dead"):
                self.deliveries.labels(service, subscriber, outcome)
        self.inbox_duplicates.labels(service)

    def delivered(self, subscriber: str, count: int, oldest_created: datetime | None) -> None:
        self.deliveries.labels(self.service, subscriber, "delivered").inc(count)
        if oldest_created is not None:
            self.relay_lag.labels(self.service, subscriber).set(max(0.0, (utcnow() - oldest_created).total_seconds()))

    def failed(self, subscriber: str, *, dead: bool) -> None:
        self.deliveries.labels(self.service, subscriber, "dead" if dead else "failed").inc()

    def duplicates(self, count: int) -> None:
        if count:
            self.inbox_duplicates.labels(self.service).inc(count)

    async def refresh(self, db: Any, outbox: Table) -> None:
        """Backlog, oldest age and dead letters per subscriber, from one grouped read of the outbox."""
        o = outbox
        stmt = (
            select(o.c.subscriber, o.c.status, func.count(), func.min(o.c.created_at))
            .where(o.c.status != "delivered")
            .group_by(o.c.subscriber, o.c.status)
        )
        async with db.reading() as session:
            rows = (await session.execute(stmt)).all()
        now = utcnow()
        backlog: dict[str, int] = dict.fromkeys(self._subscribers, 0)
        oldest: dict[str, float] = dict.fromkeys(self._subscribers, 0.0)
        dead: dict[str, int] = dict.fromkeys(self._subscribers, 0)
        for subscriber, status, count, first in rows:
            self._subscribers.add(subscriber)
            backlog.setdefault(subscriber, 0)
            oldest.setdefault(subscriber, 0.0)
            dead.setdefault(subscriber, 0)
            if status == "pending":
                backlog[subscriber] = int(count)
                oldest[subscriber] = max(0.0, (now - first).total_seconds()) if first is not None else 0.0
            elif status == "dead":
                dead[subscriber] = int(count)
        for subscriber in self._subscribers:
            self.backlog.labels(self.service, subscriber).set(backlog.get(subscriber, 0))
            self.oldest_age.labels(self.service, subscriber).set(oldest.get(subscriber, 0.0))
            self.dead_letters.labels(self.service, subscriber).set(dead.get(subscriber, 0))
