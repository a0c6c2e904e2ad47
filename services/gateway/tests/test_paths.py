"""The token check decides on the path the service will act on: a path that could be read two
ways (dot-segments, empty segments, backslashes) is refused before any decision; an encoded slash
between clean parts (a case number in an id) is one more plain segment to every reader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from gateway.paths import is_service_ops_path, path_problem, valid_request_id

TRAVERSALS = [
    "/meetings/oparl/../bodies",
    "/meetings/oparl/%2e%2e/bodies",
    "/meetings/oparl/%2E%2E/bodies",
    "/meetings/oparl/.%2e/bodies",
    "/meetings/oparl/%2e./bodies",
    "/meetings/oparl/1.1/../../bodies",
    "/meetings/oparl/./../bodies",
    "/meetings/oparl/..;/bodies",
    "/meetings/oparl/%2e%2e;x=1/bodies",
    "/meetings/oparl%2f..%2fbodies",
    "/meetings/oparl/..%2fbodies",
    "/meetings/oparl/..%2Fbodies",
    "/meetings/oparl/%2e%2e%2fbodies",
    "/meetings/oparl/..%5cbodies",
    "/meetings/oparl/..\\bodies",
    "/meetings/oparl//../bodies",
    "/meetings//oparl/../bodies",
    "//meetings/bodies",
    "/meetings//bodies",
    "/meetings/oparl/.",
    "/meetings/oparl/..",
    "/meetings/oparl/%2e",
    "/meetings/oparl/.%2e/%2e%2e//bodies",
    "/meetings/oparl/%00/bodies",
    "/meetings/oparl/1.1/paper/070%2F",  # an encoded slash at an end is an empty segment
    "/meetings/oparl/1.1/paper/%2F26",
    "/meetings/oparl/1.1/paper/070%2F%2F26",
    "/access/cases/2026%2F..%2F..%2Fops/documents",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_that_could_be_read_two_ways_are_refused(path: str) -> None:
    assert path_problem(path.encode()) is not None


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/bodies",
        "/meetings/bodies/",  # a trailing slash is an ordinary path
        "/meetings/oparl/1.1/system",
        "/meetings/oparl/1.1/file/agenda.pdf",
        "/meetings/bodies/...",  # three dots are a name, not a dot-segment
        "/meetings/bodies/.well-known",
        "/meetings/people/Ragnhild%20Persen",
        "/meetings/oparl/%252e%252e/bodies",  # decoded once (as the service does) it is the name "%2e%2e"
        "/meetings/oparl/1.1/paper/070%2F26",  # a case number (saksnummer) in an OParl id
        "/access/cases/2026%2f118/documents",
        "/",
    ],
)
def test_ordinary_paths_pass(path: str) -> None:
    assert path_problem(path.encode()) is None


SEGMENT = st.text(
    alphabet=st.sampled_from(["a", "b", ".", "%", "2", "e", "E", "f", "F", "5", "c", ";", "/", "\\", "~", "-"]),
    max_size=8,
)


@given(st.lists(SEGMENT, min_size=1, max_size=6))
def test_every_accepted_path_means_one_thing(segments: list[str]) -> None:
    """Whatever an attacker composes: if the gateway accepts a path, a client library or server
    that normalises it (yarl resolves dot-segments) finds the same path, and decoded (as the service
    decodes it) it has no dot-segment, no empty segment but a trailing one, and no backslash."""
    raw = "/" + "/".join(segments)
    if path_problem(raw.encode()) is not None:
        return
    decoded = unquote_to_bytes(raw)
    assert unquote_to_bytes(URL("http://gateway" + raw).raw_path) == decoded
    parts = decoded[1:].split(b"/")
    assert b"\\" not in decoded and b"\x00" not in decoded
    assert all(p and p not in (b".", b"..") and p.split(b";", 1)[0] not in (b".", b"..") for p in parts[:-1])
    assert parts[-1] not in (b".", b"..")


@given(st.lists(st.sampled_from(["a", "oparl", "1.1"]), max_size=3), st.sampled_from(["..", ".", "%2e%2e", ".%2E"]))
def test_every_dot_segment_is_refused_wherever_it_stands(before: list[str], dots: str) -> None:
    assert path_problem(("/" + "/".join([*before, dots, "bodies"])).encode()) is not None


def test_request_ids_are_plain_tokens() -> None:
    assert valid_request_id("req-42") and valid_request_id("4bf92f3577b34da6a3ce929d0e0e4736")
    assert valid_request_id("a" * 128) and not valid_request_id("a" * 129)
    for bad in ("", " req", "req 42", "req\n42", "ø", "-leading-dash", "<script>", None):
        assert not valid_request_id(bad)


def test_operators_paths_below_a_service() -> None:
    for rest in ("/metrics", "/metrics/", "/openapi.json", "/docs", "/docs/", "/docs/oauth2-redirect", "/redoc"):
        assert is_service_ops_path(rest), rest
    for rest in ("/bodies", "/metricsx", "/documents", "/oparl/1.1/system", "/ops/outbox"):
        assert not is_service_ops_path(rest), rest


# -- through a real gateway server: the raw request line, as an attacker sends it ---------------


@pytest.mark.parametrize("public_method", ["GET", "HEAD"])
def test_dot_segments_under_the_public_prefix_never_reach_a_service(
    gateway_server: Callable[..., str], upstream: Any, raw: Callable[..., Any], public_method: str
) -> None:
    base = gateway_server()
    upstream.clear()
    for path in TRAVERSALS:
        response = raw(base, public_method, path, {"X-Request-ID": "probe-7"})
        assert response.status == 400, (path, response.status)
        assert response.headers["x-request-id"] == "probe-7"
        if public_method == "GET":
            assert response.json()["type"].endswith("/invalid-path")
    assert upstream.reached(lambda r: r["path"] != "/openapi.json") == []


def test_paths_reach_the_service_exactly_as_the_gateway_decided(
    gateway_server: Callable[..., str], upstream: Any, raw: Callable[..., Any], bearer: Callable[..., Any]
) -> None:
    base = gateway_server()
    public = raw(base, "GET", "/meetings/oparl/1.1/system?x=1")
    named = raw(base, "GET", "/meetings/echo/Ragnhild%20Persen/%252e%252e", bearer())
    unauthenticated = raw(base, "GET", "/meetings/echo/oparl/1.1/system")
    assert public.status == 200 and public.json()["raw_path"] == "/oparl/1.1/system"
    assert public.json()["query"] == "x=1"
    assert named.status == 200
    assert named.json()["raw_path"] == "/echo/Ragnhild%20Persen/%252e%252e"
    assert named.json()["path"] == "/echo/Ragnhild Persen/%2e%2e"
    assert unauthenticated.status == 401  # "oparl" further down the path is no public prefix
