"""The gateway's Prometheus metrics: what operators watch per service (deploy/grafana reads them).

Label children are looked up once and kept: `labels()` on every request costs more than the
increment itself.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# From a millisecond (a cached read) to the upstream timeout.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# Why the gateway answered itself instead of forwarding (label `reason` of REJECTED).
INVALID_PATH = "invalid_path"
UNAUTHORIZED = "unauthorized"
FORBIDDEN = "forbidden"
RATE_LIMITED = "rate_limited"
TOO_LARGE = "too_large"
NOT_EXPOSED = "not_exposed"

# How an upstream failed to answer (label `kind` of UPSTREAM_ERRORS).
UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
DISCONNECTED = "disconnected"

NAMES = (
    "folkevalgt_gateway_requests_total",
    "folkevalgt_gateway_request_duration_seconds",
    "folkevalgt_gateway_upstream_duration_seconds",
    "folkevalgt_gateway_upstream_errors_total",
    "folkevalgt_gateway_upstream_retries_total",
    "folkevalgt_gateway_rejected_total",
    "folkevalgt_gateway_in_flight_requests",
)


class GatewayMetrics:
    def __init__(self, registry: CollectorRegistry, services: list[str]) -> None:
        self.requests = Counter(
            "folkevalgt_gateway_requests",
            "Requests under a service's prefix, by the status the client got (the gateway's own refusals included)",
            ["service", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            "folkevalgt_gateway_request_duration_seconds",
            "From a request's arrival at the gateway to the end of its answer",
            ["service"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.upstream_duration = Histogram(
            "folkevalgt_gateway_upstream_duration_seconds",
            "From sending a request to the service to its response headers",
            ["service"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.upstream_errors = Counter(
            "folkevalgt_gateway_upstream_errors",
            "Requests the service did not answer: unreachable (503), timeout (504), disconnected (502)",
            ["service", "kind"],
            registry=registry,
        )
        self.retries = Counter(
            "folkevalgt_gateway_upstream_retries",
            "Replayable requests sent again on a new connection after the service closed a kept-alive one",
            ["service"],
            registry=registry,
        )
        self.rejected = Counter(
            "folkevalgt_gateway_rejected",
            "Requests the gateway answered itself without forwarding, by reason",
            ["service", "reason"],
            registry=registry,
        )
        self.in_flight = Gauge(
            "folkevalgt_gateway_in_flight_requests",
            "Requests under way to each service",
            ["service"],
            registry=registry,
        )
        self._status: dict[tuple[str, int], Counter] = {}
        self._duration = {s: self.duration.labels(s) for s in services}
        self._upstream = {s: self.upstream_duration.labels(s) for s in services}
        self._in_flight = {s: self.in_flight.labels(s) for s in services}
        # Present from the start, so that rates and increases are right from the first event.
        for service in services:
            self.retries.labels(service)
            for kind in (UNREACHABLE, TIMEOUT, DISCONNECTED):
                self.upstream_errors.labels(service, kind)
        for service in [*services, "gateway"]:
            for reason in (UNAUTHORIZED, FORBIDDEN, RATE_LIMITED, TOO_LARGE, NOT_EXPOSED):
                self.rejected.labels(service, reason)
        self.rejected.labels("none", INVALID_PATH)

    def answered(self, service: str, status: int, seconds: float) -> None:
        child = self._status.get((service, status))
        if child is None:
            child = self._status[(service, status)] = self.requests.labels(service, str(status))
        child.inc()
        self._duration[service].observe(seconds)

    def upstream_answered(self, service: str, seconds: float) -> None:
        self._upstream[service].observe(seconds)

    def in_flight_child(self, service: str) -> Gauge:
        return self._in_flight[service]

    def upstream_failed(self, service: str, kind: str) -> None:
        self.upstream_errors.labels(service, kind).inc()

    def refused(self, service: str, reason: str) -> None:
        self.rejected.labels(service, reason).inc()
