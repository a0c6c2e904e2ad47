"""A real stack for the end-to-end tests: gateway and five services as processes, on SQLite."""

from __future__ import annotations

import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
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


@pytest.fixture
def meetings_clock(stack: Stack) -> Iterator[Callable[[datetime | None], None]]:
    """MTG-15: a meeting's procedure happens on its day and not before its start. `meetings_clock(at)` restarts
    the meetings service with its clock showing `at` (MEETINGS_CLOCK__START_AT; it runs on from there), once its
    events are delivered; `meetings_clock(None)`, or the end of the test, puts it back on the real clock."""
    before = dict(stack.extra_env.get("meetings", {}))
    shifted = False

    def restart(env: dict[str, str]) -> None:
        wait_until_delivered(stack.topology.var_dir / "meetings.db")
        stack.stop("meetings")
        stack.extra_env["meetings"] = env
        stack.start("meetings")
        stack.wait_ready("meetings", timeout=300)  # a busy machine can take long to start a service

    def set_clock(at: datetime | None) -> None:
        nonlocal shifted
        if at is None:
            restart(before)
        else:
            restart({**before, "MEETINGS_CLOCK__START_AT": at.astimezone(UTC).isoformat()})
        shifted = at is not None

    yield set_clock
    if shifted:
        set_clock(None)


class ShortNotice:
    """A meeting called at short notice: it starts soon enough to be today and late enough that its notice
    goes out before it begins (MTG-06); `wait` waits for the start, since the roll call is taken once the
    meeting has begun (MTG-15)."""

    @staticmethod
    def start(seconds: float = 5.0) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=seconds)

    @staticmethod
    def wait(starts: datetime) -> None:
        time.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.2)


@pytest.fixture
def short_notice() -> ShortNotice:
    return ShortNotice()
