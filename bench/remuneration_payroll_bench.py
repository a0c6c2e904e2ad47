"""`make bench`, remuneration part: the payroll pull (REM-90), JSON pages and streamed CSV, on PostgreSQL.

For each size (10,000 / 50,000 / 100,000 approved lines) a fresh PostgreSQL database
(bench_remuneration_payroll_<lines>, migrated with the service's Alembic) gets the lines with Core
inserts; the service runs as a uvicorn process, and the pull is timed from a client in this process:
GET /payroll/lines in pages of 1,000 following the cursor to the end, and GET /payroll/lines.csv streamed
to the last byte. The figure is lines per CPU-second of the service process (/proc), which a busy machine
does not change much; lines per second of wall time is printed beside it. Three runs of each, after one
warm-up pull.

Goals: JSON ≥ 40,000 lines per CPU-second, growing linearly (the same rate at every size); CSV ≥ 20,000
lines/s (wall) for 100,000 lines.

    .venv/bin/python bench/remuneration_payroll_bench.py [--lines 10000,50000,100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import Figure, Series, load_average, verdict, write_figures
from processes import fresh_database, wait_up
from procstat import process_cpu_seconds
from remuneration_batch_bench import PORT, start_service

from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.db import Database
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings
from folkevalgt_shared.types import utcnow
from remuneration.batches.models import Batch, PayLineRow
from remuneration.db import ALEMBIC_INI

SIZES = (10_000, 50_000, 100_000)
PAGE = 1_000
GOAL_JSON_PER_CPU = 40_000
GOAL_CSV_PER_SECOND, GOAL_CSV_LINES = 20_000, 100_000


def line(n: int, batch_id: uuid.UUID) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "batch_id": batch_id,
        "position": n,
        "sequence": n,
        "recipient_id": str(uuid.uuid4()),
        "recipient_kind": "person",
        "period": "2026Q1",
        "item_type": "meeting_fee",
        "amount": 40_000 + n % 7,
        "benefit_type": "kontantytelse",
        "reporting_code": "styrehonorarOgGodtgjoerelseVerv",
        "tax_treatment": "withholding",
        "rule": "REM-30",
        "rate_version": "Reglement for godtgjøring til folkevalgte i Sør-Varanger, modell 1 (dagens ordning)",
        "explanation": "Meeting fee for member at municipal-council on 2026-02-05: NOK 400.00",
        "sources": [f"attendance:{uuid.uuid4()}"],
        "earned_on": date(2026, 2, 5),
        "claim_id": None,
        "corrects": None,
        "line_key": f"person:{n}|meeting_fee|REM-30|2026-02-05",
    }


async def fill(url: str, lines: int) -> None:
    db = Database(url)
    batch_id, now = uuid.uuid4(), utcnow()
    try:
        async with db.transaction() as session:
            await session.execute(
                insert(Batch).values(
                    id=batch_id,
                    period="2026Q1",
                    status="approved",
                    model="1",
                    rate_pending=[],
                    created_at=now,
                    created_by="bench",
                    version=1,
                    modified_at=now,
                )
            )
            for first in range(1, lines + 1, 10_000):
                await session.execute(
                    insert(PayLineRow), [line(n, batch_id) for n in range(first, min(first + 10_000, lines + 1))]
                )
    finally:
        await db.dispose()


def pull_json(api: httpx.Client, pid: int) -> dict[str, float]:
    cpu, started, after, pulled = process_cpu_seconds(pid) or 0.0, time.perf_counter(), 0, 0
    while True:
        response = api.get("/payroll/lines", params={"after": after, "limit": PAGE})
        response.raise_for_status()
        page = response.json()
        pulled += len(page["items"])
        after = page["cursor"]
        if page["next"] is None:
            break
    wall, cpu = time.perf_counter() - started, (process_cpu_seconds(pid) or 0.0) - cpu
    return {"lines": pulled, "wall": wall, "cpu": cpu}


def pull_csv(api: httpx.Client, pid: int) -> dict[str, float]:
    cpu, started, rows = process_cpu_seconds(pid) or 0.0, time.perf_counter(), 0
    with api.stream("GET", "/payroll/lines.csv") as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            rows += chunk.count(b"\n")
    wall, cpu = time.perf_counter() - started, (process_cpu_seconds(pid) or 0.0) - cpu
    return {"lines": rows - 1, "wall": wall, "cpu": cpu}


def measure(
    lines: int, runs: int, base_url: str, key_file: Path, token: str, baseline: Path | None = None
) -> dict[str, Any]:
    url = asyncio.run(fresh_database(base_url, f"bench_remuneration_payroll_{lines}"))
    upgrade_head(ALEMBIC_INI, url)
    started = time.perf_counter()
    asyncio.run(fill(url, lines))
    print(f"  {lines:,} approved lines stored in {time.perf_counter() - started:.1f} s")
    services = {"service": (start_service(url, key_file), PORT)}
    if baseline is not None:
        services["baseline"] = (start_service(url, key_file, PORT + 1, baseline), PORT + 1)
    out: dict[str, list[dict[str, Any]]] = {"json": [], "csv": [], "baseline_json": [], "baseline_csv": []}
    try:
        clients = {}
        for name, (_, port) in services.items():
            wait_up(f"http://127.0.0.1:{port}/health/live")
            clients[name] = httpx.Client(
                base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"}, timeout=600
            )
        for name, (process, _) in services.items():  # warm-up
            pull_json(clients[name], process.pid)
            pull_csv(clients[name], process.pid)
        # Taken in turn, so that a busy spell of the machine falls on both alike.
        for _ in range(runs):
            for name, (process, _) in services.items():
                prefix = "" if name == "service" else "baseline_"
                out[prefix + "json"].append({**pull_json(clients[name], process.pid), "load": load_average()})
                out[prefix + "csv"].append({**pull_csv(clients[name], process.pid), "load": load_average()})
        for client in clients.values():
            client.close()
    finally:
        for process, _ in services.values():
            process.terminate()
            process.wait(20)
    for kind, results in out.items():
        for r in results:
            if r["lines"] != lines:
                raise RuntimeError(f"{kind}: pulled {r['lines']} of {lines} lines")
    return {"lines": lines, **out}


def per_cpu(r: dict[str, Any]) -> float:
    return float(r["lines"]) / max(float(r["cpu"]), 0.01)


def per_second(r: dict[str, Any]) -> float:
    return float(r["lines"]) / float(r["wall"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--baseline", type=Path, help="another checkout of the repository, run side by side for a before/after"
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.lines.split(",")]
    base_url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    work = Path(tempfile.mkdtemp(prefix="remuneration-payroll-"))
    auth = AuthSettings(dev_key_file=work / "key.pem")
    token = mint_dev_token(auth, "payroll-partner", ["payroll:read"])
    print("\nRemuneration: the payroll pull from PostgreSQL (uvicorn process; CPU of the service process)")
    results = [measure(n, args.runs, base_url, auth.dev_key_file, token, args.baseline) for n in sizes]
    print(f"{'lines':>8} {'pull':>5} {'lines per CPU-second (runs)':>34} {'lines/s wall (runs)':>30}  load average")
    figures, series = [], []
    for kind in ("json", "csv"):
        points = []
        for r in results:
            runs = r[kind]
            cpu_rates = " ".join(f"{per_cpu(x):>10,.0f}" for x in runs)
            wall_rates = " ".join(f"{per_second(x):>9,.0f}" for x in runs)
            loads = " | ".join(" ".join(f"{v:.2f}" for v in x["load"]) for x in runs)
            print(f"{r['lines']:>8,} {kind:>5} {cpu_rates:>34} {wall_rates:>30}  {loads}")
            points.append((r["lines"], round(statistics.median(per_cpu(x) for x in runs))))
        series.append(
            Series(f"payroll {kind.upper()} pull, lines per CPU-second (median)", "lines", "lines/CPU-s", points)
        )
    for r in results:
        slowest = min(per_cpu(x) for x in r["json"])
        met = slowest >= GOAL_JSON_PER_CPU
        figures.append(
            Figure(
                f"payroll JSON pull of {r['lines']:,} lines, lines per CPU-second (slowest run)",
                round(slowest),
                "lines/CPU-s",
                f"≥ {GOAL_JSON_PER_CPU:,}",
                met,
            )
        )
        print(
            f"JSON, {r['lines']:,} lines: {slowest:,.0f} lines per CPU-second, slowest of {len(r['json'])} "
            f"(goal ≥ {GOAL_JSON_PER_CPU:,}): {verdict(met)}"
        )
        csv_cpu = statistics.median(per_cpu(x) for x in r["csv"])
        figures.append(
            Figure(
                f"payroll CSV pull of {r['lines']:,} lines, lines per CPU-second (median)",
                round(csv_cpu),
                "lines/CPU-s",
            )
        )
        if r["lines"] == GOAL_CSV_LINES:
            slowest_csv = min(per_second(x) for x in r["csv"])
            met = slowest_csv >= GOAL_CSV_PER_SECOND
            figures.append(
                Figure(
                    "payroll CSV pull of 100,000 lines, lines/s wall (slowest run)",
                    round(slowest_csv),
                    "lines/s",
                    f"≥ {GOAL_CSV_PER_SECOND:,}",
                    met,
                )
            )
            print(
                f"CSV, 100,000 lines: {slowest_csv:,.0f} lines/s wall (goal ≥ {GOAL_CSV_PER_SECOND:,}): {verdict(met)}"
            )
    if args.baseline is not None:
        print(f"side by side, baseline {args.baseline}: lines per CPU-second, baseline → this tree, per run")
        for r in results:
            for kind in ("json", "csv"):
                pairs = zip(r["baseline_" + kind], r[kind], strict=True)
                cells = " | ".join(f"{per_cpu(b):,.0f}→{per_cpu(a):,.0f}" for b, a in pairs)
                print(f"{r['lines']:>8,} {kind:>5}  {cells}")
                then = statistics.median(per_cpu(x) for x in r["baseline_" + kind])
                now = statistics.median(per_cpu(x) for x in r[kind])
                figures.append(
                    Figure(
                        f"payroll {kind.upper()} pull of {r['lines']:,} lines, lines per CPU-second, baseline (median)",
                        round(then),
                        "lines/CPU-s",
                    )
                )
                figures.append(
                    Figure(
                        f"payroll {kind.upper()} pull of {r['lines']:,} lines, lines/CPU-s, this tree / baseline",
                        round(now / then, 3),
                        "×",
                    )
                )
    json_points = series[0].points
    if len(json_points) > 1:
        ratio = json_points[-1][1] / json_points[0][1]
        print(
            f"JSON lines per CPU-second, {json_points[-1][0]:,} against {json_points[0][0]:,}: ×{ratio:.2f} "
            "(1.0 = linear)"
        )
    path = write_figures(
        "remuneration_payroll",
        figures,
        series,
        runs=results,
        service="uvicorn process (uvloop, httptools), PostgreSQL on 127.0.0.1; JSON pages of 1,000",
    )
    print(f"figures: {path}")


if __name__ == "__main__":
    main()
