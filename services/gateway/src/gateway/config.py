from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.settings import AuthSettings

DEFAULT_SERVICES = {
    "meetings": "http://127.0.0.1:8001",
    "leave": "http://127.0.0.1:8002",
    "remuneration": "http://127.0.0.1:8003",
    "access": "http://127.0.0.1:8004",
    "feedback": "http://127.0.0.1:8005",
}
DEV_ISSUER = AuthSettings.model_fields["issuer"].default

OpsAccess = Literal["open", "scope", "listener"]


class Settings(BaseSettings):
    """Settings of the gateway (env prefix GATEWAY_)."""

    model_config = SettingsConfigDict(
        env_prefix="GATEWAY_", env_nested_delimiter="__", env_ignore_empty=True, extra="ignore"
    )
    environment: Literal["development", "test", "production"] = "development"
    port: int = 8000
    services: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_SERVICES))
    auth: AuthSettings = Field(default_factory=AuthSettings)
    # Paths below a service prefix that need no token (probes; the public OParl read API).
    public_paths: list[str] = ["/health/live", "/health/ready", "/oparl/"]
    rate_limit: str = Field(default="6000/minute", description="Per client (token subject, else address)")
    redis_url: str | None = Field(default=None, description="Share rate-limit counters between replicas")
    cors_origins: list[str] = []
    connect_timeout_seconds: float = 2.0
    upstream_timeout_seconds: float = 30.0
    readiness_timeout_seconds: float = 2.0
    buffer_limit_bytes: int = 1 << 20  # bodies up to this size are sent in one piece, larger ones streamed
    max_body_bytes: int = Field(
        default=1 << 20,
        ge=0,
        description="Larger request bodies are refused with 413, by their Content-Length before any of "
        "them is read, or as soon as a chunked body passes the limit",
    )
    # Below the services' own keep-alive (uvicorn closes an idle connection after 5 s): a connection
    # the service may be closing at this moment is never picked for a request.
    upstream_keepalive_seconds: float = Field(default=4.0, gt=0)
    upstream_connections_per_service: int = Field(default=256, ge=1)
    # Who may read /metrics and, through the gateway, each service's /metrics, /docs and
    # /openapi.json: "open" (anyone; development only), "scope" (a token with `ops_scope`) or
    # "listener" (only on the separate operators' listener at ops_host:ops_port, never on the
    # public one). Default: "open" in development and test, "scope" in production.
    ops_access: OpsAccess | None = None
    ops_scope: str = Scope.OPS_READ.value
    ops_host: str = "0.0.0.0"  # inside a pod; the ingress routes to the public port only
    ops_port: int | None = None
    # A service builds its document on the first request for it, which takes a while: not a probe.
    openapi_timeout_seconds: float = Field(default=10.0, gt=0)
    openapi_refresh_seconds: float = Field(default=30.0, gt=0, description="How long a service's document is kept")
    openapi_retry_seconds: float = Field(default=5.0, gt=0, description="How soon a service that failed is asked again")
    log_level: str = "INFO"
    log_json: bool = True

    @model_validator(mode="after")
    def _safe_settings(self) -> Settings:
        production = self.environment == "production"
        if self.ops_access is None:
            self.ops_access = "scope" if production else "open"
        if self.ops_access == "listener" and self.ops_port is None:
            raise ValueError("ops_access=listener needs ops_port (the operators' listener)")
        if self.ops_port is not None and self.ops_port == self.port:
            raise ValueError("ops_port must differ from port: the operators' listener is a separate one")
        if not production:
            return self
        missing = []
        if not self.auth.jwks_url:
            missing.append("auth.jwks_url (the identity provider's keys)")
        if not self.auth.issuer or self.auth.issuer == DEV_ISSUER:
            missing.append("auth.issuer (the identity provider's issuer, not the development one)")
        if "audience" not in self.auth.model_fields_set or not self.auth.audience:
            missing.append("auth.audience (the audience the tokens are issued for)")
        if "dev_key_file" in self.auth.model_fields_set:
            missing.append("no auth.dev_key_file (a development signing key is refused in production)")
        if self.ops_access == "open":
            missing.append("ops_access 'scope' or 'listener' (metrics and service documents are not public)")
        if missing:
            raise ValueError("production requires " + "; ".join(missing))
        return self
