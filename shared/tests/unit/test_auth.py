"""Bearer tokens: dev keys, JWKS (Maskinporten, ID-porten), claims, scopes, the verified-token cache."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, FastAPI

from folkevalgt_shared import auth as auth_module
from folkevalgt_shared.auth import (
    Principal,
    TokenVerifier,
    bearer_token,
    load_or_create_dev_key,
    mint_dev_token,
    require_scopes,
)
from folkevalgt_shared.errors import PROBLEM_JSON, Unauthorized
from folkevalgt_shared.http_errors import install_problem_handlers
from folkevalgt_shared.settings import AuthSettings

SUBJECT = "11111111-1111-4111-8111-111111111111"


@pytest.fixture(scope="module")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="module")
def settings(keys_dir: Path) -> AuthSettings:
    return AuthSettings(dev_key_file=keys_dir / "k.pem")


@pytest.fixture(scope="module")
def other_key_settings(keys_dir: Path) -> AuthSettings:
    return AuthSettings(dev_key_file=keys_dir / "other.pem")


@pytest.fixture
def verifier(settings: AuthSettings) -> TokenVerifier:
    return TokenVerifier(settings)


# -- dev tokens --------------------------------------------------------------------------------


def test_dev_key_is_created_once_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "dev.pem"
    first = load_or_create_dev_key(path)
    assert path.exists()
    second = load_or_create_dev_key(path)
    assert first.private_numbers() == second.private_numbers()


async def test_valid_token_gives_principal_with_subject_and_scopes(
    settings: AuthSettings, verifier: TokenVerifier
) -> None:
    token = mint_dev_token(settings, SUBJECT, ["meetings:read", "leave:write"], ttl_seconds=600)
    before = time.time()
    principal = await verifier.verify(token)
    assert principal.subject == SUBJECT
    assert principal.scopes == frozenset({"meetings:read", "leave:write"})
    assert before + 500 < principal.expires_at <= before + 601
    assert principal.claims["iss"] == "folkevalgt-dev"
    assert principal.has("meetings:read")
    assert principal.has("meetings:read", "leave:write")
    assert not principal.has("meetings:read", "meetings:write")


async def test_scope_claim_as_a_list_is_accepted(settings: AuthSettings, verifier: TokenVerifier) -> None:
    token = mint_dev_token(settings, SUBJECT, [], extra_claims={"scope": ["ops:read", "ops:write"]})
    assert (await verifier.verify(token)).scopes == frozenset({"ops:read", "ops:write"})


async def test_token_without_scopes_has_none(settings: AuthSettings, verifier: TokenVerifier) -> None:
    token = mint_dev_token(settings, SUBJECT, [])
    assert (await verifier.verify(token)).scopes == frozenset()


async def test_expired_token_is_unauthorized(settings: AuthSettings, verifier: TokenVerifier) -> None:
    token = mint_dev_token(settings, SUBJECT, ["meetings:read"], ttl_seconds=-(settings.leeway_seconds + 60))
    with pytest.raises(Unauthorized, match="expired"):
        await verifier.verify(token)


async def test_token_expired_within_the_leeway_is_accepted(settings: AuthSettings, verifier: TokenVerifier) -> None:
    token = mint_dev_token(settings, SUBJECT, ["meetings:read"], ttl_seconds=-(settings.leeway_seconds // 2))
    assert (await verifier.verify(token)).subject == SUBJECT


async def test_wrong_issuer_is_unauthorized(settings: AuthSettings, verifier: TokenVerifier) -> None:
    token = mint_dev_token(settings.model_copy(update={"issuer": "someone-else"}), SUBJECT, ["meetings:read"])
    with pytest.raises(Unauthorized, match="issuer"):
        await verifier.verify(token)


async def test_wrong_audience_is_unauthorized(settings: AuthSettings, verifier: TokenVerifier) -> None:
    token = mint_dev_token(settings.model_copy(update={"audience": "another-api"}), SUBJECT, ["meetings:read"])
    with pytest.raises(Unauthorized, match=r"[Aa]udience"):
        await verifier.verify(token)


async def test_missing_audience_is_unauthorized(settings: AuthSettings, verifier: TokenVerifier) -> None:
    token = mint_dev_token(settings.model_copy(update={"audience": None}), SUBJECT, ["meetings:read"])
    with pytest.raises(Unauthorized):
        await verifier.verify(token)


async def test_token_signed_by_another_key_is_unauthorized(
    other_key_settings: AuthSettings, verifier: TokenVerifier
) -> None:
    token = mint_dev_token(other_key_settings, SUBJECT, ["meetings:read"])
    with pytest.raises(Unauthorized, match=r"[Ss]ignature"):
        await verifier.verify(token)


async def test_unsigned_token_is_unauthorized(settings: AuthSettings, verifier: TokenVerifier) -> None:
    claims = {"iss": settings.issuer, "aud": settings.audience, "sub": SUBJECT, "exp": int(time.time()) + 60}
    with pytest.raises(Unauthorized):
        await verifier.verify(jwt.encode(claims, None, algorithm="none"))


async def test_token_without_subject_claim_is_unauthorized(settings: AuthSettings, verifier: TokenVerifier) -> None:
    claims = {"iss": settings.issuer, "aud": settings.audience, "exp": int(time.time()) + 60, "scope": "x"}
    token = jwt.encode(claims, load_or_create_dev_key(settings.dev_key_file), algorithm="RS256")
    with pytest.raises(Unauthorized, match="subject"):
        await verifier.verify(token)


async def test_token_with_empty_subject_is_unauthorized(settings: AuthSettings, verifier: TokenVerifier) -> None:
    token = mint_dev_token(settings, "", ["meetings:read"])
    with pytest.raises(Unauthorized, match="subject"):
        await verifier.verify(token)


async def test_token_without_exp_is_unauthorized(settings: AuthSettings, verifier: TokenVerifier) -> None:
    claims = {"iss": settings.issuer, "aud": settings.audience, "sub": SUBJECT}
    token = jwt.encode(claims, load_or_create_dev_key(settings.dev_key_file), algorithm="RS256")
    with pytest.raises(Unauthorized, match="exp"):
        await verifier.verify(token)


async def test_garbage_token_is_unauthorized(verifier: TokenVerifier) -> None:
    with pytest.raises(Unauthorized):
        await verifier.verify("not-a-jwt")


@pytest.mark.parametrize("header", [None, "", "Basic dXNlcjpwYXNz", "Bearer", "Bearer "])
def test_bearer_token_refuses_missing_or_other_schemes(header: str | None) -> None:
    with pytest.raises(Unauthorized):
        bearer_token(header)


def test_bearer_token_extracts_the_token() -> None:
    assert bearer_token("Bearer abc.def.ghi") == "abc.def.ghi"
    assert bearer_token("bearer abc") == "abc"


# -- the cache ---------------------------------------------------------------------------------


async def test_verifying_twice_returns_equal_principals(settings: AuthSettings, verifier: TokenVerifier) -> None:
    token = mint_dev_token(settings, SUBJECT, ["meetings:read"])
    first = await verifier.verify(token)
    second = await verifier.verify(token)
    assert first == second


async def test_cached_principal_is_reused_until_it_expires(
    settings: AuthSettings,
    other_key_settings: AuthSettings,
    verifier: TokenVerifier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = mint_dev_token(settings, SUBJECT, ["meetings:read"], ttl_seconds=600)
    first = await verifier.verify(token)
    # From now on, verifying from scratch fails: only the cache can answer.
    monkeypatch.setattr(verifier, "_dev_key", load_or_create_dev_key(other_key_settings.dev_key_file).public_key())
    assert await verifier.verify(token) == first
    # Once the principal has expired, the cache no longer answers.
    later = first.expires_at + 1
    monkeypatch.setattr(auth_module, "time", SimpleNamespace(time=lambda: later))
    with pytest.raises(Unauthorized):
        await verifier.verify(token)


async def test_cache_forgets_the_oldest_token_beyond_its_size(
    settings: AuthSettings,
    other_key_settings: AuthSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    verifier = TokenVerifier(settings, cache_size=1)
    first = mint_dev_token(settings, SUBJECT, ["a"])
    second = mint_dev_token(settings, SUBJECT, ["b"])
    await verifier.verify(first)
    await verifier.verify(second)
    monkeypatch.setattr(verifier, "_dev_key", load_or_create_dev_key(other_key_settings.dev_key_file).public_key())
    assert (await verifier.verify(second)).scopes == frozenset({"b"})
    with pytest.raises(Unauthorized):
        await verifier.verify(first)


# -- require_scopes through an app ---------------------------------------------------------------


@pytest.fixture
async def client(settings: AuthSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_problem_handlers(app)
    app.state.verifier = TokenVerifier(settings)

    @app.get("/protected")
    async def protected(
        principal: Principal = Depends(require_scopes("meetings:read", "meetings:write")),
    ) -> dict[str, str]:
        return {"subject": principal.subject}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        yield c


def _assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"]
    assert body["detail"]
    return body


async def test_require_scopes_without_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/protected")
    body = _assert_problem(response, 401)
    assert body["type"].endswith("/unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_require_scopes_with_invalid_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/protected", headers={"Authorization": "Bearer not-a-jwt"})
    _assert_problem(response, 401)


async def test_require_scopes_with_a_missing_scope_is_403(client: httpx.AsyncClient, settings: AuthSettings) -> None:
    token = mint_dev_token(settings, SUBJECT, ["meetings:read", "leave:write"])
    response = await client.get("/protected", headers={"Authorization": f"Bearer {token}"})
    body = _assert_problem(response, 403)
    assert body["type"].endswith("/forbidden")
    assert "meetings:write" in body["detail"]
    assert body["required_scopes"] == ["meetings:read", "meetings:write"]


async def test_require_scopes_with_the_right_scopes_is_200(client: httpx.AsyncClient, settings: AuthSettings) -> None:
    token = mint_dev_token(settings, SUBJECT, ["meetings:read", "meetings:write"])
    response = await client.get("/protected", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert response.json() == {"subject": SUBJECT}


# -- JWKS: Maskinporten and ID-porten ------------------------------------------------------------


class Jwks:
    """A JWKS document served over HTTP on 127.0.0.1, and the key behind it."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-kid-1"
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, alg="RS256", use="sig")
        document = json.dumps({"keys": [jwk]}).encode()
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(document)))
                self.end_headers()
                self.wfile.write(document)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/jwk"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def sign(self, claims: dict[str, Any], *, kid: str | None = None, key: Any = None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid})


