"""CloudEvents 1.0 structured JSON envelopes built and read with the `cloudevents` SDK."""

from __future__ import annotations

import re
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


# The attributes an event of ours carries. An event with only these, each a non-empty string, a specversion
# of 1.0 and a time in the plain RFC 3339 form passes every check of the SDK's CloudEvent; it is read
# directly, without a second JSON parse and the SDK's attribute-by-attribute validation (most of a
# consumer's CPU per event). Anything else is read by the SDK, which names what is wrong.
_PLAIN_ATTRIBUTES = frozenset(
    {
        "specversion",
        "id",
        "source",
        "type",
        "subject",
        "time",
        "datacontenttype",
        "dataschema",
        REQUEST_ID_EXTENSION,
        TRACEPARENT_EXTENSION,
        TRACESTATE_EXTENSION,
    }
)
_PLAIN_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})")


def _plain_event(item: Any) -> tuple[dict[str, Any], Any] | None:
    """(attributes, data) of an event that needs none of the SDK's checks, else None."""
    if type(item) is not dict or item.get("specversion") != "1.0":
        return None
    attributes: dict[str, Any] = {}
    data = None
    for key, value in item.items():
        if key == "data":
            data = value
        elif key in _PLAIN_ATTRIBUTES and type(value) is str and value:
            attributes[key] = value
        else:
            return None
    if "id" not in attributes or "source" not in attributes or "type" not in attributes:
        return None
    time = attributes.get("time")
    if time is None:
        attributes["time"] = datetime.now(UTC)  # as the SDK's CloudEvent does for an event without one
    elif _PLAIN_TIME.fullmatch(time):
        try:
            attributes["time"] = datetime.fromisoformat(time)
        except ValueError:  # e.g. 30 February: the SDK's error
            return None
    else:
        return None
    return attributes, data


def _sdk_event(body: bytes) -> tuple[dict[str, Any], Any]:
    try:
        event = from_structured(
            HTTPMessage(headers={"content-type": CONTENT_TYPE}, body=body), JSONFormat(), _received_v1_event
        )
    except (BaseCloudEventException, ValueError, TypeError, AttributeError) as exc:  # AttributeError: not an object
        raise InvalidInput(f"not a CloudEvents 1.0 structured JSON event: {exc}") from exc
    return event.get_attributes(), event.get_data()


def read_envelope(body: bytes, contracts: dict[str, type[EventData]] = CONTRACTS) -> ReceivedEvent:
    try:
        item = orjson.loads(body)
    except orjson.JSONDecodeError:
        item = None  # the SDK's parser says why (or accepts what orjson does not, as NaN)
    return _read_item(item, body, contracts)


def _read_item(item: Any, body: bytes | None, contracts: dict[str, type[EventData]]) -> ReceivedEvent:
    plain = _plain_event(item)
    attributes, raw = plain if plain is not None else _sdk_event(orjson.dumps(item) if body is None else body)
    event_type = attributes["type"]
    contract = contracts.get(event_type)
    if contract is None:
        raise InvalidInput(f"unsupported event type {event_type!r}", event_type=event_type)
    try:
        data = contract.model_validate(raw)
    except ValidationError as exc:
        errors = [{"field": ".".join(["data", *map(str, e["loc"])]), "message": e["msg"]} for e in exc.errors()]
        raise InvalidInput(f"event data does not match {contract.__name__}", errors=errors) from exc
    return ReceivedEvent(
        id=attributes["id"],
        type=event_type,
        source=attributes["source"],
        subject=attributes.get("subject"),
        time=attributes.get("time"),
        data=data,
        request_id=_text(attributes.get(REQUEST_ID_EXTENSION)),
        traceparent=context.valid_traceparent(_text(attributes.get(TRACEPARENT_EXTENSION))),
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
            events.append(_read_item(item, None, contracts))
        except InvalidInput as exc:
            errors = [{**e, "field": f"[{index}].{e['field']}"} for e in exc.errors or []]
            raise InvalidInput(
                f"event {index} of the batch: {exc.detail}",
                errors=errors or [{"field": f"[{index}]", "message": exc.detail}],
            ) from exc
    return events
