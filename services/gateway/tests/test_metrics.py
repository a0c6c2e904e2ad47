"""The gateway's metrics count what operators act on: traffic, refusals and failures per service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from gateway.metrics import NAMES

Gateway = Callable[..., TestClient]
Bearer = Callable[..., dict[str, str]]


def value(samples: dict[Any, float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_refusals_and_upstream_failures_per_service(
    gateway: Gateway, bearer: Bearer, samples: Callable[[str], dict[Any, float]]
) -> None:
    with gateway(upstream_timeout_seconds=0.5, rate_limit="5/minute") as client:
        before = samples(client.get("/metrics").text)
        assert {name for name, _ in before} >= {
            "folkevalgt_gateway_upstream_errors_total",
            "folkevalgt_gateway_upstream_retries_total",
        }  # present before any traffic
        for _ in range(3):
            assert client.get("/meetings/echo/x", headers=bearer("reader")).status_code == 200
        assert client.get("/meetings/echo/x").status_code == 401
        assert client.get("/meetings/slow", headers=bearer("reader")).status_code == 504
        assert client.get("/leave/anything", headers=bearer("reader")).status_code == 503
        assert client.get("/meetings/echo/x", headers=bearer("reader")).status_code == 429  # the sixth
        after = samples(client.get("/metrics").text)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "folkevalgt_gateway_requests_total"
    assert delta(requests, service="meetings", status="200") == 3
    assert delta(requests, service="meetings", status="401") == 1
    assert delta(requests, service="meetings", status="504") == 1
    assert delta(requests, service="meetings", status="429") == 1
    assert delta(requests, service="leave", status="503") == 1
    rejected = "folkevalgt_gateway_rejected_total"
    assert delta(rejected, service="meetings", reason="unauthorized") == 1
    assert delta(rejected, service="meetings", reason="rate_limited") == 1
    errors = "folkevalgt_gateway_upstream_errors_total"
    assert delta(errors, service="meetings", kind="timeout") == 1
    assert delta(errors, service="leave", kind="unreachable") == 1
    assert delta(errors, service="meetings", kind="disconnected") == 0
    # The upstream answered three times (the timeout and the refusals never got an answer).
    assert delta("folkevalgt_gateway_upstream_duration_seconds_count", service="meetings") == 3
    assert delta("folkevalgt_gateway_request_duration_seconds_count", service="meetings") == 6
    assert value(after, "folkevalgt_gateway_in_flight_requests", service="meetings") == 0


def test_every_documented_metric_is_exposed(gateway: Gateway, samples: Callable[[str], dict[Any, float]]) -> None:
    with gateway() as client:
        client.get("/meetings/health/live")
        exposed = {name for name, _ in samples(client.get("/metrics").text)}
    for name in NAMES:
        assert any(e == name or e.startswith(name + "_") for e in exposed), name


def test_latency_buckets_count_a_value_in_the_first_bucket_it_fits(
    samples: Callable[[str], dict[Any, float]],
) -> None:
    from prometheus_client import CollectorRegistry, generate_latest

    from gateway.metrics import GatewayMetrics

    registry = CollectorRegistry()
    metrics = GatewayMetrics(registry, ["meetings"])
    for seconds in (0.001, 0.0010001, 0.3, 45.0):  # on a bound, just above it, in the middle, past the last
        metrics.upstream_answered("meetings", seconds)
    values = samples(generate_latest(registry).decode())

    def bucket(le: str) -> float:
        return value(values, "folkevalgt_gateway_upstream_duration_seconds_bucket", le=le, service="meetings")

    assert (bucket("0.001"), bucket("0.0025"), bucket("0.25"), bucket("0.5"), bucket("30.0"), bucket("+Inf")) == (
        1,
        2,
        2,
        3,
        3,
        4,
    )
    assert value(values, "folkevalgt_gateway_upstream_duration_seconds_count", service="meetings") == 4
    assert value(values, "folkevalgt_gateway_upstream_duration_seconds_sum", service="meetings") == pytest.approx(
        45.3020001
    )
