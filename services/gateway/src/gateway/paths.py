"""What the gateway decides from a request line alone: is the path canonical, is a request id
acceptable, is it an operator's path. Pure functions, on the hot path.

The token check decides on the path the gateway sees; the service acts on the path it receives.
Both must be the same path, so a path that some party could read differently is refused, not
repaired: dot-segments (`..`, `.`, `%2e%2e`), empty segments (`//`), backslashes (`\\`, `%5c`) and
NUL. An encoded slash is allowed where what it separates is itself clean (`070%2F26`: case numbers
are written with a slash, and an id carries them), since a service that decodes it then sees only
more plain segments; `x%2F..` is refused like `x/..`. A client that means a resource never needs any
of what is refused.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

_DOT_SEGMENTS = frozenset({b".", b".."})

# Letters, digits and a few separators, as common request-id formats (UUIDs, W3C trace ids,
# ULIDs, "<host>-<n>") use them; anything else may smuggle text into logs.
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}")

# Below a service prefix, the paths that show how a service runs rather than what it holds.
SERVICE_OPS_PATHS = frozenset({"/metrics", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})
GATEWAY_OPS_PATHS = frozenset({"/metrics"})


def path_problem(raw_path: bytes) -> str | None:
    """Why a raw (still percent-encoded) request path is refused, or None when it is canonical."""
    if not raw_path.startswith(b"/"):
        return "the path must start with '/'"
    # Without these bytes a path is canonical: almost every request stops here.
    if (
        b"%" not in raw_path
        and b"/." not in raw_path
        and b"//" not in raw_path
        and b"\\" not in raw_path
        and b"\x00" not in raw_path
    ):
        return None
    if b"\\" in raw_path:
        return "the path contains a backslash"
    segments = raw_path[1:].split(b"/")
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        if not segment:
            if index == last:  # a trailing slash is an ordinary path
                continue
            return "the path contains an empty segment ('//')"
        decoded = unquote_to_bytes(segment) if b"%" in segment else segment
        if b"\\" in decoded:
            return "the path contains an encoded '\\'"
        if b"\x00" in decoded:
            return "the path contains a NUL character"
        for part in decoded.split(b"/"):
            if not part:
                return "the path contains an empty segment (an encoded '/' at an end or twice)"
            # `..;x` is `..` to servlet containers: no party may read a segment as a dot-segment.
            if part in _DOT_SEGMENTS or part.split(b";", 1)[0] in _DOT_SEGMENTS:
                return "the path contains a dot-segment ('.' or '..')"
    return None


def valid_request_id(value: str | None) -> bool:
    return value is not None and REQUEST_ID.fullmatch(value) is not None


def is_service_ops_path(rest: str) -> bool:
    """`rest` is the path below the service prefix (`/metrics` of `/meetings/metrics`)."""
    return rest in SERVICE_OPS_PATHS or rest.rstrip("/") in SERVICE_OPS_PATHS or rest.startswith("/docs/")


def raw_below_prefix(raw_path: bytes) -> str:
    """The path below the prefix as the client encoded it: the service decodes it exactly as the
    gateway did (the gateway refused every path where that could differ), and nothing between
    them re-encodes or normalises it."""
    end = raw_path.find(b"/", 1)
    return raw_path[end:].decode("latin-1") if end != -1 else "/"
