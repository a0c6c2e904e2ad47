from __future__ import annotations

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import SettingsConfigDict

from folkevalgt_shared.settings import PLACEHOLDER_SECRETS, REPO_ROOT, ServiceSettings

DEV_SIGNATURE_KEY = "dev-signature-key-dev-signature-key"


class SmtpSettings(BaseModel):
    """The mail server the service sends through (FBK-10/11/31). `make run` points it at the local sink."""

    host: str = "127.0.0.1"
    port: int = 8025
    username: str | None = None
    password: str | None = None
    use_tls: bool = False  # implicit TLS (port 465)
    start_tls: bool | None = None  # None: upgrade when the server offers it
    timeout_seconds: float = 10.0
    poll_seconds: float = 1.0  # how often waiting messages are looked for
    max_attempts: int = 10
    backoff_base_seconds: float = 5.0
    backoff_max_seconds: float = 1800.0


class Settings(ServiceSettings):
    """Settings of the feedback service (env prefix FEEDBACK_)."""

    model_config = SettingsConfigDict(
        env_prefix="FEEDBACK_", env_nested_delimiter="__", env_ignore_empty=True, extra="ignore"
    )
    service_name: str = "feedback"
    database_url: str = f"sqlite+aiosqlite:///{REPO_ROOT}/var/feedback.db"
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    # FBK-31: the key of the signers' keyed hashes. Changing it makes earlier signers unrecognisable, so it
    # is set once per deployment and kept with the other secrets.
    signature_key: str = DEV_SIGNATURE_KEY
    sweep_interval_seconds: float = 3600.0  # FBK-22: the overdue sweep

    @model_validator(mode="after")
    def _real_signature_key(self) -> Settings:
        if self.environment == "production" and (
            self.signature_key in PLACEHOLDER_SECRETS | {DEV_SIGNATURE_KEY} or len(self.signature_key) < 32
        ):
            raise ValueError("production requires signature_key: a secret of at least 32 characters")
        return self
