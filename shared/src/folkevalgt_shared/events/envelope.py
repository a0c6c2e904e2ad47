"""CloudEvents 1.0 structured JSON envelopes built and read with the `cloudevents` SDK."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from cloudevents.core.bindings.http import HTTPMessage, from_structured, to_structured_event
from cloudevents.core.exceptions import BaseCloudEventException
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from pydantic import ValidationError
from standardwebhooks import Webhook

from folkevalgt_shared import context
from folkevalgt_shared.contracts import CONTRACTS, EventData
from folkevalgt_shared.errors import InvalidInput

CONTENT_TYPE = "application/cloudevents+json"
# Extension attributes: the request that caused the event (its X-Request-ID), and the W3C trace
# context of the CloudEvents distributed-tracing extension.
REQUEST_ID_EXTENSION = "requestid"
TRACEPARENT_EXTENSION = "traceparent"
TRACESTATE_EXTENSION = "tracestate"
# CloudEvents JSON batch format: several structured events in one request, one signature.
BATCH_CONTENT_TYPE = "application/cloudevents-batch+json"


@dataclass(frozen=True)
class ReceivedEvent:
    id: str
    type: str
    source: str
    subject: str | None
    time: datetime | None
    data: EventData
    request_id: str | None = None
    traceparent: str | None = None


def signed_headers(
    secret: str, message_id: str, payload: str | bytes, content_type: str = CONTENT_TYPE
) -> dict[str, str]:
    """Headers of a delivery: content type and Standard Webhooks signature, timestamped now."""
    text = payload.decode() if isinstance(payload, bytes) else payload
    now = datetime.now(UTC)  # the real time, not the service's settable clock: receivers check it
    return {
        "content-type": content_type,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, now, text),
    }


def build_envelope(
    data: EventData,
    *,
    subject: str,
    source: str | None = None,
    request_id: str | None = None,
    traceparent: str | None = None,
) -> tuple[str, bytes]:
    """Returns (event id, structured CloudEvent JSON)."""
    attributes = {
        "type": data.TYPE,
        "source": source or data.SOURCE,
        "subject": subject,
        "datacontenttype": "application/json",
    }
    if request_id:
        attributes[REQUEST_ID_EXTENSION] = request_id
    if traceparent:
        attributes[TRACEPARENT_EXTENSION] = traceparent
    event = CloudEvent(attributes=attributes, data=data.model_dump(mode="json"))
    return event.get_id(), to_structured_event(event).body


def _received_v1_event(attributes: dict[str, Any], data: Any) -> CloudEvent:
    # CloudEvent() invents a missing id and specversion; a received event must carry its own
    # (the id is what the inbox deduplicates on).
    missing = [name for name in ("specversion", "id") if not attributes.get(name)]
    if missing:
        raise ValueError(f"missing required attribute(s): {', '.join(missing)}")
    if attributes["specversion"] != "1.0":
        raise ValueError(f"specversion {attributes['specversion']!r} is not 1.0")
    return CloudEvent(attributes, data)


def read_envelope(body: bytes, contracts: dict[str, type[EventData]] = CONTRACTS) -> ReceivedEvent:
    try:
        event = from_structured(
            HTTPMessage(headers={"content-type": CONTENT_TYPE}, body=body), JSONFormat(), _received_v1_event
        )
    except (BaseCloudEventException, ValueError, TypeError, AttributeError) as exc:  # AttributeError: not an object
        raise InvalidInput(f"not a CloudEvents 1.0 structured JSON event: {exc}") from exc
    contract = contracts.get(event.get_type())
    if contract is None:
        raise InvalidInput(f"unsupported event type {event.get_type()!r}", event_type=event.get_type())
    raw: Any = event.get_data()
    try:
        data = contract.model_validate(raw)
    except ValidationError as exc:
        errors = [{"field": ".".join(["data", *map(str, e["loc"])]), "message": e["msg"]} for e in exc.errors()]
        raise InvalidInput(f"event data does not match {contract.__name__}", errors=errors) from exc
    return ReceivedEvent(
        id=event.get_id(),
        type=event.get_type(),
        source=event.get_source(),
        subject=event.get_subject(),
        time=event.get_time(),
        data=data,
        request_id=_text(event.get_extension(REQUEST_ID_EXTENSION)),
        traceparent=context.valid_traceparent(_text(event.get_extension(TRACEPARENT_EXTENSION))),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def build_batch(payloads: Sequence[str]) -> str:
    """A batch of already serialised structured events."""
    return "[" + ",".join(payloads) + "]"


def read_batch(body: bytes, contracts: dict[str, type[EventData]] = CONTRACTS) -> list[ReceivedEvent]:
    """Every event of a batch, or InvalidInput naming the first one that is not acceptable."""
    try:
        items = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"not a CloudEvents JSON batch: {exc}") from exc
    if not isinstance(items, list) or not items:
        raise InvalidInput("a CloudEvents JSON batch is a non-empty array of events")
    events = []
    for index, item in enumerate(items):
        try:
            events.append(read_envelope(orjson.dumps(item), contracts))
        except InvalidInput as exc:
            errors = [{**e, "field": f"[{index}].{e['field']}"} for e in exc.errors or []]
            raise InvalidInput(
                f"event {index} of the batch: {exc.detail}",
                errors=errors or [{"field": f"[{index}]", "message": exc.detail}],
            ) from exc
    return events
