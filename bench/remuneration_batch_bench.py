"""`make bench`, remuneration part: a quarter's payout batch computed through the API from PostgreSQL.

The quarter of remuneration_bench.py (`quarter_data`: 40 bodies, 60 meetings, everyone attending every
meeting, a fee claimed by every tenth official on a meeting day, a lost-earnings rate for everyone) is
stored in a fresh PostgreSQL database migrated with the service's Alembic, one database per size
(bench_remuneration_batch_<officials>), with COPY. The service runs as a uvicorn process; the figure is
POST /batches {"period": "2026Q1"} end to end — request in, the draft batch with its totals out — with
the loading from PostgreSQL, the computation and the storing of the lines included. Reported: wall time,
the service process's CPU seconds (/proc) and PostgreSQL's (its backends serving the service), three
runs each after one warm-up; between runs the draft is discarded (DELETE and VACUUM, not timed).

Goal: ≤ 3 s for 1,000 officials. Series: 250 / 1,000 / 4,000 officials.

    .venv/bin/python bench/remuneration_batch_bench.py [--officials 250,1000,4000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
import orjson
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import Figure, Series, load_average, verdict, write_figures
from processes import fresh_database, start, wait_up
from procstat import process_cpu_seconds
from remuneration_bench import quarter_data

from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings
from remuneration.db import ALEMBIC_INI

BENCH_DIR = Path(__file__).resolve().parent
PORT = 18131
GOAL_SECONDS, GOAL_OFFICIALS = 3.0, 1_000
SIZES = (250, 1_000, 4_000)
PERIOD = "2026Q1"
CLAIM_FEE = 40_000  # øre: what a claimed fee was granted at
SEEDED = datetime(2026, 4, 2, tzinfo=UTC)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def fill(url: str, officials: int) -> dict[str, int]:
    """The quarter of remuneration_bench.py as the service's tables hold it, written with COPY."""
    offices, attendances, meetings, earners, claimed, bases = quarter_data(officials=officials)
    body_ids = {key: uuid.uuid5(uuid.NAMESPACE_URL, f"body:{key}") for key in {o.body_key for o in offices}}
    for m in meetings:
        body_ids.setdefault(m.body_key, uuid.uuid5(uuid.NAMESPACE_URL, f"body:{m.body_key}"))
    memberships = [
        (
            uuid.uuid4(),
            o.person_id,
            f"Person {o.person_id.hex[:8]}",
            body_ids[o.body_key],
            o.body_key,
            o.body_key.replace("-", " ").title(),
            o.body_type,
            o.role,
            None,
            o.party_group,
            True,
            None,
            o.start_date,
            o.end_date,
            False,
            1,
            SEEDED,
        )
        for o in offices
    ]
    attendance = [
        (
            uuid.uuid4(),
            str(a.event_id),
            a.meeting_id,
            body_ids[a.body_key],
            a.body_key,
            a.body_type,
            a.person_id,
            a.role,
            a.as_deputy,
            None,
            a.attended_from,
            a.attended_to,
            oslo_date(a.attended_from),
            a.remote,
            a.secretariat_present,
            a.received_at,
            a.received_at,
        )
        for a in attendances
    ]
    per_meeting: dict[uuid.UUID, int] = {}
    for a in attendances:
        per_meeting[a.meeting_id] = per_meeting.get(a.meeting_id, 0) + 1
    first = {a.meeting_id: a for a in reversed(attendances)}
    held = [
        (
            m.meeting_id,
            str(uuid.uuid4()),
            body_ids[m.body_key],
            m.body_key,
            first[m.meeting_id].attended_from,
            first[m.meeting_id].attended_to,
            m.held_on,
            per_meeting[m.meeting_id],
            first[m.meeting_id].received_at,
        )
        for m in meetings
    ]
    profiles = [(person, category.value, 1, SEEDED, "bench") for person, category in earners.items()]
    claims = [
        (
            c.claim_id,
            c.person_id,
            "meeting_fee",
            "meeting_fee",
            PERIOD,
            c.day,
            None,
            orjson.dumps({"body_key": c.body_key}).decode(),
            "approved",
            CLAIM_FEE,
            "REM-31",
            "Reglement for godtgjøring til folkevalgte i Sør-Varanger",
            f"Meeting fee claimed for {c.body_key} on {c.day.isoformat()}: NOK 400.00",
            c.received_at,
            str(c.person_id),
            SEEDED,
            "bench",
            1,
            c.received_at,
            SEEDED,
        )
        for c in claimed
    ]
    loss = [
        (
            uuid.uuid4(),
            b.person_id,
            b.kind.value,
            b.day_loss,
            "employer_statement",
            "employer statement",
            None,
            b.start_date,
            b.end_date,
            SEEDED,
            "bench",
        )
        for b in bases
    ]
    conn = await asyncpg.connect(_dsn(url))
    try:
        await conn.copy_records_to_table(
            "register_membership",
            records=memberships,
            columns=[
                "membership_id",
                "person_id",
                "person_name",
                "body_id",
                "body_key",
                "body_name",
                "body_type",
                "role",
                "deputy_order",
                "party_group",
                "voting_right",
                "on_behalf_of",
                "start_date",
                "end_date",
                "deleted",
                "version",
                "changed_at",
            ],
        )
        await conn.copy_records_to_table(
            "attendance",
            records=attendance,
            columns=[
                "id",
                "event_id",
                "meeting_id",
                "body_id",
                "body_key",
                "body_type",
                "person_id",
                "role",
                "as_deputy",
                "in_place_of",
                "attended_from",
                "attended_to",
                "held_on",
                "remote",
                "secretariat_present",
                "recorded_at",
                "received_at",
            ],
        )
        await conn.copy_records_to_table(
            "meeting_held",
            records=held,
            columns=[
                "meeting_id",
                "event_id",
                "body_id",
                "body_key",
                "starts_at",
                "ended_at",
                "held_on",
                "attendances",
                "recorded_at",
            ],
        )
        await conn.copy_records_to_table(
            "official",
            records=profiles,
            columns=["person_id", "earner_category", "version", "modified_at", "modified_by"],
        )
        # COPY's binary format has no encoder for json: the few claims go in one executemany.
        await conn.executemany(
            "INSERT INTO claim (id, person_id, kind, item_type, period, concerns_on, meeting_id, details, status, "
            "amount, rule, rate_version, explanation, received_at, submitted_by, decided_at, decided_by, version, "
            "created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json, $9, $10, $11, $12, $13, $14, "
            "$15, $16, $17, $18, $19, $20)",
            claims,
        )
        await conn.copy_records_to_table(
            "loss_basis",
            records=loss,
            columns=[
                "id",
                "person_id",
                "kind",
                "day_loss",
                "documentation_kind",
                "documentation_ref",
                "justification",
                "start_date",
                "end_date",
                "recorded_at",
                "recorded_by",
            ],
        )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return {"attendances": len(attendance), "claims": len(claims), "offices": len(memberships)}