@pytest.fixture(scope="module")
def jwks(monkeypatch_module: pytest.MonkeyPatch) -> Iterator[Jwks]:
    # urllib (used by PyJWKClient) must reach 127.0.0.1 directly, whatever proxy is configured.
    monkeypatch_module.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch_module.setenv("no_proxy", "127.0.0.1,localhost")
    served = Jwks()
    served.thread.start()
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()
        served.thread.join(timeout=5)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


MASKINPORTEN_CONSUMER = {"authority": "iso6523-actorid-upis", "ID": "0192:964830533"}


def _maskinporten(jwks: Jwks, audience: str | None = None) -> AuthSettings:
    return AuthSettings(
        issuer="https://maskinporten.no/",
        audience=audience,
        jwks_url=jwks.url,
        subject_claims=["consumer.ID"],
        scope_claim="scope",
    )


async def test_maskinporten_token_names_the_consumer_organisation(jwks: Jwks) -> None:
    verifier = TokenVerifier(_maskinporten(jwks))
    token = jwks.sign(
        {
            "iss": "https://maskinporten.no/",
            "exp": int(time.time()) + 120,
            "scope": "payroll:read",
            "consumer": MASKINPORTEN_CONSUMER,
            "client_id": "abc",
        }
    )
    principal = await verifier.verify(token)
    assert principal.subject == "0192:964830533"
    assert principal.scopes == frozenset({"payroll:read"})
    assert principal.claims["consumer"] == MASKINPORTEN_CONSUMER


