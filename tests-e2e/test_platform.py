"""`make run` keeps the stack up: a service killed under it comes back, the others run on, Ctrl-C stops all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from folkevalgt_devstack.topology import DEFAULT_PORTS, SERVICES, Topology

pytestmark = [pytest.mark.e2e]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import free_ports  # noqa: E402

RUN = """
import sys
from pathlib import Path
from folkevalgt_devstack.cli import run
from folkevalgt_devstack.topology import Topology
ports = dict(zip({names!r}, {ports!r}, strict=True))
sys.exit(run(Topology(ports=ports, var_dir=Path({var_dir!r}))))
"""


class Output:
    """Everything `run` prints, collected as it comes."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert process.stdout is not None
        self._thread = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._thread.start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, predicate: Callable[[str], bool], timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if predicate(line):
                    return line
            time.sleep(0.1)
        raise TimeoutError(f"not printed within {timeout}s; output so far:\n" + "\n".join(self.lines[-60:]))


def children(parent: int) -> dict[str, int]:
    """The uvicorn processes `run` started: service name → pid (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) != parent:
            continue
        for part in cmdline:
            if part.endswith(b".main:create_app"):
                found[part.decode().split(".")[0]] = int(entry.name)
    return found


@pytest.fixture
def running_stack(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Output, Topology]]:
    topology = Topology(ports=dict(zip(DEFAULT_PORTS, free_ports(len(DEFAULT_PORTS)), strict=True)), var_dir=tmp_path)
    script = RUN.format(names=tuple(topology.ports), ports=tuple(topology.ports.values()), var_dir=str(tmp_path))
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    output = Output(process)
    try:
        yield process, output, topology
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_killed_service_is_restarted_and_ctrl_c_stops_everything(
    running_stack: tuple[subprocess.Popen[str], Output, Topology],
) -> None:
    process, output, topology = running_stack
    # The services and the supervisor write to one stream: a service's log line may not have ended
    # when the supervisor speaks, so its words are looked for anywhere in a line.
    output.wait_for(lambda line: "Folkevalgt is running." in line, timeout=180)
    before = children(process.pid)
    assert set(before) == {*SERVICES, "gateway"}

    os.kill(before["meetings"], signal.SIGKILL)
    output.wait_for(lambda line: "meetings exited with code -9; restarting in" in line, timeout=30)
    output.wait_for(lambda line: "meetings is ready again" in line, timeout=60)
    assert httpx.get(f"{topology.url('meetings')}/health/ready", timeout=5).status_code == 200
    after = children(process.pid)
    assert after["meetings"] != before["meetings"]
    assert {name: pid for name, pid in after.items() if name != "meetings"} == {
        name: pid for name, pid in before.items() if name != "meetings"
    }, "the other services were not touched"
    assert process.poll() is None

    process.send_signal(signal.SIGINT)  # Ctrl-C
    assert process.wait(60) == 0
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in after.values()):
        assert time.monotonic() < deadline, "a service outlived Ctrl-C"
        time.sleep(0.1)
