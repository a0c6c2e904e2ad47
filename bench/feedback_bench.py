"""`make bench`, feedback part: on PostgreSQL, recording input (POST /items, FBK-01), forwarding it to the
mayor and the chief executive (POST /items/{id}/forward, FBK-11: the memo drafted and queued) and listing a
politician's items (GET /items, a page of 100 of 200), each against bare FastAPI doing the same work with
plain asyncpg on the same database (bench/feedback_bare_app.py). The goal: ≥ 30 % of it. Reported in requests per
second and in the server process's CPU time per request, which a machine shared with other work distorts less.

Each forward needs an item not yet forwarded: 30,000 are loaded for each side beforehand, and wrk takes
them in turn. Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres on 127.0.0.1) and wrk.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_load import WRK_REPORT, load_tool, run_load
from processes import fresh_database, start, wait_up
from procstat import cpu_busy, process_cpu_seconds

from feedback.db import ALEMBIC_INI
from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings

SERVICE_PORT, BARE_PORT = 18111, 18112
ROUNDS, ROUND_SECONDS, CONNECTIONS = 3, 5, 16
ITEMS_TO_FORWARD = 100_000  # per side: more than the forwards of every round at the rates seen (~1,500/s)
INTAKE = {
    "channel": "oral",
    "sender": {"kind": "resident", "name": "Kari Nordmann", "email": "kari@example.no"},
    "text": "Hjemmetjenesten kom ikke til min mor i Bjørnevatn tirsdag kveld, og ingen ga beskjed om det.",
    "unit_key": "helse-og-omsorg",
    "occurred_on": "2026-03-03",
}
COLUMNS = (
    "id, received_by, received_on, channel, sender_kind, anonymous, sender_name, sender_email, unit_key, unit_name, "
    "occurred_on, title, text, attachments, sensitive, sensitive_categories, concrete, questions, status, routes, "
    "owner, due_on, version, received_at, created_at, modified_at"
)


def item_row(person: uuid.UUID, at: datetime) -> tuple[object, ...]:
    day = at.date()
    return (
        uuid.uuid4(), person, day, "oral", "resident", False, "Kari Nordmann", "kari@example.no", "helse-og-omsorg",
        "Helse og omsorg", day - timedelta(days=1), "Hjemmetjenesten kom ikke", INTAKE["text"], "[]", False, "[]",
        True, "[]", "received", "[]", "politician", day + timedelta(days=7), 1, at, at, at,
    )  # fmt: skip


async def load(url: str, people: dict[str, uuid.UUID]) -> dict[str, list[str]]:
    """The politicians in the register copy, 200 items for the lister, and items to forward for each side."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    now = datetime.now(UTC)
    try:
        await conn.executemany(
            "INSERT INTO register_person (person_id, name, version, changed_at) VALUES ($1, $2, 1, $3)",
            [(pid, name, now) for name, pid in people.items()],
        )
        columns = [c.strip() for c in COLUMNS.split(",")]
        await conn.copy_records_to_table(
            "feedback_item", columns=columns, records=[item_row(people["lister"], now) for _ in range(200)]
        )
        out: dict[str, list[str]] = {}
        for side in ("service", "bare"):
            rows = [item_row(people["forwarder"], now) for _ in range(ITEMS_TO_FORWARD)]
            await conn.copy_records_to_table("feedback_item", columns=columns, records=rows)
            out[side] = [str(r[0]) for r in rows]
        await conn.execute("ANALYZE")
        return out
    finally:
        await conn.close()