async def backend_pids(url: str) -> list[int]:
    """PostgreSQL's backends connected to the service's database (the pool's connections)."""
    conn = await asyncpg.connect(_dsn(make_url(url).set(database="postgres").render_as_string(False)))
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", make_url(url).database
        )
    finally:
        await conn.close()
    return [r["pid"] for r in rows]


async def vacuum(url: str) -> None:
    """The discarded draft's lines leave dead rows: vacuumed, so that each run stores into the same table."""
    conn = await asyncpg.connect(_dsn(url))
    try:
        await conn.execute("VACUUM ANALYZE pay_line, batch")
    finally:
        await conn.close()


def cpu_of(pids: list[int]) -> dict[int, float]:
    return {pid: value for pid in pids if (value := process_cpu_seconds(pid)) is not None}


def start_service(url: str, key_file: Path, port: int = PORT, source: Path | None = None) -> subprocess.Popen[bytes]:
    """`source`: another checkout of the repository whose service code to run instead (for a before/after)."""
    paths = [str(source / "services" / "remuneration" / "src"), str(source / "shared" / "src")] if source else []
    env = {
        **({"PYTHONPATH": os.pathsep.join(paths)} if paths else {}),
        "REMUNERATION_DATABASE_URL": url,
        "REMUNERATION_AUTH__DEV_KEY_FILE": str(key_file),
        "REMUNERATION_LOG_LEVEL": "WARNING",
        "REMUNERATION_EVENTS__RELAY_ENABLED": "false",
    }
    return start("remuneration.main:create_app", port, env)


