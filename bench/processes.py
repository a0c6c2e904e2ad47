"""What the benchmarks share to run a service: a fresh PostgreSQL database, a uvicorn process started as
in production (uvloop, httptools, no access log), HAProxy as the gateway's yardstick, and waiting for
them to answer."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx
from cryptography.hazmat.primitives import serialization
from sqlalchemy.engine import make_url

from folkevalgt_shared.settings import DEV_ISSUER

HAPROXY_CFG = Path(__file__).resolve().parent.parent / "deploy" / "haproxy" / "folkevalgt.cfg"
BENCH_DIR = Path(__file__).resolve().parent


async def fresh_database(base_url: str, name: str) -> str:
    """Drops and creates database `name` on the server of `base_url`; returns its SQLAlchemy URL."""
    await _on_server(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return make_url(base_url).set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)


async def drop_database(base_url: str, name: str) -> None:
    """Drops database `name` (fresh_database's) from the server of `base_url`."""
    await _on_server(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _on_server(base_url: str, *statements: str) -> None:
    conn = await asyncpg.connect(make_url(base_url).set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def start(
    app: str,
    port: int,
    env: dict[str, str] | None = None,
    *,
    cwd: Path = BENCH_DIR,
    factory: bool = True,
    http: str = "httptools",
) -> subprocess.Popen[bytes]:
    """`app` ("module:create_app", a factory unless `factory` is False) under uvicorn on 127.0.0.1:`port`;
    `http`: uvicorn's protocol (the gateway runs on its own, "gateway.server:GatewayProtocol")."""
    command = [sys.executable, "-m", "uvicorn", app, *(["--factory"] if factory else []), "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--loop", "uvloop", "--http", http,
               "--log-level", "warning"]  # fmt: skip
    return subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=cwd)


def wait_up(url: str, timeout: float = 120) -> None:
    """Until `url` answers anything but a server error (a service starting on a busy machine takes a while)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(url)


def start_haproxy(work: Path, key_file: Path, port: int, services: dict[str, str]) -> subprocess.Popen[bytes]:
    """HAProxy on `deploy/haproxy/folkevalgt.cfg` (routes, RS256 token check against `key_file`'s public
    key, rate limit per subject, never reached here) on 127.0.0.1:`port`; `services`: name -> host:port."""
    private = serialization.load_pem_private_key(key_file.read_bytes(), None)
    public = work / "haproxy-public.pem"
    public.write_bytes(
        private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    env = {
        **os.environ,
        "FOLKEVALGT_LISTEN": f"127.0.0.1:{port}",
        "FOLKEVALGT_ISSUER": DEV_ISSUER,
        "FOLKEVALGT_JWT_KEY": str(public),
        "FOLKEVALGT_RATE": "1000000000",
        **{f"{name.upper()}_ADDR": address for name, address in services.items()},
    }
    subprocess.run(["haproxy", "-c", "-q", "-f", str(HAPROXY_CFG)], env=env, check=True)
    process = subprocess.Popen(["haproxy", "-f", str(HAPROXY_CFG)], env=env)
    wait_up(f"http://127.0.0.1:{port}/meetings/health/live")
    return process