async def test_maskinporten_token_with_audience(jwks: Jwks) -> None:
    verifier = TokenVerifier(_maskinporten(jwks, audience="https://folkevalgt.no/api"))
    claims = {
        "iss": "https://maskinporten.no/",
        "exp": int(time.time()) + 120,
        "scope": "payroll:read",
        "consumer": MASKINPORTEN_CONSUMER,
    }
    assert (await verifier.verify(jwks.sign(claims | {"aud": "https://folkevalgt.no/api"}))).subject == (
        "0192:964830533"
    )
    with pytest.raises(Unauthorized):
        await verifier.verify(jwks.sign(claims | {"aud": "https://other.example/api"}))


async def test_maskinporten_token_without_consumer_id_is_unauthorized(jwks: Jwks) -> None:
    verifier = TokenVerifier(_maskinporten(jwks))
    token = jwks.sign(
        {
            "iss": "https://maskinporten.no/",
            "exp": int(time.time()) + 120,
            "scope": "payroll:read",
            "consumer": {"authority": "iso6523-actorid-upis"},
            "sub": "not-used",
        }
    )
    with pytest.raises(Unauthorized, match=r"consumer\.ID"):
        await verifier.verify(token)


async def test_jwks_token_from_another_issuer_is_unauthorized(jwks: Jwks) -> None:
    verifier = TokenVerifier(_maskinporten(jwks))
    token = jwks.sign(
        {"iss": "https://test.maskinporten.no/", "exp": int(time.time()) + 120, "consumer": MASKINPORTEN_CONSUMER}
    )
    with pytest.raises(Unauthorized, match="issuer"):
        await verifier.verify(token)


