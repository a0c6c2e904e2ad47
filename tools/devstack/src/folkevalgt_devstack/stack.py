"""Starts and stops the gateway and the services as real processes (the local stack, e2e tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from folkevalgt_devstack.mail_sink import MailSink
from folkevalgt_devstack.topology import SERVICES, Topology


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

    def start(self, name: str) -> None:
        command = [
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
            "httptools",
            "--timeout-graceful-shutdown",
            "5",
        ]
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

    def wait_ready(self, name: str, timeout: float = 60.0) -> None:
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