def forward_load(port: int, ids: list[str], offset: int, headers: dict[str, str]) -> dict[str, float | int | str]:
    """wrk POSTing each forward to the next item not yet forwarded (one wrk thread keeps one counter)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f"ids = {{{','.join(json.dumps(i) for i in ids)}}}\ncounter = {offset}\n")
        script.write('wrk.method = "POST"\nwrk.body = "{}"\nwrk.headers["Content-Type"] = "application/json"\n')
        for name, value in headers.items():
            script.write(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}\n")
        script.write(
            # Past the last item the same one is sent again: refused, it shows as non-2xx rather than a crash.
            "request = function()\n  counter = math.min(counter + 1, #ids)\n"
            '  return wrk.format(nil, "/items/" .. ids[counter] .. "/forward")\nend\n'
        )
        script.write(WRK_REPORT)
    try:
        command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{ROUND_SECONDS}s", "--latency", "--timeout", "10s"]
        out = subprocess.run(
            [*command, "-s", script.name, f"http://127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=ROUND_SECONDS + 60,
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    raw = json.loads(next(x for x in out.stdout.splitlines() if x.startswith("BENCHJSON ")).removeprefix("BENCHJSON "))
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "non2xx": raw["non2xx"],
    }


def main() -> None:
    if load_tool() != "wrk":
        print("feedback bench: skipped, the POST load needs wrk (apt-get install -y wrk)")
        return
    work = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-feedback-"))
    auth = AuthSettings(dev_key_file=work / "key.pem")
    people = {"forwarder": uuid.uuid4(), "lister": uuid.uuid4()}
    url = asyncio.run(
        fresh_database(
            os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"), "bench_feedback"
        )
    )
    upgrade_head(ALEMBIC_INI, url)
    to_forward = asyncio.run(load(url, people))
    service = start(
        "feedback.main:create_app",
        SERVICE_PORT,
        {
            "FEEDBACK_DATABASE_URL": url,
            "FEEDBACK_AUTH__DEV_KEY_FILE": str(auth.dev_key_file),
            "FEEDBACK_LOG_LEVEL": "WARNING",
            "FEEDBACK_JOBS_ENABLED": "false",  # the mail is queued, not sent: the same work as the bare app
            # As many pooled connections as the bare app's pool (20): SQLAlchemy closes overflow connections
            # when they are returned, and at 16 connections the default pool of 10 would reconnect all along.
            "FEEDBACK_DATABASE_POOL_SIZE": "20",
        },
    )
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    bare = start(
        "feedback_bare_app:create_app",
        BARE_PORT,
        {"BENCH_BARE_DSN": dsn, "BENCH_PERSON": str(people["forwarder"]), "BENCH_LIST_PERSON": str(people["lister"])},
    )
    try:
        wait_up(f"http://127.0.0.1:{SERVICE_PORT}/health/live")
        wait_up(f"http://127.0.0.1:{BARE_PORT}/docs")
        as_forwarder = {"Authorization": f"Bearer {mint_dev_token(auth, str(people['forwarder']), ['feedback:write'])}"}
        as_lister = {"Authorization": f"Bearer {mint_dev_token(auth, str(people['lister']), ['feedback:read'])}"}
        targets = (("service", SERVICE_PORT), ("bare", BARE_PORT))
        body = json.dumps(INTAKE)
        results: dict[tuple[str, str], dict[str, float | int | str]] = {}
        used = {"service": 0, "bare": 0}

        def forward(target: str, port: int) -> dict[str, float | int | str]:
            result = forward_load(port, to_forward[target], used[target], as_forwarder)
            used[target] += int(result["requests"]) + CONNECTIONS
            return result

        operations = {
            "POST input (intake)": lambda t, p: run_load(
                f"http://127.0.0.1:{p}/items", connections=CONNECTIONS, duration=ROUND_SECONDS, headers=as_forwarder,
                post_json=body,
            ),
            "POST forward (memo)": forward,
            "GET a politician's items": lambda t, p: run_load(
                f"http://127.0.0.1:{p}/items", connections=CONNECTIONS, duration=ROUND_SECONDS, headers=as_lister
            ),
        }  # fmt: skip
        pids = {"service": service.pid, "bare": bare.pid}

        def measured(operation: Any, target: str, port: int) -> dict[str, float | int | str]:
            cpu = process_cpu_seconds(pids[target]) or 0.0
            result = dict(operation(target, port))
            spent = (process_cpu_seconds(pids[target]) or 0.0) - cpu
            result["cpu_ms"] = spent * 1000 / max(1, int(result["requests"]))
            return result

        for name, operation in operations.items():
            for target, port in targets:
                operation(target, port)  # warm-up round, not counted
            # Rounds taken in turn and the median kept: the load generator, both apps and PostgreSQL share
            # the cores, and one slow spell would otherwise decide the ratio.
            rounds: dict[str, list[dict[str, float | int | str]]] = {t: [] for t, _ in targets}
            for _ in range(ROUNDS):
                for target, port in targets:
                    rounds[target].append(measured(operation, target, port))
            for target, runs in rounds.items():
                results[(name, target)] = sorted(runs, key=lambda r: float(r["rps"]))[ROUNDS // 2]
                # CPU per request: the median of its own rounds (the least disturbed is not the fastest one).
                cpu = sorted(float(r["cpu_ms"]) for r in runs)[ROUNDS // 2]
                results[(name, target)]["cpu_ms"] = cpu
        print(
            f"\nFeedback on PostgreSQL vs bare FastAPI "
            f"({CONNECTIONS} connections; median of {ROUNDS} rounds of {ROUND_SECONDS} s; wrk)"
        )
        print(
            f"{'':26} {'service req/s':>13} {'bare req/s':>10} {'ratio':>6} {'service CPU ms':>14} "
            f"{'bare CPU ms':>11} {'ratio':>6} {'service p50/p99 ms':>19}"
        )
        for name in operations:
            s, b = results[(name, "service")], results[(name, "bare")]
            print(
                f"{name:26} {s['rps']:>13,.0f} {b['rps']:>10,.0f} {float(s['rps']) / float(b['rps']):>6.0%} "
                f"{float(s['cpu_ms']):>14.2f} {float(b['cpu_ms']):>11.2f} "
                f"{float(b['cpu_ms']) / float(s['cpu_ms']):>6.0%} "
                f"{s['p50_ms']:>8.1f}/{s['p99_ms']:<9.1f} (non-2xx: {s['non2xx']}/{b['non2xx']})"
            )
        print("goal: ≥ 30 % of bare FastAPI on PostgreSQL (CPU ratio: bare CPU per request / service CPU per request)")
        busy = cpu_busy(1.0)
        if busy is not None:
            print(f"machine busy {busy:.0%} after the runs (other processes share the cores)")
    finally:
        for process in (service, bare):
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
