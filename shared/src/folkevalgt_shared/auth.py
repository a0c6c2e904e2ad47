"""Bearer-token verification and scope checks.

Tokens are verified against a JWKS URL (Maskinporten, ID-porten, Entra ID, Keycloak) or, in
development, a local RSA key. Which claim names the caller and which carries the scopes is
configuration (`AuthSettings`), so a new identity provider needs no code change.
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import anyio.to_thread
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Request

from folkevalgt_shared import context
from folkevalgt_shared.errors import Forbidden, Unauthorized
from folkevalgt_shared.settings import AuthSettings


class Scope(StrEnum):
    MEETINGS_READ = "meetings:read"
    MEETINGS_WRITE = "meetings:write"
    # Closed-session and exempt content (MTG-07, ACC-20/23): the secretariat and the case-management
    # system only; elected officials read confidential documents through the access service.
    MEETINGS_CONFIDENTIAL = "meetings:confidential"
    LEAVE_READ = "leave:read"
    LEAVE_WRITE = "leave:write"
    # A unit manager (virksomhetsleder) decides the leave of the units they manage (LEA-03).
    LEAVE_DECIDE = "leave:decide"
    # HR and the case-management system: employees, units, every application, sick-leave figures, and the
    # council's decisions on leave from office (LEA-60).
    LEAVE_ADMIN = "leave:admin"
    REMUNERATION_READ = "remuneration:read"
    REMUNERATION_WRITE = "remuneration:write"
    PAYROLL_READ = "payroll:read"
    ACCESS_READ = "access:read"
    # "May this person see this document?" for anyone: the case-management system.
    ACCESS_DECIDE = "access:decide"
    # Registers cases, documents and the secretariat's records (grants, declarations, joint demands,
    # dispute decisions), and handles requests: the case-management system and the secretariat.
    ACCESS_WRITE = "access:write"
    # The access audit trail (ACC-70): the control committee and operators.
    ACCESS_AUDIT = "access:audit"
    FEEDBACK_READ = "feedback:read"
    FEEDBACK_WRITE = "feedback:write"
    # The municipality's post reception and case-management system: registers, assigns, answers and
    # closes forwarded input, reads memos and exports the journal (FBK-20..22).
    FEEDBACK_CASE = "feedback:case"
    # A resident signed in with ID-porten: starts, signs and withdraws from citizen initiatives (FBK-31).
    FEEDBACK_SIGN = "feedback:sign"
    OPS_READ = "ops:read"
    OPS_WRITE = "ops:write"


ALL_SCOPES: tuple[str, ...] = tuple(s.value for s in Scope)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a person (ID-porten `pid`, dev `sub`) or an organisation (Maskinporten)."""

    subject: str
    scopes: frozenset[str]
    expires_at: float
    claims: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def has(self, *scopes: str) -> bool:
        return set(scopes) <= self.scopes


