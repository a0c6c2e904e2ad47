"""The local topology: which services exist, their ports, and who subscribes to whose events."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET, REPO_ROOT

SERVICES = ("meetings", "leave", "remuneration", "access", "feedback")
DEFAULT_PORTS = {
    "gateway": 8000,
    "meetings": 8001,
    "leave": 8002,
    "remuneration": 8003,
    "access": 8004,
    "feedback": 8005,
    "smtp": 8025,  # the local mail sink the feedback service sends through (mail_sink.py)
}
SUBSCRIPTIONS_FILE = REPO_ROOT / "config" / "subscriptions.yaml"


@dataclass(frozen=True)
class Topology:
    ports: dict[str, int]
    var_dir: Path
    host: str = "127.0.0.1"

    @classmethod
    def from_env(cls, var_dir: Path | None = None) -> Topology:
        ports = {name: int(os.environ.get(f"{name.upper()}_PORT", port)) for name, port in DEFAULT_PORTS.items()}
        return cls(ports=ports, var_dir=var_dir or REPO_ROOT / "var")

    def url(self, name: str) -> str:
        return f"http://{self.host}:{self.ports[name]}"

    def database_url(self, service: str) -> str:
        return f"sqlite+aiosqlite:///{self.var_dir / f'{service}.db'}"

    def subscriptions(self, publisher: str) -> list[dict[str, object]]:
        config = yaml.safe_load(SUBSCRIPTIONS_FILE.read_text(encoding="utf-8")) or {}
        return [
            {"name": subscriber, "url": f"{self.url(subscriber)}/events", "types": types, "secret": DEV_WEBHOOK_SECRET}
            for subscriber, types in (config.get(publisher) or {}).items()
        ]

    def service_env(self, service: str, **events: object) -> dict[str, str]:
        """Environment for one service process (on top of the caller's)."""
        prefix = service.upper()
        env = {
            f"{prefix}_DATABASE_URL": self.database_url(service),
            f"{prefix}_EVENTS__SUBSCRIPTIONS": json.dumps(self.subscriptions(service)),
            f"{prefix}_AUTH__DEV_KEY_FILE": str(self.var_dir / "dev-signing-key.pem"),
        }
        for key, value in events.items():
            env[f"{prefix}_EVENTS__{key.upper()}"] = str(value)
        if service == "feedback":
            env.update(self.feedback_mail_env())
        return env

    def feedback_mail_env(self) -> dict[str, str]:
        """The feedback service sends its mail to the local sink, and looks for mail to send every 0.2 s."""
        if "smtp" not in self.ports:
            return {}
        return {
            "FEEDBACK_SMTP__HOST": self.host,
            "FEEDBACK_SMTP__PORT": str(self.ports["smtp"]),
            "FEEDBACK_SMTP__POLL_SECONDS": "0.2",
        }

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    def gateway_env(self) -> dict[str, str]:
        return {
            "GATEWAY_PORT": str(self.ports["gateway"]),
            "GATEWAY_SERVICES": json.dumps({s: self.url(s) for s in SERVICES}),
            "GATEWAY_AUTH__DEV_KEY_FILE": str(self.var_dir / "dev-signing-key.pem"),
        }
