"""Payroll CSV pull (REM-90): how fast approved payout lines stream. Goal: ≥ 20,000 lines/s for 100,000 lines.

Migrates a fresh database (SQLite in a temp dir, or PostgreSQL with --postgres URL), stores --lines approved
lines with Core inserts, then streams GET /payroll/lines.csv in process through the ASGI app and reports
lines per second (time to the last byte) and the JSON pull for comparison.

    .venv/bin/python bench/remuneration_payroll_bench.py [--lines 100000] [--postgres postgresql+asyncpg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import insert, text

from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings, EventSettings
from folkevalgt_shared.types import utcnow
from remuneration.batches.models import Batch, PayLineRow
from remuneration.config import Settings
from remuneration.db import ALEMBIC_INI, Base
from remuneration.main import create_app


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


async def run(lines: int, url: str, keys: Path) -> None:
    await asyncio.to_thread(upgrade_head, ALEMBIC_INI, url)
    auth = AuthSettings(dev_key_file=keys)
    app = create_app(
        Settings(
            database_url=url,
            environment="test",
            auth=auth,
            log_level="WARNING",
            events=EventSettings(relay_enabled=False),
        )
    )
    db = app.state.db
    if not db.is_sqlite:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with db.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    batch_id, now = uuid.uuid4(), utcnow()
    started = time.perf_counter()
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
    print(f"stored {lines} lines in {time.perf_counter() - started:.1f} s")
    headers = {"Authorization": f"Bearer {mint_dev_token(auth, 'payroll-partner', ['payroll:read'])}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://remuneration") as client:
        for _ in range(2):  # the first run warms caches
            started, cpu = time.perf_counter(), time.process_time()
            rows = 0
            async with client.stream("GET", "/payroll/lines.csv", headers=headers) as response:
                async for chunk in response.aiter_text():
                    rows += chunk.count("\n")
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        # CPU time of this process (app and client alike): what a busy machine's wall time hides.
        print(f"CSV : {rows - 1} lines in {elapsed:.2f} s = {(rows - 1) / elapsed:,.0f} lines/s (CPU {cpu:.2f} s)")
        started, cpu, after, pulled = time.perf_counter(), time.process_time(), 0, 0
        while True:
            page = (await client.get(f"/payroll/lines?after={after}&limit=1000", headers=headers)).json()
            pulled += len(page["items"])
            after = page["cursor"]
            if page["next"] is None:
                break
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        rate = f"{pulled / elapsed:,.0f} lines/s"
        print(f"JSON: {pulled} lines in {elapsed:.2f} s = {rate} (pages of 1000, CPU {cpu:.2f} s)")
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL (postgresql+asyncpg://…); default SQLite in a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite+aiosqlite:///{tmp}/remuneration.db"
        asyncio.run(run(args.lines, url, Path(tmp) / "dev-key.pem"))


if __name__ == "__main__":
    main()
