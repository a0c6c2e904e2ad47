from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from folkevalgt_shared.settings import REPO_ROOT, ServiceSettings


class Settings(ServiceSettings):
    """Settings of the leave service (env prefix LEAVE_)."""

    model_config = SettingsConfigDict(
        env_prefix="LEAVE_", env_nested_delimiter="__", env_ignore_empty=True, extra="ignore"
    )
    service_name: str = "leave"
    database_url: str = f"sqlite+aiosqlite:///{REPO_ROOT}/var/leave.db"
    # LEA-60: how often the service looks for leaves from office whose first or last day has come.
    office_leave_job_seconds: float = 60.0
