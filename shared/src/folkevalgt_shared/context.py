"""What the platform knows about the request being served: its id, its caller, its trace context.

Set by `observability.RequestContextMiddleware` for each request (and by the inbox for each run of
events it processes); read by the request log, by `require_scopes` (which fills in the subject) and
by the outbox, which carries the request id and trace context into the events a request causes.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

# W3C Trace Context: version-traceid-parentid-flags, lowercase hex; all-zero ids are invalid.
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


@dataclass(slots=True)
class RequestContext:
    request_id: str
    traceparent: str | None = None  # as received (W3C); carried on even when tracing is off here
    subject: str | None = None  # the verified caller, once a route's auth has run


current: ContextVar[RequestContext | None] = ContextVar("folkevalgt_request", default=None)


def valid_traceparent(value: str | None) -> str | None:
    return value if value is not None and _TRACEPARENT.match(value) else None


def valid_request_id(value: str | None) -> str | None:
    """A client's X-Request-ID is kept only if it is short and plain: it goes into logs and events."""
    return value if value is not None and _REQUEST_ID.match(value) else None
