"""Yardstick for the leave decision benchmark: bare FastAPI doing the same work as the service's decision.

Plain asyncpg on the service's own database, no auth, no ORM, no outbox, no middleware. POST
/applications/{id}/decision locks the application and its employee, reads the employee's pots and the occasion's
earlier grants, checks the overlap with granted leave, splits the leave with the same domain function (LEA-16),
states the consequences (LEA-04) and the pots afterwards (LEA-03), and writes the decision and its parts in one
transaction. Started by bench/leave_bench.py (BENCH_BARE_DSN).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
from fastapi import FastAPI, HTTPException

from leave.domain.applications import Taken, check_no_clash
from leave.domain.consequences import consequences
from leave.domain.model import Employment, Extent, format_hours
from leave.domain.quota import History, balances, split
from leave.domain.reasons import BY_CODE
from leave.domain.settings import rule_book

LOCK = """
SELECT a.status, a.employee_id, a.reason, a.occasion, a.requested_start, a.requested_end, a.requested_per_day,
       e.position, e.full_time_day, e.permanent, e.employment_start, e.employment_end
FROM leave_application a JOIN employee e ON e.id = a.employee_id
WHERE a.id = $1 FOR UPDATE OF a, e
"""
POTS = """
SELECT pot, year, sum(hours) FROM granted_part
WHERE employee_id = $1 AND pay = 'paid' AND pot IS NOT NULL AND year = ANY($2::int[]) GROUP BY pot, year
"""
OCCASION = "SELECT coalesce(sum(hours), 0) FROM granted_part WHERE employee_id = $1 AND reason = $2 AND occasion = $3"
TAKEN = """
SELECT id, start_date, end_date, per_day FROM leave_application
WHERE employee_id = $1 AND status = 'granted' AND start_date <= $3 AND end_date >= $2 AND id != $4
"""
GRANT = """
UPDATE leave_application SET status = 'granted', decided_by = 'bare', decided_at = $2, paid = $3, unpaid = $4,
       statutory = $5, version = version + 1, modified_at = $2
WHERE id = $1
"""
PART = """
INSERT INTO granted_part (application_id, employee_id, reason, occasion, year, first_date, last_date, days, per_day,
                          hours, pay, pot, rule, why, "right", discretionary)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
"""


def create_app() -> FastAPI:
    dsn = os.environ["BENCH_BARE_DSN"]
    rules = rule_book()
    pool: asyncpg.Pool | None = None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(dsn, min_size=10, max_size=20)
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/applications/{application_id}/decision")
    async def decide(application_id: uuid.UUID) -> dict[str, Any]:
        assert pool is not None
        async with pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(LOCK, application_id)
            if row is None or row["status"] != "pending":
                raise HTTPException(409)
            reason = BY_CODE[row["reason"]]
            extent = Extent(row["requested_start"], row["requested_end"], row["requested_per_day"])
            employment = Employment(row["position"], row["full_time_day"], row["permanent"], row["employment_start"],
                                    row["employment_end"])  # fmt: skip
            _, settings = rules.regulation(extent.start)
            years = list(range(extent.start.year, extent.end.year + 1))
            used = {(pot, year): int(total) for pot, year, total in await conn.fetch(POTS, row["employee_id"], years)}
            occasion_used = 0
            rs = settings.reasons.get(reason.code)
            if rs is not None and rs.max_days is not None and row["occasion"] is not None:
                occasion_used = int(await conn.fetchval(OCCASION, row["employee_id"], reason.code, row["occasion"]))
            taken = await conn.fetch(TAKEN, row["employee_id"], extent.start, extent.end, application_id)
            check_no_clash(
                extent, [Taken(str(t[0]), Extent(t[1], t[2], t[3])) for t in taken], employment.full_time_day
            )
            result = split(reason, settings, employment, extent, History(used, occasion_used))
            stated = consequences(reason, result, employment, settings.consequences, extent)
            after = dict(used)
            for key, amount in result.drawn().items():
                after[key] = after.get(key, 0) + amount
            pots = balances(settings, employment, after, {p.year for p in result.parts})
            now = datetime.now(UTC)
            await conn.execute(GRANT, application_id, now, result.paid, result.unpaid, result.statutory)
            await conn.executemany(
                PART,
                [
                    (
                        application_id,
                        row["employee_id"],
                        reason.code,
                        row["occasion"],
                        p.year,
                        p.first,
                        p.last,
                        p.days,
                        p.per_day,
                        p.hours,
                        p.pay,
                        p.pot,
                        p.rule,
                        p.why,
                        p.right,
                        p.discretionary,
                    )
                    for p in result.parts
                ],
            )
        return {
            "paid_hours": format_hours(result.paid),
            "unpaid_hours": format_hours(result.unpaid),
            "parts": [{"pay": p.pay, "rule": p.rule, "why": p.why} for p in result.parts],
            "pots_after": [{"pot": b.pot, "year": b.year, "remaining": format_hours(b.remaining)} for b in pots],
            "consequences": list(stated.statements),
        }

    return app
