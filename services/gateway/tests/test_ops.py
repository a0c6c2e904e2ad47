"""Operators' paths (metrics, the services' own documents) and production-safe settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from starlette.testclient import TestClient

from folkevalgt_shared.settings import AuthSettings
from gateway.config import Settings
from gateway.main import create_app

Gateway = Callable[..., TestClient]
Bearer = Callable[..., dict[str, str]]
OPS_PATHS = ("/metrics", "/meetings/metrics", "/meetings/docs", "/meetings/openapi.json")


def test_in_development_operators_paths_are_open(gateway: Gateway) -> None:
    with gateway() as client:
        codes = {path: client.get(path).status_code for path in OPS_PATHS}
    assert codes == dict.fromkeys(OPS_PATHS, 200)


def test_with_the_ops_scope_setting_a_token_with_ops_read_is_needed(
    gateway: Gateway, bearer: Bearer, upstream: Any
) -> None:
    upstream.clear()
    with gateway(ops_access="scope") as client:
        anonymous = {path: client.get(path) for path in OPS_PATHS}
        reader = {path: client.get(path, headers=bearer("app", ("meetings:read",))) for path in OPS_PATHS}
        operator = {path: client.get(path, headers=bearer("ops", ("ops:read",))) for path in OPS_PATHS}
        public = client.get("/meetings/oparl/1.1/system")
        docs = client.get("/docs")  # the API's documentation for its consumers stays public
    for path in OPS_PATHS:
        assert anonymous[path].status_code == 401, path
        assert reader[path].status_code == 403 and "ops:read" in reader[path].json()["detail"], path
        assert operator[path].status_code == 200, path
    assert "folkevalgt_gateway_requests_total" in operator["/metrics"].text
    assert operator["/meetings/metrics"].text == "upstream_metric 1\n"
    assert public.status_code == 200 and docs.status_code == 200
    # Refused requests never reached the service: one each, from the operator.
    assert len(upstream.reached(lambda r: r["path"] in ("/metrics", "/docs"))) == 2


def test_with_a_separate_listener_operators_paths_exist_only_there(
    gateway_server: Callable[..., str], bearer: Bearer, unused_port: Callable[[], int]
) -> None:
    ops_port = unused_port()
    base = gateway_server(ops_access="listener", ops_host="127.0.0.1", ops_port=ops_port)
    ops = f"http://127.0.0.1:{ops_port}"
    operator = bearer("ops", ("ops:read", "meetings:read"))
    with httpx.Client(base_url=base, timeout=10) as public, httpx.Client(base_url=ops, timeout=10) as listener:
        for path in OPS_PATHS:
            hidden = public.get(path, headers=operator)
            assert hidden.status_code == 404 and hidden.headers["content-type"] == "application/problem+json", path
            assert listener.get(path).status_code == 200, path  # no token: the network is the boundary
        assert public.get("/meetings/echo/x", headers=operator).status_code == 200
        assert public.get("/docs").status_code == 200
        assert listener.get("/meetings/echo/x", headers=operator).status_code == 404  # only operators' paths
        assert listener.get("/health/live").status_code == 200
        assert listener.get("/meetings/health/ready").status_code == 200


# -- production -----------------------------------------------------------------------------------

IDP = {"jwks_url": "https://idp.example.no/jwk", "issuer": "https://idp.example.no/", "audience": "folkevalgt-api"}


def production(**overrides: Any) -> Settings:
    return Settings(environment="production", **overrides)


def test_production_starts_with_the_identity_providers_keys_issuer_and_audience() -> None:
    settings = production(auth=AuthSettings(**IDP))
    assert settings.ops_access == "scope"  # operators' paths need the ops scope unless a listener is set
    create_app(settings)  # no development key is made or read
    assert production(auth=AuthSettings(**IDP), ops_access="listener", ops_port=9000).ops_access == "listener"


@pytest.mark.parametrize(
    ("auth", "refused"),
    [
        ({}, "auth.jwks_url"),
        ({"issuer": IDP["issuer"], "audience": IDP["audience"]}, "auth.jwks_url"),
        ({"jwks_url": IDP["jwks_url"], "audience": IDP["audience"]}, "auth.issuer"),
        ({**IDP, "issuer": "folkevalgt-dev"}, "auth.issuer"),
        ({"jwks_url": IDP["jwks_url"], "issuer": IDP["issuer"]}, "auth.audience"),
        ({**IDP, "audience": None}, "auth.audience"),
        ({**IDP, "audience": ""}, "auth.audience"),
        ({**IDP, "dev_key_file": Path("var/dev-signing-key.pem")}, "auth.dev_key_file"),
    ],
)
def test_production_refuses_to_start_without_a_real_identity_provider(auth: dict[str, Any], refused: str) -> None:
    with pytest.raises(ValidationError, match=refused.replace(".", r"\.")):
        production(auth=AuthSettings(**auth))


def test_production_refuses_open_operators_paths() -> None:
    with pytest.raises(ValidationError, match="ops_access"):
        production(auth=AuthSettings(**IDP), ops_access="open")


def test_production_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_ENVIRONMENT", "production")
    monkeypatch.setenv("GATEWAY_AUTH__JWKS_URL", IDP["jwks_url"])
    monkeypatch.setenv("GATEWAY_AUTH__ISSUER", IDP["issuer"])
    with pytest.raises(ValidationError, match=r"auth\.audience"):
        Settings()
    monkeypatch.setenv("GATEWAY_AUTH__AUDIENCE", IDP["audience"])
    assert Settings().auth.audience == IDP["audience"]


def test_a_listener_needs_its_own_port() -> None:
    with pytest.raises(ValidationError, match="ops_port"):
        Settings(ops_access="listener")
    with pytest.raises(ValidationError, match="ops_port"):
        Settings(ops_access="listener", ops_port=8000, port=8000)
