"""The feedback service under test: politicians in its register copy, a fixed clock, an SMTP server that
keeps what it receives, and every event the service publishes kept in its outbox (feedback_api_support)."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller

from folkevalgt_shared.settings import REPO_ROOT, Subscription
from folkevalgt_shared.testing import Harness, ServiceFactory

sys.path.insert(0, str(Path(__file__).parent))
from feedback_api_support import RESIDENTS, Sink, World, oslo


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Sink]:
    """One SMTP server per test process; the service finds it through FEEDBACK_SMTP__PORT."""
    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {k: os.environ.get(k) for k in ("FEEDBACK_SMTP__PORT", "FEEDBACK_SMTP__BACKOFF_BASE_SECONDS")}
    os.environ["FEEDBACK_SMTP__PORT"] = str(port)
    os.environ["FEEDBACK_SMTP__BACKOFF_BASE_SECONDS"] = "0"
    try:
        yield sink
    finally:
        controller.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def smtp(smtp_server: Sink) -> Sink:
    smtp_server.messages.clear()
    smtp_server.refuse = False
    return smtp_server


@pytest.fixture(scope="session")
def municipality_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sør-Varanger's settings with a small population, so an initiative's threshold is a few signatures."""
    config = yaml.safe_load((REPO_ROOT / "config" / "sor-varanger.yaml").read_text(encoding="utf-8"))
    for version in config["versions"]:
        if "feedback" in version["sections"]:
            version["sections"]["feedback"]["initiatives"]["residents"] = RESIDENTS
    path = tmp_path_factory.mktemp("config") / "municipality.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
async def fb(
    service_factory: ServiceFactory, smtp: Sink, municipality_config: Path, monkeypatch: pytest.MonkeyPatch
) -> Harness:
    monkeypatch.setenv("FEEDBACK_MUNICIPALITY_CONFIG", str(municipality_config))
    # Every event the service publishes stays in its outbox (nothing relays it in these tests).
    everything = Subscription(name="observer", url="http://observer.invalid/events", types=["*"])
    return await service_factory("feedback", subscriptions=[everything])


@pytest.fixture
async def world(fb: Harness, smtp: Sink) -> World:
    w = World(fb, smtp)
    w.set_clock(oslo(2026, 3, 4, 10))  # a Wednesday
    for name in ("Aud Politiker", "Bjørn Politiker", "Cecilie Politiker"):
        await w.politician(name)
    return w
