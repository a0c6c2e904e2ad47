"""`make bench`, meetings part: on PostgreSQL, GET a meeting with its agenda and record a full vote
of a 25-member council, each against bare FastAPI doing the same work with plain asyncpg on the same
database (the goal: ≥ 30 % of it), and, for scale, against bare FastAPI without a database.

Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres on 127.0.0.1) and wrk for the POST load.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_load import load_tool, run_load

from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings
from meetings.config import Settings
from meetings.db import ALEMBIC_INI
from meetings.seed import seed

BENCH_DIR = Path(__file__).resolve().parent
SERVICE_PORT, BARE_PORT, MEMORY_PORT = 18101, 18102, 18103
TARGETS = (("service", SERVICE_PORT), ("bare", BARE_PORT), ("memory", MEMORY_PORT))
ROUNDS, ROUND_SECONDS = 3, 5


async def fresh_database(base_url: str, name: str) -> str:
    base = make_url(base_url)
    conn = await asyncpg.connect(base.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return base.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)


def start(module: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            module,
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--log-level",
            "warning",
        ],
        env={**os.environ, **env},
        cwd=BENCH_DIR,
    )


def wait_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(url)


def main() -> None:
    tool = load_tool()
    if tool != "wrk":
        print("meetings bench: skipped, the POST load needs wrk (apt-get install -y wrk)")
        return
    work = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-meetings-"))
    auth = AuthSettings(dev_key_file=work / "key.pem")
    token = mint_dev_token(auth, "bench", ALL_SCOPES)
    url = asyncio.run(
        fresh_database(
            os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"), "bench_meetings"
        )
    )
    upgrade_head(ALEMBIC_INI, url)
    asyncio.run(seed(Settings(database_url=url), demo=True))
    service = start(
        "meetings.main:create_app",
        SERVICE_PORT,
        {
            "MEETINGS_DATABASE_URL": url,
            "MEETINGS_AUTH__DEV_KEY_FILE": str(auth.dev_key_file),
            "MEETINGS_LOG_LEVEL": "WARNING",
        },
    )
    bare = memory = None
    try:
        base = f"http://127.0.0.1:{SERVICE_PORT}"
        wait_up(f"{base}/health/live")
        api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        council = next(
            b for b in api.get("/bodies", params={"limit": 100}).json()["items"] if b["key"] == "municipal-council"
        )
        # Called at short notice for a moment from now: the notice goes out before the start (MTG-06), the roll
        # call is taken once the meeting has begun (MTG-15).
        starts = datetime.now(UTC) + timedelta(seconds=3)
        meeting = api.post(
            "/meetings",
            json={
                "body_id": council["id"],
                "location": "Rådhuset",
                "starts_at": starts.isoformat(),
            },
        ).json()
        # Ten cases, the last one behind closed doors (MTG-07): a plain meetings:read token gets its public version.
        items = [
            api.post(
                f"/meetings/{meeting['id']}/agenda",
                json={
                    "case_number": f"{n:03}/26",
                    "title": f"Sak {n}",
                    "recommendation": "Innstillingen vedtas",
                    "documents": [f"2026/{n}-1", f"2026/{n}-2"],
                    **({"closed": True, "closed_basis": "Offl. § 25"} if n == 10 else {}),
                },
            ).json()
            for n in range(1, 11)
        ]
        api.post(f"/meetings/{meeting['id']}/notice", json={"late_reason": "Benchmark"}).raise_for_status()
        time.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.1)
        present = [p["person_id"] for p in api.get(f"/meetings/{meeting['id']}/participants").json()]
        chair = api.post(
            f"/meetings/{meeting['id']}/roll-call",
            json={"notice_approved": True, "agenda_approved": True, "present": present},
        ).json()["chair_id"]
        document = api.get(f"/meetings/{meeting['id']}").json()
        ballots = [{"voter_id": p, "option": "for" if i % 2 else "against"} for i, p in enumerate(present)]
        vote = json.dumps({"motion": "Innstillingen vedtas", "ballots": ballots})
        fixture = work / "fixture.json"
        fixture.write_text(json.dumps({"meeting": document, "present": present, "chair": chair}))
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        bare = start("bare_app:create_app", BARE_PORT, {"BENCH_BARE_DSN": dsn})
        memory = start("bare_app:create_memory_app", MEMORY_PORT, {"BENCH_BARE_FIXTURE": str(fixture)})
        wait_up(f"http://127.0.0.1:{BARE_PORT}/docs")
        wait_up(f"http://127.0.0.1:{MEMORY_PORT}/docs")
        headers = {"Authorization": f"Bearer {token}"}
        reader = {"Authorization": f"Bearer {mint_dev_token(auth, 'politician', ['meetings:read'])}"}
        results = {}
        for name, path, body, as_whom in (
            ("GET meeting with 10 cases", f"/meetings/{meeting['id']}", None, headers),
            ("GET meeting, meetings:read", f"/meetings/{meeting['id']}", None, reader),
            ("POST vote of 25", f"/meetings/{meeting['id']}/agenda/{items[0]['id']}/votes", vote, headers),
        ):
            for _target, port in TARGETS:
                run_load(f"http://127.0.0.1:{port}{path}", connections=16, duration=2, headers=as_whom, post_json=body)
            # Rounds taken in turn and the median kept: on a small machine the load generator and the
            # database share the cores, and one slow spell would otherwise decide the ratio.
            rounds: dict[str, list[dict[str, float | int | str]]] = {target: [] for target, _ in TARGETS}
            for _ in range(ROUNDS):
                for target, port in TARGETS:
                    rounds[target].append(
                        run_load(
                            f"http://127.0.0.1:{port}{path}",
                            connections=16,
                            duration=ROUND_SECONDS,
                            headers=as_whom,
                            post_json=body,
                        )
                    )
            for target, runs in rounds.items():
                results[(name, target)] = sorted(runs, key=lambda r: float(r["rps"]))[ROUNDS // 2]
        print(
            f"\nMeetings on PostgreSQL vs bare FastAPI "
            f"(16 connections; median of {ROUNDS} rounds of {ROUND_SECONDS} s; wrk)"
        )
        print(
            f"{'':28} {'service req/s':>14} {'bare PG req/s':>14} {'ratio':>6} {'no-DB req/s':>12} {'ratio':>6} "
            f"{'service p50/p99 ms':>20}"
        )
        for name in ("GET meeting with 10 cases", "GET meeting, meetings:read", "POST vote of 25"):
            s, b, m = (results[(name, target)] for target, _ in TARGETS)
            print(
                f"{name:28} {s['rps']:>14,.0f} {b['rps']:>14,.0f} {s['rps'] / b['rps']:>6.0%} {m['rps']:>12,.0f} "
                f"{s['rps'] / m['rps']:>6.0%} {s['p50_ms']:>9.1f}/{s['p99_ms']:<9.1f} "
                f"(non-2xx: {s['non2xx']}/{b['non2xx']}/{m['non2xx']})"
            )
        print("goal: ≥ 30 % of bare FastAPI on PostgreSQL")
    finally:
        for process in (service, bare, memory):
            if process is not None:
                process.terminate()
                process.wait(10)


if __name__ == "__main__":
    main()
