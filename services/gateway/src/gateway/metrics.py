"""The gateway's Prometheus metrics: what operators watch per service (deploy/grafana reads them).

Every request passes here, so the counts are plain numbers updated on the event loop's thread
(the only thread that serves requests and the /metrics scrape), turned into Prometheus families
only when scraped: no lock and no label lookup per request, unlike prometheus_client's metric
objects.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

# From a millisecond (a cached read) to the upstream timeout.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# Why the gateway answered itself instead of forwarding (label `reason` of the rejected total).
INVALID_PATH = "invalid_path"
UNAUTHORIZED = "unauthorized"
FORBIDDEN = "forbidden"
RATE_LIMITED = "rate_limited"
TOO_LARGE = "too_large"
NOT_EXPOSED = "not_exposed"

# How an upstream failed to answer (label `kind` of the upstream errors total).
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


class Latency:
    """A histogram's counts per bucket (the last one is +Inf) and sum."""

    __slots__ = ("counts", "total")

    def __init__(self) -> None:
        self.counts = [0] * (len(LATENCY_BUCKETS) + 1)
        self.total = 0.0

    def observe(self, seconds: float) -> None:
        self.counts[bisect_left(LATENCY_BUCKETS, seconds)] += 1
        self.total += seconds

    def buckets(self) -> list[tuple[str, float]]:
        cumulative, out = 0, list[tuple[str, float]]()
        for bound, count in zip((*map(str, LATENCY_BUCKETS), "+Inf"), self.counts, strict=True):
            cumulative += count
            out.append((bound, cumulative))
        return out


class GatewayMetrics(Collector):
    def __init__(self, registry: CollectorRegistry, services: list[str]) -> None:
        self.services = list(services)
        self.requests: dict[tuple[str, str], int] = {}
        self.duration = {s: Latency() for s in services}
        self.upstream_duration = {s: Latency() for s in services}
        self.in_flight = dict.fromkeys(services, 0)
        # Present from the start, so that rates and increases are right from the first event.
        self.retries = dict.fromkeys(services, 0)
        self.upstream_errors = {(s, k): 0 for s in services for k in (UNREACHABLE, TIMEOUT, DISCONNECTED)}
        reasons = (UNAUTHORIZED, FORBIDDEN, RATE_LIMITED, TOO_LARGE, NOT_EXPOSED)
        self.rejected = {(s, r): 0 for s in [*services, "gateway"] for r in reasons} | {("none", INVALID_PATH): 0}
        registry.register(self)

    # -- on the hot path ----------------------------------------------------------------------

    def answered(self, service: str, status: int, seconds: float) -> None:
        key = (service, str(status))
        self.requests[key] = self.requests.get(key, 0) + 1
        self.duration[service].observe(seconds)

    def upstream_answered(self, service: str, seconds: float) -> None:
        self.upstream_duration[service].observe(seconds)

    def started(self, service: str) -> None:
        self.in_flight[service] += 1

    def finished(self, service: str) -> None:
        self.in_flight[service] -= 1

    def upstream_failed(self, service: str, kind: str) -> None:
        self.upstream_errors[(service, kind)] = self.upstream_errors.get((service, kind), 0) + 1

    def retried(self, service: str) -> None:
        self.retries[service] += 1

    def refused(self, service: str, reason: str) -> None:
        self.rejected[(service, reason)] = self.rejected.get((service, reason), 0) + 1

    # -- at scrape time -----------------------------------------------------------------------

    def collect(self) -> Iterator[Metric]:
        requests = CounterMetricFamily(
            "folkevalgt_gateway_requests",
            "Requests under a service's prefix, by the status the client got (the gateway's own refusals included)",
            labels=["service", "status"],
        )
        for (service, status), count in sorted(self.requests.items()):
            requests.add_metric([service, status], count)
        yield requests
        for name, help_text, series in (
            (
                "folkevalgt_gateway_request_duration_seconds",
                "From a request's arrival at the gateway to the end of its answer",
                self.duration,
            ),
            (
                "folkevalgt_gateway_upstream_duration_seconds",
                "From sending a request to the service to its response headers",
                self.upstream_duration,
            ),
        ):
            histogram = HistogramMetricFamily(name, help_text, labels=["service"])
            for service, latency in series.items():
                histogram.add_metric([service], latency.buckets(), latency.total)
            yield histogram
        errors = CounterMetricFamily(
            "folkevalgt_gateway_upstream_errors",
            "Requests the service did not answer: unreachable (503), timeout (504), disconnected (502)",
            labels=["service", "kind"],
        )
        for (service, kind), count in sorted(self.upstream_errors.items()):
            errors.add_metric([service, kind], count)
        yield errors
        retries = CounterMetricFamily(
            "folkevalgt_gateway_upstream_retries",
            "Requests sent again on a new connection after the service closed a kept-alive one before answering "
            "(idempotent methods, and others with an Idempotency-Key)",
            labels=["service"],
        )
        for service, count in sorted(self.retries.items()):
            retries.add_metric([service], count)
        yield retries
        rejected = CounterMetricFamily(
            "folkevalgt_gateway_rejected",
            "Requests the gateway answered itself without forwarding, by reason",
            labels=["service", "reason"],
        )
        for (service, reason), count in sorted(self.rejected.items()):
            rejected.add_metric([service, reason], count)
        yield rejected
        in_flight = GaugeMetricFamily(
            "folkevalgt_gateway_in_flight_requests", "Requests under way to each service", labels=["service"]
        )
        for service, count in sorted(self.in_flight.items()):
            in_flight.add_metric([service], count)
        yield in_flight