def _claim(claims: dict[str, Any], dotted: str) -> Any:
    value: Any = claims
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def load_or_create_dev_key(path: Path) -> rsa.RSAPrivateKey:
    """The development signing key: created once under var/, shared by `make token` and services."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pem)
        os.replace(tmp, path)  # atomic: concurrent starters end up agreeing on one file
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(loaded, rsa.RSAPrivateKey)
    return loaded


def mint_dev_token(
    settings: AuthSettings,
    subject: str,
    scopes: Iterable[str],
    *,
    ttl_seconds: int = 12 * 3600,
    extra_claims: dict[str, Any] | None = None,
) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": settings.issuer,
        "sub": subject,
        "iat": now,
        "exp": now + ttl_seconds,
        settings.scope_claim: " ".join(scopes),
    }
    if settings.audience:
        claims["aud"] = settings.audience
    claims.update(extra_claims or {})
    return jwt.encode(claims, load_or_create_dev_key(settings.dev_key_file), algorithm="RS256")


class TokenVerifier:
    """Verifies tokens; remembers recently verified ones until they expire (hot path)."""

    def __init__(self, settings: AuthSettings, *, cache_size: int = 4096) -> None:
        self.settings = settings
        self._cache: OrderedDict[str, Principal] = OrderedDict()
        self._cache_size = cache_size
        self._jwks = jwt.PyJWKClient(settings.jwks_url, lifespan=300) if settings.jwks_url else None
        self._dev_key = None if self._jwks else load_or_create_dev_key(settings.dev_key_file).public_key()

    def remembered(self, token: str) -> Principal | None:
        """The principal of a token verified before and not yet expired, else None."""
        cached = self._cache.get(token)
        if cached is not None and cached.expires_at > time.time():
            self._cache.move_to_end(token)
            return cached
        return None

    async def verify(self, token: str) -> Principal:
        if (cached := self.remembered(token)) is not None:
            return cached
        if self._jwks is not None:
            # PyJWKClient fetches keys with blocking I/O on a cache miss.
            try:
                signing_key = await anyio.to_thread.run_sync(self._jwks.get_signing_key_from_jwt, token)
            except jwt.PyJWKClientConnectionError:
                raise  # the identity provider is unreachable: our failure, not the caller's
            except jwt.PyJWTError as exc:  # malformed token, unknown kid
                raise Unauthorized(f"invalid token: {exc}") from exc
            key: Any = signing_key.key
        else:
            key = self._dev_key
        principal = self._decode(token, key)
        self._cache[token] = principal
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return principal

    def _decode(self, token: str, key: Any) -> Principal:
        s = self.settings
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=s.algorithms,
                audience=s.audience,
                issuer=s.issuer,
                leeway=s.leeway_seconds,
                options={"require": ["exp", "iss"], "verify_aud": s.audience is not None},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"invalid token: {exc}") from exc
        subject = next((v for c in s.subject_claims if (v := _claim(claims, c))), None)
        if not subject:
            raise Unauthorized(f"token has none of the subject claims {s.subject_claims}")
        raw = claims.get(s.scope_claim) or ""
        scopes = frozenset(raw.split() if isinstance(raw, str) else raw)
        return Principal(subject=str(subject), scopes=scopes, expires_at=float(claims["exp"]), claims=claims)


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise Unauthorized("missing bearer token")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("the Authorization header must be 'Bearer <token>'")
    return token.strip()


SCOPES_ATTRIBUTE = "__folkevalgt_scopes__"


def require_scopes(*scopes: str) -> Callable[[Request], Awaitable[Principal]]:
    """Dependency: a verified principal holding every one of `scopes` (deny by default). The OpenAPI
    document marks every operation that depends on it as needing a bearer token (`openapi.py`)."""

    async def dependency(request: Request) -> Principal:
        verifier: TokenVerifier = request.app.state.verifier
        principal = await verifier.verify(bearer_token(request.headers.get("authorization")))
        ctx = context.current.get()
        if ctx is not None:
            ctx.subject = principal.subject
        missing = sorted(set(scopes) - principal.scopes)
        if missing:
            raise Forbidden(f"missing scope(s): {' '.join(missing)}", required_scopes=list(scopes))
        return principal

    setattr(dependency, SCOPES_ATTRIBUTE, tuple(scopes))
    return dependency


def require_any_scope(*scopes: str) -> Callable[[Request], Awaitable[Principal]]:
    """Dependency: a verified principal holding at least one of `scopes` (e.g. read or write), marked
    for the OpenAPI document like `require_scopes`. A route whose own dependency calls a verifier
    directly is invisible there: depend on one of these two instead."""
    verified = require_scopes()

    async def dependency(request: Request) -> Principal:
        principal = await verified(request)
        if not principal.scopes & set(scopes):
            raise Forbidden(f"missing scope: one of {' '.join(scopes)}", required_scopes=list(scopes))
        return principal

    setattr(dependency, SCOPES_ATTRIBUTE, tuple(scopes))
    return dependency
