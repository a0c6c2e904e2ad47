"""The gateway in front of the real services: the merged document, paths, request ids, docs."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from folkevalgt_devstack.stack import Stack
from folkevalgt_devstack.topology import SERVICES
from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.settings import AuthSettings

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@pytest.fixture(scope="module")
def token(stack: Stack) -> str:
    return mint_dev_token(AuthSettings(dev_key_file=stack.topology.var_dir / "dev-signing-key.pem"), "e2e", ALL_SCOPES)


@pytest.fixture(scope="module")
def spec(stack: Stack) -> dict[str, Any]:
    response = httpx.get(f"{stack.topology.url('gateway')}/openapi.json", timeout=20)
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


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


def test_the_merged_document_of_the_real_services_is_whole_and_consistent(spec: dict[str, Any]) -> None:
    assert {s["status"] for s in spec["info"]["x-services"].values()} == {"current"}
    schemas = spec["components"]["schemas"]
    for ref in refs(spec):
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    operations = [(p, m, op) for p, item in spec["paths"].items() for m, op in item.items() if m in METHODS]
    assert len(operations) > 100
    for path, method, operation in operations:
        first, _, rest = path[1:].partition("/")
        below_prefix = "/" + rest if first in SERVICES else path  # the gateway's own paths have no prefix
        public = method in ("get", "head") and below_prefix.startswith(("/health/live", "/health/ready", "/oparl/"))
        assert (operation.get("security") == []) == public, (method, path)
        codes = ("404", "409", "412", "422") + (() if public else ("401", "403"))
        for code in codes:
            assert list(operation["responses"][code]["content"]) == ["application/problem+json"], (method, path, code)


def raw_get(base: str, target: str) -> int:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", target)
        return connection.getresponse().status
    finally:
        connection.close()


def test_dot_segments_cannot_turn_the_public_oparl_prefix_into_a_token_free_path(stack: Stack) -> None:
    gateway = stack.topology.url("gateway")
    assert raw_get(gateway, "/meetings/oparl/1.1/system") == 200
    for target in (
        "/meetings/oparl/../bodies",
        "/meetings/oparl/%2e%2e/bodies",
        "/meetings/oparl/1.1/..%2f..%2fbodies",
        "/meetings/oparl//../bodies",
    ):
        assert raw_get(gateway, target) == 400, target
    assert raw_get(gateway, "/meetings/bodies") == 401


def test_the_request_id_is_the_same_at_the_client_and_the_service(stack: Stack, token: str) -> None:
    response = httpx.get(
        f"{stack.topology.url('gateway')}/meetings/bodies",
        params={"limit": 1},
        headers={"Authorization": f"Bearer {token}", "X-Request-ID": "e2e-trace-1"},
        timeout=10,
    )
    assert response.status_code == 200 and response.headers.get_list("x-request-id") == ["e2e-trace-1"]


def test_docs_work_without_any_other_host(stack: Stack) -> None:
    gateway = stack.topology.url("gateway")
    html = httpx.get(f"{gateway}/docs", timeout=10).text
    assets = re.findall(r"(?:src|href)=\"(/docs/assets/[^\"]+)\"", html)
    assert len(assets) == 3 and "//" not in "".join(re.findall(r"(?:src|href)=\"([^\"]+)\"", html))
    for url in assets:
        assert httpx.get(gateway + url, timeout=10).status_code == 200, url
