"""RFC 9457 problem details: the body, and every kind of error rendered as problem+json."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, Field

from folkevalgt_shared.errors import (
    PROBLEM_BASE,
    PROBLEM_JSON,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    RuleViolation,
    Unauthorized,
    problem_body,
    problem_responses,
)
from folkevalgt_shared.http_errors import install_problem_handlers

INTERNAL_DETAIL = "password=hunter2 at db-primary:5432"


def test_problem_body_has_the_rfc9457_members() -> None:
    body = problem_body(404, "not-found", "Not found", "No body 42", "/bodies/42")
    assert body == {
        "type": PROBLEM_BASE + "not-found",
        "title": "Not found",
        "status": 404,
        "detail": "No body 42",
        "instance": "/bodies/42",
    }


def test_problem_body_leaves_out_empty_optional_members() -> None:
    body = problem_body(409, "conflict", "Conflict", "Taken")
    assert set(body) == {"type", "title", "status", "detail"}


def test_problem_body_carries_rule_errors_and_extensions() -> None:
    errors = [{"field": "role", "message": "no free seat"}]
    body = problem_body(422, "rule-violation", "Refused", "Full", None, "MTG-01", errors, seats=3)
    assert body["rule"] == "MTG-01"
    assert body["errors"] == errors
    assert body["seats"] == 3
    assert "instance" not in body


@pytest.mark.parametrize(
    ("problem", "status", "slug"),
    [
        (NotFound("x"), 404, "not-found"),
        (Conflict("x"), 409, "conflict"),
        (Forbidden("x"), 403, "forbidden"),
        (RuleViolation("x", rule="MTG-09"), 422, "rule-violation"),
        (Unauthorized("x"), 401, "unauthorized"),
        (PreconditionFailed("x"), 412, "precondition-failed"),
    ],
)
def test_each_problem_has_its_status_and_type(problem: Any, status: int, slug: str) -> None:
    body = problem.body("/here")
    assert body["status"] == status
    assert body["type"] == PROBLEM_BASE + slug
    assert body["instance"] == "/here"


def test_unauthorized_asks_for_a_bearer_token() -> None:
    assert Unauthorized("expired").headers == {"WWW-Authenticate": 'Bearer error="invalid_token"'}


def test_problem_responses_document_each_status() -> None:
    responses = problem_responses(NotFound, RuleViolation)
    assert set(responses) == {404, 422}
    assert PROBLEM_JSON in responses[422]["content"]


class SeatIn(BaseModel):
    name: str = Field(min_length=1)
    seats: int = Field(ge=1)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/bodies")
    async def create(body: SeatIn) -> dict[str, int]:
        return {"seats": body.seats}

    @app.get("/full")
    async def full() -> None:
        raise RuleViolation(
            "the body has 3 seats", rule="MTG-01", errors=[{"field": "role", "message": "no free seat"}], seats=3
        )

    @app.get("/missing")
    async def missing() -> None:
        raise NotFound("no such body", headers={"X-Hint": "check the id"})

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError(INTERNAL_DETAIL)

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail"} <= set(body)
    return body


async def test_validation_error_is_422_naming_the_fields(client: httpx.AsyncClient) -> None:
    body = _problem(await client.post("/bodies", json={"name": "", "seats": 0}), 422)
    assert body["type"] == PROBLEM_BASE + "invalid-input"
    assert body["instance"] == "/bodies"
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"body.name", "body.seats"}
    assert all(e["message"] and e["code"] for e in body["errors"])
    assert "body.seats" in body["detail"]


async def test_missing_field_is_422_naming_it(client: httpx.AsyncClient) -> None:
    body = _problem(await client.post("/bodies", json={"name": "Kommunestyret"}), 422)
    assert [e["field"] for e in body["errors"]] == ["body.seats"]
    assert body["errors"][0]["code"] == "missing"


async def test_valid_request_passes(client: httpx.AsyncClient) -> None:
    response = await client.post("/bodies", json={"name": "Kommunestyret", "seats": 25})
    assert response.status_code == 200
    assert response.json() == {"seats": 25}


async def test_mtg01_rule_violation_is_422_with_the_rule(client: httpx.AsyncClient) -> None:
    body = _problem(await client.get("/full"), 422)
    assert body["rule"] == "MTG-01"
    assert body["type"] == PROBLEM_BASE + "rule-violation"
    assert body["errors"] == [{"field": "role", "message": "no free seat"}]
    assert body["seats"] == 3
    assert body["instance"] == "/full"


async def test_problem_headers_reach_the_response(client: httpx.AsyncClient) -> None:
    response = await client.get("/missing")
    _problem(response, 404)
    assert response.headers["x-hint"] == "check the id"


async def test_unknown_route_is_404_problem(client: httpx.AsyncClient) -> None:
    body = _problem(await client.get("/no/such/route"), 404)
    assert body["type"] == PROBLEM_BASE + "not-found"
    assert body["instance"] == "/no/such/route"


async def test_wrong_method_is_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.delete("/bodies")
    body = _problem(response, 405)
    assert body["type"] == PROBLEM_BASE + "method-not-allowed"
    assert "POST" in response.headers["allow"]


async def test_unexpected_exception_is_500_without_internals(client: httpx.AsyncClient) -> None:
    response = await client.get("/boom")
    body = _problem(response, 500)
    assert body["type"] == PROBLEM_BASE + "internal"
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text
    assert "Traceback" not in response.text


def test_an_unknown_reference_is_a_422_naming_the_field() -> None:
    from folkevalgt_shared.errors import UnknownReference

    problem = UnknownReference("body.person_id", "person", "7f0c")
    body = problem.body("/memberships")
    assert body["status"] == 422 and body["detail"] == "body.person_id: there is no person 7f0c"
    assert body["errors"] == [
        {"field": "body.person_id", "message": "no person with this id", "code": "unknown_reference"}
    ]
