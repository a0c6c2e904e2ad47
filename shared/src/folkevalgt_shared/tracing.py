"""OpenTelemetry traces, off by default (`tracing.exporter`): OTLP over HTTP or the console.

One request is followable from the gateway through the outbox to a consumer: the server span of a
request continues the incoming `traceparent`; the events it publishes carry the span's context in
the CloudEvents distributed-tracing extension (`traceparent`), and the consumer's processing span
continues from there. Each app has its own tracer provider (no process-wide global), so two apps in
one process (tests) do not share exporters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import Link, SpanKind, Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from folkevalgt_shared.settings import TracingSettings

_PROPAGATOR = TraceContextTextMapPropagator()


class Tracing:
    """The app's tracer and its provider (shut down with the app), or nothing when tracing is off."""

    def __init__(self, settings: TracingSettings, service: str, exporter: SpanExporter | None = None) -> None:
        self.provider: TracerProvider | None = None
        self.tracer: Tracer | None = None
        if settings.exporter == "none" and exporter is None:
            return
        self.provider = TracerProvider(
            resource=Resource.create({"service.name": service}),
            sampler=ParentBased(TraceIdRatioBased(settings.sample_ratio)),
        )
        if exporter is not None:
            self.provider.add_span_processor(SimpleSpanProcessor(exporter))
        elif settings.exporter == "console":
            self.provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
        else:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            self.provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=settings.otlp_endpoint)))
        self.tracer = self.provider.get_tracer("folkevalgt")

    def shutdown(self) -> None:
        if self.provider is not None:
            self.provider.shutdown()


def parent_context(traceparent: str | None) -> Any:
    """An OpenTelemetry context continuing `traceparent` (or an empty one)."""
    return _PROPAGATOR.extract({"traceparent": traceparent} if traceparent else {})


def links(traceparents: Iterable[str | None]) -> list[Link]:
    out = []
    for value in traceparents:
        span_context = trace.get_current_span(parent_context(value)).get_span_context()
        if span_context.is_valid:
            out.append(Link(span_context))
    return out


def current_traceparent() -> str | None:
    """The current span's context as a W3C traceparent, if a span is recording here."""
    carrier: dict[str, str] = {}
    if trace.get_current_span().get_span_context().is_valid:
        _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")


SERVER, CONSUMER, PRODUCER = SpanKind.SERVER, SpanKind.CONSUMER, SpanKind.PRODUCER
