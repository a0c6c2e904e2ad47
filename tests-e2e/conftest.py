"""A real stack for the end-to-end tests: gateway and five services as processes, on SQLite."""

from __future__ import annotations

import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from folkevalgt_devstack.cli import prepare
from folkevalgt_devstack.stack import Stack
from folkevalgt_devstack.topology import DEFAULT_PORTS, SERVICES, Topology

# Fast retries and a short lease, so recovery is observable within a test's patience.
FAST_EVENTS = {
    "BACKOFF_BASE_SECONDS": "0.1",
    "BACKOFF_MAX_SECONDS": "1",
    "RELAY_LEASE_SECONDS": "2",
    "RELAY_POLL_SECONDS": "0.2",
    "RELAY_CONCURRENCY": "2",
    "MAX_ATTEMPTS": "1000",
}


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def wait_until_delivered(database: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(database) as db:
            if db.execute("SELECT count(*) FROM outbox WHERE status != 'delivered'").fetchone() == (0,):
                return
        time.sleep(0.1)
    raise TimeoutError(f"events in {database.name} not delivered within {timeout}s")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    var_dir: Path = tmp_path_factory.mktemp("stack")
    topology = Topology(ports=dict(zip(DEFAULT_PORTS, free_ports(len(DEFAULT_PORTS)), strict=True)), var_dir=var_dir)
    prepare(topology)
    extra = {
        "meetings": {f"MEETINGS_EVENTS__{k}": v for k, v in FAST_EVENTS.items()},
        "gateway": {"GATEWAY_RATE_LIMIT": "100000/minute"},
    }
    running = Stack(topology, log_dir=var_dir / "logs", extra_env=extra)
    try:
        running.start_all()
        for name in (*SERVICES, "gateway"):
            running.wait_ready(name, timeout=180)  # a busy CI machine starts six processes at once
        wait_until_delivered(var_dir / "meetings.db")  # the seed's events reach the read models first
        yield running
    finally:
        running.stop_all()


@pytest.fixture(scope="session")
def meetings_events_delivered(stack: Stack) -> Callable[[], None]:
    """Waits until every event the meetings service published has reached its subscribers."""
    return lambda: wait_until_delivered(stack.topology.var_dir / "meetings.db")
