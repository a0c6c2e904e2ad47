"""deploy/haproxy/folkevalgt.cfg, the edge a municipality may run instead of the gateway's process:
it routes, checks the token and limits each client as the gateway does (bench/gateway_bench.py
compares their cost). Runs where HAProxy is installed (Debian's haproxy, 2.6 or newer)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization

from folkevalgt_shared.auth import load_or_create_dev_key, mint_dev_token
from folkevalgt_shared.settings import AuthSettings

from .conftest import free_port

CONFIG = Path(__file__).resolve().parents[3] / "deploy" / "haproxy" / "folkevalgt.cfg"
RATE = 5  # requests per client per minute

pytestmark = pytest.mark.skipif(shutil.which("haproxy") is None, reason="HAProxy is not installed")


@pytest.fixture(scope="module")
def edge(upstream: Any, auth: AuthSettings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert auth.dev_key_file is not None
    key = load_or_create_dev_key(auth.dev_key_file)
    public = tmp_path_factory.mktemp("edge") / "public.pem"
    public.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    port = free_port()
    address = upstream.url.removeprefix("http://")
    env = {
        **os.environ,
        "FOLKEVALGT_LISTEN": f"127.0.0.1:{port}",
        "FOLKEVALGT_ISSUER": auth.issuer,
        "FOLKEVALGT_JWT_KEY": str(public),
        "FOLKEVALGT_RATE": str(RATE),
        **{f"{s}_ADDR": address for s in ("MEETINGS", "LEAVE", "REMUNERATION", "ACCESS", "FEEDBACK")},
    }
    process = subprocess.Popen(["haproxy", "-f", str(CONFIG)], env=env, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            httpx.get(f"{base}/meetings/health/live", timeout=1)
            break
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stderr.read() if process.stderr else b""
                raise RuntimeError(f"haproxy did not start: {output!r}") from None
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(10)


def test_edge_routes_by_prefix_and_tells_the_service_its_prefix(
    edge: str, bearer: Callable[..., dict[str, str]]
) -> None:
    answer = httpx.get(f"{edge}/leave/echo/units?limit=2", headers=bearer("routes"))
    assert answer.status_code == 200
    seen = answer.json()
    assert seen["path"] == "/echo/units" and seen["query"] == "limit=2"
    assert seen["headers"]["x-forwarded-prefix"] == "/leave"
    assert seen["headers"]["authorization"].startswith("Bearer ")  # the service checks the token again
    assert seen["headers"]["x-request-id"]


def test_edge_refuses_a_missing_forged_expired_or_foreign_token_as_problem_json(
    edge: str, auth: AuthSettings, bearer: Callable[..., dict[str, str]]
) -> None:
    good = bearer("refusals")["Authorization"]
    foreign = AuthSettings(dev_key_file=auth.dev_key_file, issuer="someone-else")
    refused = {
        "missing": {},
        "forged": {"Authorization": good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")},
        "expired": {"Authorization": f"Bearer {mint_dev_token(auth, 'refusals', ['meetings:read'], ttl_seconds=-5)}"},
        "other issuer": {"Authorization": f"Bearer {mint_dev_token(foreign, 'refusals', ['meetings:read'])}"},
        "not bearer": {"Authorization": "Basic dXNlcjpwYXNz"},
    }
    for why, headers in refused.items():
        answer = httpx.get(f"{edge}/meetings/echo/x", headers=headers)
        assert answer.status_code == 401, why
        assert answer.headers["content-type"] == "application/problem+json", why
    # The probes and the public OParl API need none, for reading only.
    assert httpx.get(f"{edge}/meetings/health/live").status_code == 200
    assert httpx.get(f"{edge}/meetings/oparl/system").status_code == 200
    assert httpx.post(f"{edge}/meetings/oparl/system").status_code == 401
    assert httpx.get(f"{edge}/elsewhere/x", headers={"Authorization": good}).status_code == 404


def test_edge_limits_each_client_by_its_token_subject(edge: str, bearer: Callable[..., dict[str, str]]) -> None:
    busy, calm = bearer(f"busy-{time.time_ns()}"), bearer(f"calm-{time.time_ns()}")
    codes = [httpx.get(f"{edge}/meetings/echo/x", headers=busy).status_code for _ in range(RATE + 1)]
    assert codes == [200] * RATE + [429]
    assert httpx.get(f"{edge}/meetings/echo/x", headers=calm).status_code == 200
