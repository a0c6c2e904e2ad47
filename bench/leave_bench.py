"""`make bench`, leave part: the unit manager's decision on PostgreSQL with 2,000 employees and 20,000 earlier
grants, against bare FastAPI doing the same work with plain asyncpg on the same database (bench/leave_bare_app.py;
the goal: ≥ 30 % of it).

Every request decides another pending application (as its unit's manager, for the service): one-day leave of six
reasons in turn, so some are paid, some split by the pot or the occasion's maximum, some unpaid (LEA-16). The load
is closed-loop from bench/leave_load.py in its own process; rounds are taken in turn and the median kept.

    .venv/bin/python bench/leave_bench.py   (BENCH_POSTGRES_URL, BENCH_LEAVE_DATABASE=bench_leave)
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import fresh_database, start, wait_up
from procstat import cpu_busy, process_cpu_seconds

from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.calendar import is_working_day
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings
from leave.db import ALEMBIC_INI

BENCH_DIR = Path(__file__).resolve().parent
SERVICE_PORT, BARE_PORT = 18202, 18203
EMPLOYEES, UNITS, EARLIER, PENDING = 2_000, 100, 10, 30
DAY = 7_500_000
REASONS = ["medical", "death", "moving", "public_office", "serious_illness", "blood_donation"]
RULES = {"medical": "LEA-14", "death": "LEA-11", "moving": "LEA-21", "public_office": "LEA-30",
         "serious_illness": "LEA-10", "blood_donation": "LEA-15"}  # fmt: skip
ROUNDS, ROUND_SECONDS, CONNECTIONS = 3, 5, 16
GRANTED = "no.folkevalgt.leave.leave.granted.v1"


def working_days(year: int) -> list[date]:
    day, out = date(year, 1, 1), []
    while day.year == year:
        if is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


async def populate(dsn: str, auth: AuthSettings) -> tuple[list[list[str | None]], list[list[str | None]]]:
    """2,000 employees in 100 units, 10 granted one-day leaves each (20,000), 30 pending each (the decisions)."""
    now = datetime.now(UTC)
    days = working_days(2026)
    units = [(uuid.uuid4(), f"U{n:03d}") for n in range(UNITS)]
    employees = []
    for n in range(EMPLOYEES):
        unit_id = units[n % UNITS][0]
        position = (10_000, 8_000, 5_000)[n % 3]
        employees.append((uuid.uuid4(), f"B{n:05d}", f"Ansatt {n}", None, unit_id, position, DAY, True,
                          date(2010, 1, 1), None, 1, now, now))  # fmt: skip
    managers = {e[4]: e for e in employees[:UNITS]}  # the first employee of each unit manages it
    applications, parts, service, bare = [], [], [], []

    def application(employee: tuple, reason: str, day: date, status: str, occasion: str | None) -> uuid.UUID:  # type: ignore[type-arg]
        application_id = uuid.uuid4()
        applications.append((
            application_id, employee[0], employee[4], reason, RULES[reason], None, occasion, "Søknad", None,
            "written", False, day, day, None, day, day, None, status, "bench", now,
            "bench" if status == "granted" else None, now if status == "granted" else None, None, None,
            DAY * employee[5] // 10_000 if status == "granted" else 0, 0, 0, True, None, None, None, None, None,
            None, 1, now, now,
        ))  # fmt: skip
        return application_id

    for k in range(EARLIER):  # ten paid days at the doctor's in January–May: two are left of the pot
        for n, employee in enumerate(employees):
            day = days[(n * 7 + k * 3) % 90]
            application_id = application(employee, "medical", day, "granted", None)
            hours = DAY * employee[5] // 10_000
            parts.append((application_id, employee[0], "medical", None, 2026, day, day, 1, hours, hours, "paid",
                          "welfare", "LEA-14", "Undersøkelse og behandling (§ 3.4)", False, False))  # fmt: skip
    tokens = {m[0]: mint_dev_token(auth, str(m[0]), ["leave:decide", "leave:read"]) for m in managers.values()}
    for k in range(PENDING):
        for employee in employees[UNITS:]:
            reason = REASONS[k % len(REASONS)]
            occasion = f"occasion-{k // 4}" if reason in ("death", "serious_illness") else None
            application_id = application(employee, reason, days[110 + k * 4], "pending", occasion)
            path = f"/applications/{application_id}/decision"
            if k < PENDING // 3:
                service.append([path, tokens[managers[employee[4]][0]]])
            else:
                bare.append([path, None])
    dsn_pg = make_url(dsn).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn_pg)
    try:
        await conn.copy_records_to_table(
            "unit", records=[(u, code, code, managers[u][0], 1, now, now) for u, code in units],
            columns=["id", "code", "name", "manager_id", "version", "created_at", "modified_at"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "employee", records=employees,
            columns=["id", "employee_number", "name", "person_id", "unit_id", "position", "full_time_day",
                     "permanent", "employment_start", "employment_end", "version", "created_at", "modified_at"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "leave_application", records=applications,
            columns=["id", "employee_id", "unit_id", "reason", "rule", "legal_basis", "occasion", "justification",
                     "documentation_ref", "channel", "urgent", "requested_start", "requested_end",
                     "requested_per_day", "start_date", "end_date", "per_day", "status", "submitted_by",
                     "submitted_at", "decided_by", "decided_at", "decision_note", "rule_version", "paid", "unpaid",
                     "statutory", "holiday_pay_beyond", "consequences", "balances", "revoked_from", "revoked_by",
                     "revoked_at", "revocation_reason", "version", "created_at", "modified_at"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "granted_part", records=parts,
            columns=["application_id", "employee_id", "reason", "occasion", "year", "first_date", "last_date", "days",
                     "per_day", "hours", "pay", "pot", "rule", "why", "right", "discretionary"],
        )  # fmt: skip
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return service, bare


def load(targets: Path, base: str, offset: int, duration: float, pid: int) -> dict[str, float]:
    """One round; with the server process's CPU milliseconds per request, which a busy machine distorts less."""
    cpu = process_cpu_seconds(pid) or 0.0
    out = subprocess.run(
        [sys.executable, str(BENCH_DIR / "leave_load.py"), "--targets", str(targets), "--base", base,
         "--offset", str(offset), "--connections", str(CONNECTIONS), "--duration", str(duration)],
        capture_output=True, text=True, check=True, timeout=duration + 120,
    )  # fmt: skip
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    result["cpu_ms"] = ((process_cpu_seconds(pid) or 0.0) - cpu) * 1000 / max(1, result["requests"])
    return result


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-leave-"))
    auth = AuthSettings(dev_key_file=work / "key.pem")
    base_url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    url = asyncio.run(fresh_database(base_url, os.environ.get("BENCH_LEAVE_DATABASE", "bench_leave")))
    upgrade_head(ALEMBIC_INI, url)
    began = time.perf_counter()
    service_targets, bare_targets = asyncio.run(populate(url, auth))
    print(f"populated in {time.perf_counter() - began:.1f} s: {EMPLOYEES} employees, {EMPLOYEES * EARLIER} grants, "
          f"{len(service_targets) + len(bare_targets)} pending")  # fmt: skip
    files = {"service": work / "service.json", "bare": work / "bare.json"}
    files["service"].write_text(json.dumps(service_targets))
    files["bare"].write_text(json.dumps(bare_targets))
    subscriptions = json.dumps([{"name": "payroll", "url": "http://127.0.0.1:9/events", "types": [GRANTED]}])
    service = start(
        "leave.main:create_app",
        SERVICE_PORT,
        {
            "LEAVE_DATABASE_URL": url,
            "LEAVE_AUTH__DEV_KEY_FILE": str(auth.dev_key_file),
            "LEAVE_LOG_LEVEL": "WARNING",
            "LEAVE_EVENTS__SUBSCRIPTIONS": subscriptions,  # the outbox row is written, as in production
            "LEAVE_EVENTS__RELAY_ENABLED": "false",
            "LEAVE_JOBS_ENABLED": "false",
        },
    )
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    bare = start("leave_bare_app:create_app", BARE_PORT, {"BENCH_BARE_DSN": dsn})
    try:
        wait_up(f"http://127.0.0.1:{SERVICE_PORT}/health/live")
        wait_up(f"http://127.0.0.1:{BARE_PORT}/docs")
        bases = {"service": f"http://127.0.0.1:{SERVICE_PORT}", "bare": f"http://127.0.0.1:{BARE_PORT}"}
        offsets = {"service": 0, "bare": 0}
        rounds: dict[str, list[dict[str, float]]] = {"service": [], "bare": []}
        pids = {"service": service.pid, "bare": bare.pid}
        for target in ("service", "bare"):  # warm-up
            offsets[target] += int(load(files[target], bases[target], offsets[target], 2, pids[target])["used"])
        for _ in range(ROUNDS):
            for target in ("service", "bare"):
                result = load(files[target], bases[target], offsets[target], ROUND_SECONDS, pids[target])
                offsets[target] += int(result["used"])
                rounds[target].append(result)
        s, b = (sorted(rounds[t], key=lambda r: r["rps"])[ROUNDS // 2] for t in ("service", "bare"))
        print(
            f"\nLeave decisions on PostgreSQL vs bare FastAPI ({EMPLOYEES} employees, {EMPLOYEES * EARLIER} earlier "
            f"grants; {CONNECTIONS} connections; median of {ROUNDS} rounds of {ROUND_SECONDS} s)"
        )
        print(f"{'':24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11} {'non-2xx':>8}")
        for name, r in (("service (as manager)", s), ("bare FastAPI + asyncpg", b)):
            print(f"{name:24} {r['rps']:>8,.0f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['cpu_ms']:>11.2f} "
                  f"{r['non2xx']:>8}")  # fmt: skip
        print(f"ratio {s['rps'] / b['rps']:.0%} in requests per second, {b['cpu_ms'] / s['cpu_ms']:.0%} in CPU per "
              "request (goal: ≥ 30 % of bare FastAPI on PostgreSQL)")  # fmt: skip
        busy = cpu_busy(1.0)
        if busy is not None:
            print(f"machine busy {busy:.0%} after the runs (other processes share the cores)")
    finally:
        for process in (service, bare):
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
