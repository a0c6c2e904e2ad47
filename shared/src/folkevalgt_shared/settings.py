"""Settings every service shares: database, auth, events, environment.

Each service subclasses `ServiceSettings` with its own env prefix (MEETINGS_, LEAVE_, ...).
Nothing is read at import time: `create_app(settings)` receives an instance.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from folkevalgt_shared.clock import ClockSettings

DEV_WEBHOOK_SECRET = "whsec_ZGV2LXNlY3JldC1kZXYtc2VjcmV0"  # base64("dev-secret-dev-secret")
# Values that must never reach production.
PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "dev", DEV_WEBHOOK_SECRET})
REPO_ROOT = Path(__file__).resolve().parents[3]
DEV_ISSUER = "folkevalgt-dev"
WEBHOOK_SECRET_PREFIX = "whsec_"
MIN_WEBHOOK_SECRET_BYTES = 24


def webhook_secret_problem(secret: str) -> str | None:
    """Why a secret is not fit for production (Standard Webhooks: `whsec_` + base64 of ≥ 24 random
    bytes), or None. Bytes that are all printable ASCII are a password typed in, not random bytes:
    24 random bytes are all printable once in ~10^10."""
    if secret in PLACEHOLDER_SECRETS:
        return "a placeholder"
    if not secret.startswith(WEBHOOK_SECRET_PREFIX):
        return f"not a Standard Webhooks secret ({WEBHOOK_SECRET_PREFIX}<base64>)"
    try:
        raw = base64.b64decode(secret[len(WEBHOOK_SECRET_PREFIX) :], validate=True)
    except binascii.Error:
        return f"not base64 after {WEBHOOK_SECRET_PREFIX}"
    if len(raw) < MIN_WEBHOOK_SECRET_BYTES:
        return f"{len(raw)} bytes; at least {MIN_WEBHOOK_SECRET_BYTES} random bytes are required"
    if all(32 <= b < 127 for b in raw):
        return "text, not random bytes (generate it: whsec_ + base64 of 32 random bytes)"
    return None


class AuthSettings(BaseModel):
    """How bearer tokens are verified.

    Maskinporten: issuer https://maskinporten.no/, jwks_url .../jwk, subject_claims ["consumer.ID"].
    ID-porten:    issuer https://idporten.no, subject_claims ["pid"], scope_claim "scope".
    Development:  a local RSA key (`dev_key_file`), minted by `make token`.
    """

    issuer: str = DEV_ISSUER
    audience: str | None = "folkevalgt"
    jwks_url: str | None = None
    dev_key_file: Path = REPO_ROOT / "var" / "dev-signing-key.pem"
    algorithms: list[str] = ["RS256"]
    # First claim present wins; dotted names reach into objects (Maskinporten's consumer.ID).
    subject_claims: list[str] = ["sub"]
    scope_claim: str = "scope"
    leeway_seconds: int = 30


OpsAccess = Literal["public", "ops-scope", "off"]


class OpsSettings(BaseModel):
    """Who may read `/metrics`, `/docs` and `/openapi.json` on the service's port: anyone
    ("public"), callers with the `ops:read` scope ("ops-scope"), or nobody ("off"). Unset, they are
    public outside production and need `ops:read` in production. `metrics_port` serves /metrics on a
    separate listener as well (for a Prometheus scraper that has no token), a port no ingress routes."""

    docs: OpsAccess | None = None
    metrics: OpsAccess | None = None
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_refresh_seconds: float = Field(default=15.0, gt=0)  # outbox gauges, for the separate listener


class TracingSettings(BaseModel):
    """OpenTelemetry traces: off unless an exporter is chosen. OTLP over HTTP to `otlp_endpoint`
    (e.g. http://collector:4318/v1/traces), or spans printed to stdout ("console")."""

    exporter: Literal["none", "otlp", "console"] = "none"
    otlp_endpoint: str | None = None
    sample_ratio: float = Field(default=1.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _endpoint_for_otlp(self) -> TracingSettings:
        if self.exporter == "otlp" and not self.otlp_endpoint:
            raise ValueError("tracing.exporter=otlp requires tracing.otlp_endpoint")
        return self


class Subscription(BaseModel):
    """Where events of given types are delivered (signed with the receiver's secret)."""

    name: str
    url: str
    types: list[str]
    secret: str = DEV_WEBHOOK_SECRET


class EventSettings(BaseModel):
    subscriptions: list[Subscription] = []
    inbox_secret: str = DEV_WEBHOOK_SECRET
    relay_enabled: bool = True
    relay_poll_seconds: float = 0.5
    # Rows claimed at a time, all subscribers together: with four subscribers, 800 fill a request of
    # `delivery_batch_size` to each. Per delivery the relay's claim and record and the receiver's
    # request and transaction cost less the more events share them (bench/run.py --only drain).
    relay_batch_size: int = 800
    relay_concurrency: int = 16
    delivery_batch_size: int = 200  # events per request to one subscriber
    # A request's events stop short of this, well under the receivers' body limit (`max_body_bytes`).
    delivery_batch_bytes: int = 512_000
    relay_lease_seconds: float = 30.0
    delivery_timeout_seconds: float = 5.0
    max_attempts: int = 12
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 300.0
    ready_backlog_threshold: int = 10_000


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__", env_ignore_empty=True, extra="ignore")

    service_name: str = "service"
    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///var/service.db"
    database_pool_size: int = 10
    public_base_url: str = ""
    municipality_config: Path = REPO_ROOT / "config" / "sor-varanger.yaml"
    log_level: str = "INFO"
    log_json: bool = True
    auth: AuthSettings = Field(default_factory=AuthSettings)
    events: EventSettings = Field(default_factory=EventSettings)
    jobs_enabled: bool = True  # periodic jobs (sweeps) run in the background; tests run them on demand
    clock: ClockSettings = Field(default_factory=ClockSettings)
    # A request body larger than this is refused with 413 before it is read (every route takes JSON;
    # a CloudEvents batch of 100 events is well under it).
    max_body_bytes: int = Field(default=1_048_576, ge=1)
    # How long a request waits for a concurrent one with the same Idempotency-Key before a 409.
    idempotency_wait_seconds: float = Field(default=10.0, gt=0)
    ops: OpsSettings = Field(default_factory=OpsSettings)
    tracing: TracingSettings = Field(default_factory=TracingSettings)

    def ops_access(self, what: Literal["docs", "metrics"]) -> OpsAccess:
        chosen: OpsAccess | None = getattr(self.ops, what)
        if chosen is not None:
            return chosen
        return "ops-scope" if self.environment == "production" else "public"

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> ServiceSettings:
        if self.environment != "production":
            return self
        if not self.clock.is_real:
            raise ValueError("production runs on the real clock: clock.start_at and clock.offset_seconds are refused")
        secrets = {"events.inbox_secret": self.events.inbox_secret} | {
            f"events.subscriptions[{s.name}].secret": s.secret for s in self.events.subscriptions
        }
        weak = [f"{name} ({why})" for name, value in secrets.items() if (why := webhook_secret_problem(value))]
        if weak:
            raise ValueError(f"webhook secrets not fit for production: {'; '.join(weak)}")
        auth = self.auth
        if auth.jwks_url is None:
            raise ValueError("production requires auth.jwks_url (the identity provider's keys)")
        if not auth.issuer or auth.issuer == DEV_ISSUER:
            raise ValueError("production requires auth.issuer: the identity provider's issuer, not the dev issuer")
        if not auth.audience:
            # None would switch the audience check off: any token of the provider would do.
            raise ValueError("production requires auth.audience (the audience tokens must be issued for)")
        if "dev_key_file" in auth.model_fields_set:
            raise ValueError("auth.dev_key_file is for development: production verifies with auth.jwks_url only")
        return self
