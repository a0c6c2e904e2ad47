from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from folkevalgt_shared.settings import REPO_ROOT, ServiceSettings


class Settings(ServiceSettings):
    """Settings of the feedback service (env prefix FEEDBACK_)."""

    model_config = SettingsConfigDict(
        env_prefix="FEEDBACK_", env_nested_delimiter="__", env_ignore_empty=True, extra="ignore"
    )
    service_name: str = "feedback"
    database_url: str = f"sqlite+aiosqlite:///{REPO_ROOT}/var/feedback.db"