def one_batch(api: httpx.Client, pid: int, url: str) -> dict[str, float]:
    """POST /batches timed end to end, then the draft discarded for the next run."""
    pg_before = cpu_of(asyncio.run(backend_pids(url)))
    cpu, started = process_cpu_seconds(pid) or 0.0, time.perf_counter()
    response = api.post("/batches", json={"period": PERIOD}, headers={"Idempotency-Key": str(uuid.uuid4())})
    wall = time.perf_counter() - started
    cpu = (process_cpu_seconds(pid) or 0.0) - cpu
    pg_after = cpu_of(asyncio.run(backend_pids(url)))
    pg = sum(after - pg_before.get(p, 0.0) for p, after in pg_after.items())
    if response.status_code != 201:
        raise RuntimeError(f"POST /batches: {response.status_code} {response.text[:500]}")
    batch = response.json()
    api.delete(f"/batches/{batch['id']}", headers={"If-Match": f'"{batch["version"]}"'}).raise_for_status()
    asyncio.run(vacuum(url))
    return {"wall": wall, "cpu": cpu, "pg_cpu": pg, "lines": batch["totals"]["lines"], "bytes": len(response.content)}


def measure(
    officials: int, runs: int, base_url: str, key_file: Path, token: str, baseline: Path | None = None
) -> dict[str, object]:
    url = asyncio.run(fresh_database(base_url, f"bench_remuneration_batch_{officials}"))
    upgrade_head(ALEMBIC_INI, url)
    started = time.perf_counter()
    counts = asyncio.run(fill(url, officials))
    print(
        f"  {officials:,} officials: {counts['attendances']:,} attendances, {counts['claims']:,} claims stored "
        f"in {time.perf_counter() - started:.1f} s"
    )
    services = {"service": start_service(url, key_file)}
    if baseline is not None:
        services["baseline"] = start_service(url, key_file, PORT + 1, baseline)
    ports = {"service": PORT, "baseline": PORT + 1}
    timed: dict[str, list[dict[str, object]]] = {name: [] for name in services}
    try:
        clients = {}
        for name in services:
            wait_up(f"http://127.0.0.1:{ports[name]}/health/live")
            clients[name] = httpx.Client(
                base_url=f"http://127.0.0.1:{ports[name]}", headers={"Authorization": f"Bearer {token}"}, timeout=900
            )
        warm = {name: one_batch(clients[name], process.pid, url) for name, process in services.items()}
        # Taken in turn, so that a busy spell of the machine falls on both alike.
        for _ in range(runs):
            for name, process in services.items():
                load = load_average()
                timed[name].append({**one_batch(clients[name], process.pid, url), "load": load})
        for client in clients.values():
            client.close()
    finally:
        for process in services.values():
            process.terminate()
            process.wait(20)
    result: dict[str, object] = {"officials": officials, **counts, "warm_up": warm["service"], "runs": timed["service"]}
    if baseline is not None:
        result["baseline_runs"] = timed["baseline"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--baseline", type=Path, help="another checkout of the repository, run side by side for a before/after"
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.officials.split(",")]
    base_url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    work = Path(tempfile.mkdtemp(prefix="remuneration-batch-"))
    auth = AuthSettings(dev_key_file=work / "key.pem")
    token = mint_dev_token(auth, "bench", ["remuneration:write", "remuneration:read"])
    print(f"\nRemuneration: POST /batches for {PERIOD} through the API from PostgreSQL (uvicorn process)")
    results = [measure(n, args.runs, base_url, auth.dev_key_file, token, args.baseline) for n in sizes]
    print(
        f"{'officials':>9} {'attendances':>11} {'lines':>7}  "
        f"{'wall s (3 runs)':>20} {'service CPU s':>20} {'PG CPU s':>17}  load average"
    )
    for r in results:
        runs = r["runs"]
        assert isinstance(runs, list)

        def col(key: str, runs: list[dict[str, object]] = runs) -> str:
            return " ".join(f"{float(x[key]):5.2f}" for x in runs)  # type: ignore[arg-type]

        loads = " | ".join(" ".join(f"{v:.2f}" for v in x["load"]) for x in runs)
        print(
            f"{r['officials']:>9,} {r['attendances']:>11,} {runs[0]['lines']:>7,}  {col('wall'):>20} "
            f"{col('cpu'):>20} {col('pg_cpu'):>17}  {loads}"
        )
    if args.baseline is not None:
        print(f"side by side, baseline {args.baseline}: wall / service CPU / PG CPU, baseline → this tree, per run")
        for r in results:
            pairs = zip(r["baseline_runs"], r["runs"], strict=True)  # type: ignore[call-overload]
            cells = " | ".join(
                f"{b['wall']:.2f}→{a['wall']:.2f} s, {b['cpu']:.2f}→{a['cpu']:.2f}, {b['pg_cpu']:.2f}→{a['pg_cpu']:.2f}"
                for b, a in pairs
            )
            print(f"{r['officials']:>9,}  {cells}")
    figures, wall_points, cpu_points = [], [], []
    for r in results:
        runs = r["runs"]
        assert isinstance(runs, list)
        wall = statistics.median(float(x["wall"]) for x in runs)
        cpu = statistics.median(float(x["cpu"]) for x in runs)
        wall_points.append((r["officials"], round(wall, 3)))
        cpu_points.append((r["officials"], round(cpu, 3)))
        if r["officials"] == GOAL_OFFICIALS:
            met = max(float(x["wall"]) for x in runs) <= GOAL_SECONDS
            figures.append(
                Figure(
                    "POST /batches, 1,000 officials × 60 meetings, wall (slowest of the runs)",
                    round(max(float(x["wall"]) for x in runs), 3),
                    "s",
                    f"≤ {GOAL_SECONDS} s",
                    met,
                )
            )
            figures.append(Figure("POST /batches, 1,000 officials, service CPU (median)", round(cpu, 3), "s", "", None))
            before = r.get("baseline_runs")
            if isinstance(before, list):
                for key, what in (("wall", "wall"), ("cpu", "service CPU"), ("pg_cpu", "PostgreSQL CPU")):
                    then = statistics.median(float(x[key]) for x in before)
                    now = statistics.median(float(x[key]) for x in runs)
                    figures.append(
                        Figure(f"POST /batches, 1,000 officials, {what}, baseline (median)", round(then, 3), "s")
                    )
                    figures.append(
                        Figure(
                            f"POST /batches, 1,000 officials, {what}, this tree / baseline", round(now / then, 3), "×"
                        )
                    )
            print(
                f"1,000 officials, slowest of {len(runs)} runs: {max(float(x['wall']) for x in runs):.2f} s "
                f"(goal ≤ {GOAL_SECONDS} s): {verdict(met)}"
            )
    if len(wall_points) > 1:
        (n0, w0), (n1, w1) = wall_points[0], wall_points[-1]
        print(f"growth per official, {n0:,} → {n1:,}: ×{(w1 / n1) / (w0 / n0):.2f} (1.0 = linear)")
    path = write_figures(
        "remuneration_batch",
        figures,
        [
            Series("POST /batches wall (median of runs)", "officials", "s", wall_points),
            Series("POST /batches service CPU (median of runs)", "officials", "s", cpu_points),
        ],
        runs=results,
        service="uvicorn process (uvloop, httptools), PostgreSQL on 127.0.0.1",
    )
    print(f"figures: {path}")


if __name__ == "__main__":
    main()
