"""What no route can get wrong any more: bodies too large or not JSON, NUL characters, huge integers,
absurd dates, null in a PATCH — each a 4xx naming the field, nothing written, SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import BigInteger, Column

from folkevalgt_shared.errors import InvalidInput
from folkevalgt_shared.http_errors import install_problem_handlers
from folkevalgt_shared.pagination import PageParams, _cursor_key, decode_cursor

ProbeFactory = Callable[..., Awaitable[Any]]
PAGED = FastAPI()
install_problem_handlers(PAGED)


@PAGED.get("/things")
async def things(page: PageParams) -> dict[str, str]:
    return {"since": str(page.modified_since)}


async def test_a_nul_in_a_json_string_is_refused_naming_the_field(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    response = await probe.client.post("/people", json={"name": "a\u0000b"}, headers=probe.headers())
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"field": "body.name", "message": "contains a NUL character", "code": "string_not_storable"}
    ]
    assert await probe.effects() == 0


async def test_a_nul_deep_in_the_document_or_in_a_key_is_named_by_its_path(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    body = '{"name": "ok", "tags": [{"x": "fine"}, {"y\\u0000": "z", "w": "a\\u0000"}]}'
    response = await probe.client.post(
        "/people", content=body, headers={**probe.headers(), "content-type": "application/json"}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.tags.1.y\u0000", "body.tags.1.w"]


async def test_an_escaped_backslash_before_u0000_is_no_nul(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    response = await probe.client.post("/people", json={"name": "C:\\u0000dir"}, headers=probe.headers())
    assert response.status_code == 201 and response.json()["name"] == "C:\\u0000dir"


async def test_a_lone_surrogate_is_refused_but_a_pair_is_text(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    headers = {**probe.headers(), "content-type": "application/json"}
    lone = await probe.client.post("/people", content='{"name": "a\\ud800b"}', headers=headers)
    assert lone.status_code == 422 and lone.json()["errors"][0]["field"] == "body.name"
    pair = await probe.client.post("/people", content='{"name": "smil \\ud83d\\ude00"}', headers=headers)
    assert pair.status_code == 201 and pair.json()["name"] == "smil 😀"
    assert await probe.effects() == 1


async def test_a_nul_in_a_query_parameter_or_the_path_is_refused(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    query = await probe.client.get("/register/bodies/x/members?on=2026-01-01%00", headers=probe.headers())
    assert query.status_code == 422 and query.json()["errors"][0]["field"] == "query.on"
    path = await probe.client.get("/register/bodies/a%00b/members", headers=probe.headers())
    assert path.status_code == 422 and path.json()["errors"][0]["field"] == "path"


@pytest.mark.parametrize(
    ("content_type", "status"),
    [("text/plain", 415), ("application/x-www-form-urlencoded", 415), (None, 415), ("application/json", 201)],
)
async def test_a_body_that_is_not_json_gets_415(
    make_probe: ProbeFactory, content_type: str | None, status: int
) -> None:
    probe = await make_probe()
    headers = probe.headers() | ({"content-type": content_type} if content_type else {})
    response = await probe.client.post("/people", content=json.dumps({"name": "A"}), headers=headers)
    assert response.status_code == status, response.text
    if status == 415:
        assert response.json()["errors"][0]["field"] == "header.content-type"
        assert await probe.effects() == 0


async def test_a_route_that_declares_csv_takes_csv_and_no_other_route_does(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    csv_body = {**probe.headers(), "content-type": "text/csv; charset=utf-8"}
    taken = await probe.client.post("/people/import", content="name\nKari\n", headers=csv_body)
    assert taken.status_code == 200 and taken.json()["lines"] == ["name", "Kari"]
    behind_the_gateway = await probe.client.post(
        "/people/import", content="name\nKari\n", headers={**csv_body, "x-forwarded-prefix": "/probe"}
    )
    assert behind_the_gateway.status_code == 200
    elsewhere = await probe.client.post("/people", content="name\nKari\n", headers=csv_body)
    assert elsewhere.status_code == 415 and elsewhere.json()["errors"][0]["field"] == "header.content-type"
    other = await probe.client.post(
        "/people/import", content="<x/>", headers={**probe.headers(), "content-type": "application/xml"}
    )
    assert other.status_code == 415 and "text/csv" in other.json()["detail"]
    nul = await probe.client.post("/people/import", content="name\nKa\x00ri\n", headers=csv_body)
    assert nul.status_code == 422 and nul.json()["errors"][0]["field"] == "body"
    assert await probe.effects() == 0


async def test_a_cloudevents_body_is_json(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    response = await probe.client.post(
        "/events", content=b"{}", headers={"content-type": "application/cloudevents+json; charset=utf-8"}
    )
    assert response.status_code == 401  # past the guard: the signature is what is missing


async def test_a_body_that_is_not_utf8_is_422_not_400(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    response = await probe.client.post(
        "/people", content=b'{"name": "\xff\xfe"}', headers={**probe.headers(), "content-type": "application/json"}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body"


async def test_an_oversized_body_is_refused_before_it_is_read(make_probe: ProbeFactory) -> None:
    probe = await make_probe(max_body_bytes=1000)
    app = probe.harness.app
    reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"x" * 100_000, "more_body": False}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/people",
        "raw_path": b"/people",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"100000")],
        "scheme": "http",
        "server": ("probe", 80),
        "client": ("127.0.0.1", 1),
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
    }
    await app(scope, receive, send)
    assert sent[0]["status"] == 413 and reads == 0
    assert json.loads(sent[1]["body"])["status"] == 413


async def test_a_chunked_body_is_cut_off_at_the_limit(make_probe: ProbeFactory) -> None:
    probe = await make_probe(max_body_bytes=1000)
    chunks = iter([b"x" * 600, b"x" * 600, b"x" * 600, b"x" * 600])

    async def body() -> Any:
        for chunk in chunks:
            yield chunk

    response = await probe.client.post(
        "/people", content=body(), headers={**probe.headers(), "content-type": "application/json"}
    )
    assert response.status_code == 413
    assert len(list(chunks)) == 2  # the last two chunks were never read
    assert await probe.effects() == 0


async def test_a_body_at_the_limit_is_accepted(make_probe: ProbeFactory) -> None:
    body = json.dumps({"name": "A"}).encode()
    probe = await make_probe(max_body_bytes=len(body))
    response = await probe.client.post(
        "/people", content=body, headers={**probe.headers(), "content-type": "application/json"}
    )
    assert response.status_code == 201


@pytest.mark.parametrize("row_id", ["9223372036854775808", "99999999999999999999999", "0", "-1"])
async def test_a_dead_letter_id_beyond_64_bits_is_refused_naming_it(make_probe: ProbeFactory, row_id: str) -> None:
    probe = await make_probe()
    response = await probe.client.post(f"/ops/dead-letters/{row_id}/replay", headers=probe.headers())
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "path.row_id"


async def test_the_largest_dead_letter_id_is_merely_not_found(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    response = await probe.client.post("/ops/dead-letters/9223372036854775807/replay", headers=probe.headers())
    assert response.status_code == 404


@pytest.mark.parametrize(
    "value", ["0073-01-01", "0001-01-01", "9999-12-31", "1899-12-31", "2100-01-01", "0", "1700000000"]
)
async def test_an_absurd_date_is_refused(make_probe: ProbeFactory, value: str) -> None:
    probe = await make_probe()
    response = await probe.client.get(f"/register/bodies/x/members?on={value}", headers=probe.headers())
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "query.on"


@pytest.mark.parametrize("value", ["1900-01-01", "2099-12-31"])
async def test_the_bounds_of_the_date_range_are_accepted(make_probe: ProbeFactory, value: str) -> None:
    probe = await make_probe()
    response = await probe.client.get(f"/register/bodies/x/members?on={value}", headers=probe.headers())
    assert response.status_code == 200


# Not JSON; a time without offset; a key beyond 64 bits.
FORGED = ["bm90IGpzb24", "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwgIjEiXQ"]
FORGED.append("WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwgIjk5OTk5OTk5OTk5OTk5OTk5OTk5OTkiXQ")


@pytest.mark.parametrize("cursor", FORGED)
def test_a_forged_cursor_is_refused(cursor: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        _, key = decode_cursor(cursor)
        _cursor_key(Column("id", BigInteger), key)
    assert refused.value.errors == [{"field": "cursor", "message": "invalid cursor"}]


@pytest.mark.parametrize("modified_since", ["0.5", "1700000000", "2026-01-01T00:00:00", "0001-01-01T00:00:00Z"])
def test_modified_since_must_be_an_iso_time_with_offset_in_range(modified_since: str) -> None:
    response = TestClient(PAGED).get("/things", params={"modified_since": modified_since})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "query.modified_since"


async def test_a_patch_refuses_null_for_a_field_that_cannot_be_null(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    path = "/people/11111111-1111-4111-8111-111111111111"
    refused = await probe.client.patch(path, json={"name": None}, headers=probe.headers())
    assert refused.status_code == 422
    assert refused.json()["errors"][0] == {
        "field": "body.name",
        "message": "may be left out, but not set to null",
        "code": "null_not_allowed",
    }
    assert (await probe.client.patch(path, json={"since": None}, headers=probe.headers())).status_code == 422
    cleared = await probe.client.patch(path, json={"email": None}, headers=probe.headers())
    assert cleared.status_code == 200 and cleared.json() == {"email": None}  # nullable: null clears it
    left_out = await probe.client.patch(path, json={}, headers=probe.headers())
    assert left_out.status_code == 200 and left_out.json() == {}


async def test_405_lists_every_method_of_the_resource(make_probe: ProbeFactory) -> None:
    probe = await make_probe()
    response = await probe.client.delete("/people", headers=probe.headers())
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    other = await probe.client.put("/people/11111111-1111-4111-8111-111111111111", headers=probe.headers())
    assert other.status_code == 405 and other.headers["allow"] == "PATCH"
