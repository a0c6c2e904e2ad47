from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from folkevalgt_shared.settings import REPO_ROOT, ServiceSettings


class Settings(ServiceSettings):
    """Settings of the remuneration service (env prefix REMUNERATION_)."""

    model_config = SettingsConfigDict(
        env_prefix="REMUNERATION_", env_nested_delimiter="__", env_ignore_empty=True, extra="ignore"
    )
    service_name: str = "remuneration"
    database_url: str = f"sqlite+aiosqlite:///{REPO_ROOT}/var/remuneration.db"
