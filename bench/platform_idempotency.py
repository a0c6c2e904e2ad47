"""Idempotency-Key under concurrency on PostgreSQL: rounds of N simultaneous POST /people to the meetings
service with one key per round. Counts the answers by status and the people actually created: the
goal is one person per round, every duplicate answered with the first response (or 409 in progress),
and no 500.

Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres on 127.0.0.1). In-process (ASGI), so it
measures the service's behaviour, not a network.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import sys
import tempfile
from pathlib import Path

import httpx
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import fresh_database

from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings, EventSettings
from meetings.config import Settings
from meetings.db import ALEMBIC_INI
from meetings.main import create_app
from meetings.register.models import Person


async def main(rounds: int, concurrency: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-idempotency-"))
    auth = AuthSettings(dev_key_file=work / "key.pem")
    base_url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    url = await fresh_database(base_url, "folkevalgt_platform_bench_idem")
    await asyncio.to_thread(upgrade_head, ALEMBIC_INI, url)
    settings = Settings(
        database_url=url, auth=auth, log_level="CRITICAL", events=EventSettings(relay_enabled=False), jobs_enabled=False
    )
    app = create_app(settings)
    token = mint_dev_token(auth, "bench", ALL_SCOPES)
    statuses: collections.Counter[int] = collections.Counter()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://m"
    ) as api:
        for n in range(rounds):
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"round-{n}"}
            answers = await asyncio.gather(
                *(api.post("/people", json={"name": f"Person {n}"}, headers=headers) for _ in range(concurrency))
            )
            statuses.update(a.status_code for a in answers)
    async with app.state.db.reading() as session:
        people = await session.scalar(select(func.count()).select_from(Person))
    await app.state.db.dispose()
    total = rounds * concurrency
    print(
        f"\nIdempotency-Key on PostgreSQL: {rounds} rounds × {concurrency} concurrent POST /people, one key per round"
    )
    print(
        "  answers: "
        + ", ".join(f"{status}: {count} ({count / total:.0%})" for status, count in sorted(statuses.items()))
    )
    print(f"  people created: {people} (goal: {rounds})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.concurrency))
