"""The merged OpenAPI document and the documentation page, as a consumer and an operator see them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

Gateway = Callable[..., TestClient]
PROBLEM = "application/problem+json"
EVERY_OPERATION = ("404", "409", "412", "422", "429")
WITH_TOKEN = ("401", "403")


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch", "head", "options"):
                yield path, method, operation


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


@pytest.fixture
def fresh(gateway: Gateway) -> Callable[[], TestClient]:
    """A gateway that asks the services for their documents on every request."""
    return lambda: gateway(openapi_refresh_seconds=0.001, openapi_retry_seconds=0.001)


def test_public_operations_need_no_token_and_the_others_a_bearer_token(fresh: Callable[[], TestClient]) -> None:
    with fresh() as client:
        spec = client.get("/openapi.json").json()
    assert spec["security"] == [{"bearer": []}]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    public = {path for path, _, op in operations(spec) if op.get("security") == []}
    assert public == {"/health/live", "/health/ready", "/meetings/oparl/1.1/system", "/meetings/health/ready"}
    assert "security" not in spec["paths"]["/meetings/bodies"]["post"]  # the document's bearer requirement
    assert "/meetings/events" not in spec["paths"]  # service to service, not part of the API


def test_every_operation_documents_its_problems_as_problem_json(fresh: Callable[[], TestClient]) -> None:
    with fresh() as client:
        spec = client.get("/openapi.json").json()
    for path, method, operation in operations(spec):
        responses = operation["responses"]
        expected = EVERY_OPERATION + (() if operation.get("security") == [] else WITH_TOKEN)
        for code in expected:
            content = responses[code]["content"]
            assert list(content) == [PROBLEM], (path, method, code)
            assert content[PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}, (path, method, code)
        if operation.get("security") == []:
            assert "401" not in responses and "403" not in responses, (path, method)
    assert "413" in spec["paths"]["/meetings/bodies"]["post"]["responses"]  # it has a body
    assert "413" not in spec["paths"]["/meetings/bodies"]["get"]["responses"]
    assert spec["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status"]


def test_schemas_are_prefixed_reachable_and_every_reference_resolves(fresh: Callable[[], TestClient]) -> None:
    with fresh() as client:
        spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"meetings__BodyPage", "meetings__Body", "meetings__BodyIn"} <= schemas.keys()
    # FastAPI's validation error schema is no longer used by any operation: it is not listed.
    assert "meetings__HTTPValidationError" not in schemas and "meetings__ValidationError" not in schemas
    for ref in refs(spec):
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    assert spec["paths"]["/meetings/bodies"]["get"]["operationId"] == "meetings__list_bodies"
    assert spec["paths"]["/meetings/bodies"]["get"]["tags"] == ["meetings: bodies"]


def test_a_service_that_is_down_keeps_its_last_document_marked_stale(
    fresh: Callable[[], TestClient], upstream: Any
) -> None:
    with fresh() as client:
        current = client.get("/openapi.json").json()
        upstream.publishes_openapi = False
        try:
            stale = client.get("/openapi.json").json()
        finally:
            upstream.publishes_openapi = True
        back = client.get("/openapi.json").json()
    assert current["info"]["x-services"]["meetings"]["status"] == "current"
    assert "x-stale-services" not in current["info"]

    assert {p for p in stale["paths"] if p.startswith("/meetings/")} == {
        p for p in current["paths"] if p.startswith("/meetings/")
    }
    info = stale["info"]
    assert info["x-stale-services"] == ["meetings"]
    assert info["x-services"]["meetings"]["status"] == "stale"
    assert info["x-services"]["meetings"]["fetched_at"] == current["info"]["x-services"]["meetings"]["fetched_at"]
    assert "503" in info["x-services"]["meetings"]["error"]
    assert re.search(r"\*\*meetings\*\* could not be reached .*may be out of date", info["description"])
    assert stale["paths"]["/meetings/bodies"]["get"]["x-stale"] is True

    assert back["info"]["x-services"]["meetings"]["status"] == "current" and "x-stale-services" not in back["info"]


def test_a_service_never_reached_is_named_as_missing(fresh: Callable[[], TestClient]) -> None:
    with fresh() as client:
        spec = client.get("/openapi.json").json()
    info = spec["info"]
    assert info["x-unavailable-services"] == ["leave"]  # nothing listens on its port
    assert info["x-services"]["leave"]["status"] == "unavailable"
    assert "ClientConnectorError" in info["x-services"]["leave"]["error"]
    assert "**leave** has not been reached since the gateway started" in info["description"]
    assert not [p for p in spec["paths"] if p.startswith("/leave/")]


# -- the documentation page -----------------------------------------------------------------------


def test_docs_load_swagger_ui_from_the_gateway_itself(gateway: Gateway) -> None:
    with gateway() as client:
        page = client.get("/docs")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        html = page.text
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", html), "the page must not load anything from elsewhere"
        assert "validatorUrl" in html and "'/openapi.json'" in html
        assets = re.findall(r"(?:src|href)=\"(/docs/assets/[^\"]+)\"", html)
        assert len(assets) == 3
        loaded = {url.split("?")[0].rsplit("/", 1)[1]: client.get(url) for url in assets}
        js, css = loaded["swagger-ui-bundle.js"], loaded["swagger-ui.css"]
        assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
        assert "SwaggerUIBundle" in js.text and len(js.content) > 500_000
        assert (
            css.status_code == 200 and css.headers["content-type"].startswith("text/css") and ".swagger-ui" in css.text
        )
        assert loaded["favicon.png"].content.startswith(b"\x89PNG")
        js_url = next(url for url in assets if "swagger-ui-bundle.js" in url)
        again = client.get(js_url, headers={"If-None-Match": js.headers["etag"]})
        assert again.status_code == 304 and not again.content
        assert client.get("/docs/assets/nothing.js").status_code == 404
