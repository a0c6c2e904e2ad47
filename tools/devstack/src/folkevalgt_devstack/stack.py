"""Starts and stops the gateway and the services as real processes (the local stack, e2e tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from folkevalgt_devstack.mail_sink import MailSink
from folkevalgt_devstack.topology import SERVICES, Topology

# The gateway's protocol sends a whole answer in one write (gateway/server.py).
HTTP_PROTOCOL = {"gateway": "gateway.server:GatewayProtocol"}


class Stack:
    def __init__(
        self, topology: Topology, *, log_dir: Path | None = None, extra_env: dict[str, dict[str, str]] | None = None
    ) -> None:
        self.topology = topology
        self.log_dir = log_dir
        self.extra_env = extra_env or {}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.mail_sink: MailSink | None = None

    def env_for(self, name: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.topology.gateway_env() if name == "gateway" else self.topology.service_env(name))
        env.update(self.extra_env.get(name, {}))
        return env

    def command(self, name: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "uvicorn",
            f"{name}.main:create_app",
            "--factory",
            "--host",
            self.topology.host,
            "--port",
            str(self.topology.ports[name]),
            "--no-access-log",
            "--loop",
            "uvloop",
            "--http",
            HTTP_PROTOCOL.get(name, "httptools"),
            "--timeout-graceful-shutdown",
            "5",
        ]

    def start(self, name: str) -> None:
        command = self.command(name)
        output = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = (self.log_dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command, env=self.env_for(name), stdout=output, stderr=subprocess.STDOUT if output else None
        )

    def start_all(self) -> None:
        self.start_mail_sink()
        for name in (*SERVICES, "gateway"):
            self.start(name)

    def start_mail_sink(self) -> None:
        """The SMTP server the feedback service sends through, keeping each message under var/mail/."""
        if "smtp" in self.topology.ports and self.mail_sink is None:
            self.mail_sink = MailSink(self.topology.mail_dir, self.topology.host, self.topology.ports["smtp"])
            self.mail_sink.start()

    def wait_ready(self, name: str, timeout: float = 180.0) -> None:
        # Generous: six processes importing at once on a busy two-core machine take minutes, not seconds.
        deadline = time.monotonic() + timeout
        url = f"{self.topology.url(name)}/health/ready"
        last = "no answer"
        while time.monotonic() < deadline:
            process = self.processes.get(name)
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited with code {process.returncode}")
            try:
                response = httpx.get(url, timeout=2)
                if response.status_code == 200:
                    return
                last = response.text[:500]
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(0.1)
        raise TimeoutError(f"{name} not ready after {timeout}s: {last}")

    def stop(self, name: str, *, kill: bool = False, timeout: float = 15.0) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in ("gateway", *reversed(SERVICES)):
            self.stop(name)
        if self.mail_sink is not None:
            self.mail_sink.stop()
            self.mail_sink = None


@dataclass
class _Watch:
    started_at: float
    restarts: int = 0  # consecutive quick deaths: the backoff grows with them
    restart_at: float | None = None
    announced_ready: bool = True


@dataclass
class Supervisor:
    """Keeps every process of a stack running: one that exits is started again after a backoff
    (`base_delay`, doubling with each death that follows quickly upon a start, up to `max_delay`;
    a process that ran `stable_after` seconds starts the count afresh), and the others run on.
    `check()` is called periodically; what happens is said through `say`."""

    stack: Stack
    base_delay: float = 1.0
    max_delay: float = 30.0
    stable_after: float = 60.0
    say: Callable[[str], None] = print
    clock: Callable[[], float] = time.monotonic
    _watched: dict[str, _Watch] = field(default_factory=dict)

    def check(self) -> None:
        now = self.clock()
        for name, process in list(self.stack.processes.items()):
            watch = self._watched.setdefault(name, _Watch(started_at=now))
            if watch.restart_at is not None:
                if now >= watch.restart_at:
                    self.stack.start(name)
                    watch.restart_at, watch.started_at, watch.announced_ready = None, now, False
                    self.say(f"{name} restarted (pid {self.stack.processes[name].pid})")
                continue
            code = process.poll()
            if code is None:
                if not watch.announced_ready and self._ready(name):
                    watch.announced_ready = True
                    self.say(f"{name} is ready again")
                continue
            if now - watch.started_at >= self.stable_after:
                watch.restarts = 0
            delay = min(self.max_delay, self.base_delay * 2**watch.restarts)
            watch.restarts += 1
            watch.restart_at = now + delay
            self.say(f"{name} exited with code {code}; restarting in {delay:g} s (restart {watch.restarts})")

    def _ready(self, name: str) -> bool:
        try:
            return httpx.get(f"{self.stack.topology.url(name)}/health/live", timeout=0.5).status_code == 200
        except httpx.HTTPError:
            return False
