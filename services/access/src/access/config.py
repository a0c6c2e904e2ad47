from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from folkevalgt_shared.settings import REPO_ROOT, ServiceSettings


class Settings(ServiceSettings):
    """Settings of the access service (env prefix ACCESS_)."""

    model_config = SettingsConfigDict(
        env_prefix="ACCESS_", env_nested_delimiter="__", env_ignore_empty=True, extra="ignore"
    )
    service_name: str = "access"
    database_url: str = f"sqlite+aiosqlite:///{REPO_ROOT}/var/access.db"
    # ACC-30: how often pending requests are swept for ones past their due time.
    overdue_sweep_seconds: float = 60.0