async def test_jwks_token_signed_by_another_key_with_the_same_kid_is_unauthorized(jwks: Jwks) -> None:
    verifier = TokenVerifier(_maskinporten(jwks))
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwks.sign(
        {"iss": "https://maskinporten.no/", "exp": int(time.time()) + 120, "consumer": MASKINPORTEN_CONSUMER},
        key=forger,
    )
    with pytest.raises(Unauthorized, match=r"[Ss]ignature"):
        await verifier.verify(token)


async def test_jwks_token_with_an_unknown_kid_is_unauthorized(jwks: Jwks) -> None:
    verifier = TokenVerifier(_maskinporten(jwks))
    token = jwks.sign(
        {"iss": "https://maskinporten.no/", "exp": int(time.time()) + 120, "consumer": MASKINPORTEN_CONSUMER},
        kid="unknown-kid",
    )
    with pytest.raises(Unauthorized):
        await verifier.verify(token)


async def test_jwks_garbage_token_is_unauthorized(jwks: Jwks) -> None:
    verifier = TokenVerifier(_maskinporten(jwks))
    with pytest.raises(Unauthorized):
        await verifier.verify("not-a-jwt")


async def test_idporten_token_names_the_person_by_pid(jwks: Jwks) -> None:
    settings = AuthSettings(
        issuer="https://idporten.no",
        audience="folkevalgt-client",
        jwks_url=jwks.url,
        subject_claims=["pid"],
        scope_claim="scope",
    )
    verifier = TokenVerifier(settings)
    claims = {
        "iss": "https://idporten.no",
        "aud": "folkevalgt-client",
        "exp": int(time.time()) + 120,
        "sub": "pairwise-subject-xyz",
        "pid": "01010112345",
        "acr": "idporten-loa-high",
        "scope": "openid profile feedback:write",
    }
    principal = await verifier.verify(jwks.sign(claims))
    assert principal.subject == "01010112345"
    assert principal.scopes == frozenset({"openid", "profile", "feedback:write"})
    with pytest.raises(Unauthorized, match="pid"):
        await verifier.verify(jwks.sign({k: v for k, v in claims.items() if k != "pid"}))


async def test_subject_claims_fall_back_in_order(jwks: Jwks) -> None:
    settings = AuthSettings(
        issuer="https://idporten.no", audience=None, jwks_url=jwks.url, subject_claims=["pid", "consumer.ID", "sub"]
    )
    verifier = TokenVerifier(settings)
    base = {"iss": "https://idporten.no", "exp": int(time.time()) + 120}
    assert (await verifier.verify(jwks.sign(base | {"sub": "s", "consumer": {"ID": "c"}}))).subject == "c"
    assert (await verifier.verify(jwks.sign(base | {"sub": "s"}))).subject == "s"
    assert (await verifier.verify(jwks.sign(base | {"sub": "s", "pid": "p"}))).subject == "p"


async def test_require_any_scope_takes_one_of_them_and_is_marked_for_the_openapi() -> None:
    from types import SimpleNamespace

    from folkevalgt_shared.auth import SCOPES_ATTRIBUTE, require_any_scope
    from folkevalgt_shared.errors import Forbidden

    class Verifier:
        async def verify(self, token: str) -> Principal:
            return Principal(subject="p", scopes=frozenset(token.split(",")), expires_at=0)

    dependency = require_any_scope("a:read", "a:write")
    assert getattr(dependency, SCOPES_ATTRIBUTE) == ("a:read", "a:write")

    def request(scopes: str) -> Any:
        return SimpleNamespace(
            app=SimpleNamespace(state=SimpleNamespace(verifier=Verifier())),
            headers={"authorization": f"Bearer {scopes}"},
        )

    assert (await dependency(request("a:write"))).subject == "p"
    with pytest.raises(Forbidden):
        await dependency(request("b:read"))
