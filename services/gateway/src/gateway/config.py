from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from folkevalgt_shared.settings import AuthSettings

DEFAULT_SERVICES = {
    "meetings": "http://127.0.0.1:8001",
    "leave": "http://127.0.0.1:8002",
    "remuneration": "http://127.0.0.1:8003",
    "access": "http://127.0.0.1:8004",
    "feedback": "http://127.0.0.1:8005",
}


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
    log_level: str = "INFO"
    log_json: bool = True
