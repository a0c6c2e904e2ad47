"""`make run` supervises: a process that dies is started again, with backoff, and the others run on."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from folkevalgt_devstack.stack import Stack, Supervisor
from folkevalgt_devstack.topology import DEFAULT_PORTS, Topology

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]
CRASHER = [sys.executable, "-c", "raise SystemExit(3)"]


class FakeStack(Stack):
    """Stand-in processes instead of uvicorn: what is supervised is processes, not services."""

    def __init__(self, tmp_path: Path, commands: dict[str, list[str]]) -> None:
        super().__init__(Topology(ports=dict.fromkeys(DEFAULT_PORTS, 1), var_dir=tmp_path))
        self.commands = commands

    def command(self, name: str) -> list[str]:
        return self.commands[name]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wait_for_exit(stack: Stack, name: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while stack.processes[name].poll() is None:
        assert time.monotonic() < deadline, f"{name} did not exit"
        time.sleep(0.01)


@pytest.fixture
def messages() -> list[str]:
    return []


def test_a_killed_process_comes_back_and_the_others_run_on(tmp_path: Path, messages: list[str]) -> None:
    stack = FakeStack(tmp_path, {"meetings": SLEEPER, "leave": SLEEPER})
    clock = FakeClock()
    supervisor = Supervisor(stack, say=messages.append, clock=clock)
    supervisor._ready = lambda name: True  # type: ignore[method-assign]  # no HTTP server behind a sleeper
    try:
        stack.start("meetings")
        stack.start("leave")
        supervisor.check()
        killed, other = stack.processes["meetings"].pid, stack.processes["leave"].pid
        os.kill(killed, signal.SIGKILL)
        wait_for_exit(stack, "meetings")

        supervisor.check()
        assert messages == ["meetings exited with code -9; restarting in 1 s (restart 1)"]
        clock.now += 0.5
        supervisor.check()  # not yet: the backoff has not passed
        assert stack.processes["meetings"].pid == killed
        clock.now += 0.5
        supervisor.check()
        restarted = stack.processes["meetings"]
        assert restarted.pid != killed and restarted.poll() is None
        assert messages[-1] == f"meetings restarted (pid {restarted.pid})"
        supervisor.check()
        assert messages[-1] == "meetings is ready again"
        assert stack.processes["leave"].pid == other and stack.processes["leave"].poll() is None
    finally:
        stack.stop_all()


def test_a_process_that_keeps_dying_is_restarted_ever_more_slowly(tmp_path: Path, messages: list[str]) -> None:
    stack = FakeStack(tmp_path, {"remuneration": CRASHER})
    clock = FakeClock()
    supervisor = Supervisor(stack, base_delay=1, max_delay=8, stable_after=60, say=messages.append, clock=clock)
    delays = []
    try:
        stack.start("remuneration")
        for _ in range(6):
            wait_for_exit(stack, "remuneration")
            supervisor.check()
            delays.append(float(messages[-1].split("restarting in ")[1].split(" s")[0]))
            clock.now += delays[-1]
            supervisor.check()  # starts it again; it dies again at once
        assert delays == [1, 2, 4, 8, 8, 8]
        assert "remuneration exited with code 3" in messages[0]
    finally:
        stack.stop_all()


def test_a_process_that_ran_long_enough_starts_the_backoff_afresh(tmp_path: Path, messages: list[str]) -> None:
    stack = FakeStack(tmp_path, {"access": CRASHER})
    clock = FakeClock()
    supervisor = Supervisor(stack, base_delay=1, max_delay=30, stable_after=60, say=messages.append, clock=clock)
    try:
        stack.start("access")
        for _ in range(3):  # three quick deaths: 1, 2, 4
            wait_for_exit(stack, "access")
            supervisor.check()
            clock.now += 4
            supervisor.check()
        wait_for_exit(stack, "access")
        clock.now += 61  # it "ran" a minute before this death
        supervisor.check()
        assert messages[-1].endswith("restarting in 1 s (restart 1)")
    finally:
        stack.stop_all()
