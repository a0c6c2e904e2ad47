"""Settings every service shares: database, auth, events, environment.

Each service subclasses `ServiceSettings` with its own env prefix (MEETINGS_, LEAVE_, ...).
Nothing is read at import time: `create_app(settings)` receives an instance.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from folkevalgt_shared.clock import ClockSettings

DEV_WEBHOOK_SECRET = "whsec_ZGV2LXNlY3JldC1kZXYtc2VjcmV0"  # base64("dev-secret-dev-secret")
# Values that must never reach production.
PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "dev", DEV_WEBHOOK_SECRET})
REPO_ROOT = Path(__file__).resolve().parents[3]


class AuthSettings(BaseModel):
    """How bearer tokens are verified.

    Maskinporten: issuer https://maskinporten.no/, jwks_url .../jwk, subject_claims ["consumer.ID"].
    ID-porten:    issuer https://idporten.no, subject_claims ["pid"], scope_claim "scope".
    Development:  a local RSA key (`dev_key_file`), minted by `make token`.
    """

    issuer: str = "folkevalgt-dev"
    audience: str | None = "folkevalgt"
    jwks_url: str | None = None
    dev_key_file: Path = REPO_ROOT / "var" / "dev-signing-key.pem"
    algorithms: list[str] = ["RS256"]
    # First claim present wins; dotted names reach into objects (Maskinporten's consumer.ID).
    subject_claims: list[str] = ["sub"]
    scope_claim: str = "scope"
    leeway_seconds: int = 30


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
    relay_batch_size: int = 200
    relay_concurrency: int = 16
    delivery_batch_size: int = 100  # events per request to one subscriber
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

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> ServiceSettings:
        if self.environment != "production":
            return self
        if not self.clock.is_real:
            raise ValueError("production runs on the real clock: clock.start_at and clock.offset_seconds are refused")
        secrets = {"events.inbox_secret": self.events.inbox_secret} | {
            f"events.subscriptions[{s.name}].secret": s.secret for s in self.events.subscriptions
        }
        weak = [name for name, value in secrets.items() if value in PLACEHOLDER_SECRETS]
        if weak:
            raise ValueError(f"placeholder secrets are not allowed in production: {', '.join(weak)}")
        if self.auth.jwks_url is None:
            raise ValueError("production requires auth.jwks_url (the identity provider's keys)")
        return self
