"""`make bench`, leave part: a half-year's sick-leave statistics (LEA-70) for 2,000 employees. Goal: < 1 s.

2,000 employees in 100 units (some too small to be shown), with nine earlier half-years on file for the path
against the target. Timed through the ASGI app in process, as HR and a manager would call it: the half-year's
figures posted as CSV, then the statistics as JSON, as CSV and the chart as SVG.

    .venv/bin/python bench/leave_statistics_bench.py [--sqlite]   (BENCH_POSTGRES_URL, BENCH_LEAVE_DATABASE)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import fresh_database

from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings, EventSettings
from leave.config import Settings
from leave.db import ALEMBIC_INI, Base
from leave.main import create_app

EMPLOYEES, UNITS = 2_000, 100
HALF_YEARS = [(y, h) for y in range(2008, 2013) for h in (1, 2)]  # the last is the one timed


def figures_csv(year: int, half: int, rng: random.Random) -> str:
    lines = ["year,half,unit_code,unit_name,employees,possible_days,short_term_days,child_illness_days,long_term_days"]
    sizes = []
    for _ in range(UNITS // 2):  # pairs around the mean, so there are exactly 2,000; some too small to be shown
        spread = rng.randint(0, 17)
        sizes += [EMPLOYEES // UNITS - spread, EMPLOYEES // UNITS + spread]
    for n, size in enumerate(sizes):
        possible = size * 118
        absent = possible * rng.randint(30, 260) // 1000
        short, child = absent * 24 // 100, absent * 4 // 100
        lines.append(
            f"{year},{half},U{n:03d},Virksomhet {n},{size},{possible},{short},{child},{absent - short - child}"
        )
    return "\n".join(lines) + "\n"


async def run(url: str, keys: Path) -> None:
    await asyncio.to_thread(upgrade_head, ALEMBIC_INI, url)
    auth = AuthSettings(dev_key_file=keys)
    events = EventSettings(relay_enabled=False)
    app = create_app(Settings(database_url=url, environment="test", auth=auth, log_level="WARNING", events=events))
    if not app.state.db.is_sqlite:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with app.state.db.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    hr = {"Authorization": f"Bearer {mint_dev_token(auth, 'hr', ['leave:admin', 'leave:read'])}"}
    manager = {"Authorization": f"Bearer {mint_dev_token(auth, 'management', ['leave:decide', 'leave:read'])}"}
    rng = random.Random(70)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://leave") as c:
        for year, half in HALF_YEARS[:-1]:
            body = figures_csv(year, half, rng).encode()
            response = await c.post("/sick-leave/figures", content=body, headers={**hr, "Content-Type": "text/csv"})
            assert response.status_code == 200, response.text
        year, half = HALF_YEARS[-1]
        body = figures_csv(year, half, rng).encode()
        timings = []
        began = time.perf_counter()
        response = await c.post("/sick-leave/figures", content=body, headers={**hr, "Content-Type": "text/csv"})
        response.raise_for_status()
        timings.append(("POST figures (100 units, CSV)", time.perf_counter() - began))
        params = {"year": year, "half": half}
        for label, path in (("GET statistics (JSON)", "/sick-leave/statistics"),
                            ("GET statistics (CSV)", "/sick-leave/statistics.csv"),
                            ("GET chart (SVG)", "/sick-leave/chart.svg")):  # fmt: skip
            began = time.perf_counter()
            response = await c.get(path, params=params, headers=manager)
            response.raise_for_status()
            timings.append((label, time.perf_counter() - began))
        report = (await c.get("/sick-leave/statistics", params=params, headers=manager)).json()
    await app.state.db.dispose()
    shown = sum(1 for u in report["units"] if not u["suppressed"])
    print(f"\nSick-leave statistics, {year}H{half}: {report['municipality']['employees']} employees in "
          f"{len(report['units'])} units ({shown} shown), {len(report['path'])} half-years on the path")  # fmt: skip
    for label, seconds in timings:
        print(f"  {label:32} {seconds * 1000:8.1f} ms")
    total = sum(s for _, s in timings)
    print(f"  {'all four':32} {total * 1000:8.1f} ms   (goal: < 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", action="store_true", help="on SQLite in a temporary directory")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-leave-statistics-"))
    if args.sqlite:
        url = f"sqlite+aiosqlite:///{work / 'leave.db'}"
    else:
        base_url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
        name = os.environ.get("BENCH_LEAVE_DATABASE", "bench_leave") + "_statistics"
        url = asyncio.run(fresh_database(base_url, name))
    asyncio.run(run(url, work / "key.pem"))


if __name__ == "__main__":
    main()
