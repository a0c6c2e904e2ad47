"""`make bench`, access part 2: on PostgreSQL, an official lists a case of 1,000 documents, each with its
decision (GET /cases/{case}/documents), against bare FastAPI doing the same pure work with plain asyncpg on
the same database (the goal: ≥ 30 % of it), and, for scale, against the same work with no database at all.

The case is seeded through the service's own API and inbox: the official's seats (body.membership.changed),
the case put before a committee (case.presented), 1,000 documents registered with their Noark 5 screening,
a declaration and a majority grant for a third of the documents, so the official is refused some confidential
ones. Every listing also appends its audit entry to the hash chain.

Requests per second on a shared machine move with whatever else runs; the CPU time each server process spends
per request (user + system, from /proc, over the same load) far less, so both are reported, and the ratio on
each. The database server's own CPU is in neither.

Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres on 127.0.0.1) and wrk.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procstat
from access_fixture import screening_of
from http_load import load_tool, run_load
from processes import fresh_database, start, wait_up

from access.db import ALEMBIC_INI
from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.contracts import CasePresentedV1, EventData, MembershipChangedV1
from folkevalgt_shared.events.envelope import build_envelope, signed_headers
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET, AuthSettings

SERVICE_PORT, BARE_PORT, MEMORY_PORT = 18141, 18142, 18143
TARGETS = (("service", SERVICE_PORT), ("bare", BARE_PORT), ("memory", MEMORY_PORT))
ROUNDS, ROUND_SECONDS, CONNECTIONS = 3, 5, 8
CASE, COMMITTEE = "2026/1000", "living-conditions-committee"
DOCUMENTS = 1000


def deliver(api: httpx.Client, data: EventData) -> None:
    event_id, payload = build_envelope(data, subject="bench")
    response = api.post("/events", content=payload, headers=signed_headers(DEV_WEBHOOK_SECRET, event_id, payload))
    response.raise_for_status()


def seed(api: httpx.Client, person: uuid.UUID) -> None:
    for body, body_type, role in (
        ("municipal-council", "municipal_council", "member"),
        (COMMITTEE, "standing_committee", "chair"),
        ("executive-committee", "executive_committee", "deputy"),
    ):
        deliver(
            api,
            MembershipChangedV1(
                membership_id=uuid.uuid4(),
                person_id=person,
                person_name="Benk Benkesen",
                body_id=uuid.uuid4(),
                body_key=body,
                body_name=body,
                body_type=body_type,
                role=role,
                voting_right=role != "deputy",  # type: ignore[arg-type]
                start_date=date(2023, 10, 1),
                version=1,
                changed_at=datetime.now(UTC),
            ),
        )
    api.post("/declarations", json={"person_id": str(person), "signed_on": "2023-10-16"}).raise_for_status()
    api.post(
        "/cases",
        json={
            "case_number": CASE,
            "title": "Barnehagebehovsplan 2026–2030",
            "owning_body": COMMITTEE,
            "remit_areas": ["kindergartens"],
            "competition_group": "g1",
        },
    ).raise_for_status()
    granted = []
    for n in range(DOCUMENTS):
        body: dict[str, object] = {
            "case_number": CASE,
            "external_id": f"{CASE}-{n}",
            "title": f"Dokument {n}",
            "document_date": (date(2026, 1, 1) - timedelta(days=n % 300)).isoformat(),
        }
        s = screening_of(n)
        if s is not None:
            body |= {
                "restriction_code": s["restriction_code"],
                "screening_basis": s["basis"],
                "screened_fields": s["screened_fields"],
                "screening_scope": "partial" if s["partial"] else "whole",
                "screening_ends_on": s["ends_on"].isoformat() if s["ends_on"] else None,
            }  # type: ignore[attr-defined]
        registered = api.post("/documents", json=body)
        registered.raise_for_status()
        if n % 3 == 0:
            granted.append(registered.json()["id"])
    meeting = uuid.uuid4()
    deliver(
        api,
        CasePresentedV1(
            case_number=CASE,
            title="Barnehagebehovsplan 2026–2030",
            meeting_id=meeting,
            body_id=uuid.uuid4(),
            body_key=COMMITTEE,
            agenda_item_id=uuid.uuid4(),
            closed=False,
            documents=[],
            presented_at=datetime.now(UTC) - timedelta(days=1),
        ),
    )
    api.post(
        "/grants",
        json={
            "kind": "majority",
            "body_key": COMMITTEE,
            "decision_ref": "LEV 001/26",
            "decided_on": datetime.now(UTC).date().isoformat(),
            "meeting_id": str(meeting),
            "case_number": CASE,
            "document_ids": granted,
        },
    ).raise_for_status()


def main() -> None:
    if load_tool() != "wrk":
        print("access listing bench: skipped, it needs wrk (apt-get install -y wrk)")
        return
    work = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-access-"))
    auth = AuthSettings(dev_key_file=work / "key.pem")
    url = asyncio.run(
        fresh_database(
            os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"), "bench_access"
        )
    )
    upgrade_head(ALEMBIC_INI, url)
    service = start(
        "access.main:create_app",
        SERVICE_PORT,
        {
            "ACCESS_DATABASE_URL": url,
            "ACCESS_AUTH__DEV_KEY_FILE": str(auth.dev_key_file),
            "ACCESS_LOG_LEVEL": "WARNING",
        },
    )
    bare = memory = None
    try:
        base = f"http://127.0.0.1:{SERVICE_PORT}"
        wait_up(f"{base}/health/live")
        person = uuid.uuid4()
        admin = mint_dev_token(auth, "case-management-system", ["access:write", "access:decide", "access:read"])
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {admin}"}, timeout=60) as api:
            seed(api, person)
        token = mint_dev_token(auth, str(person), ["access:read"])
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        bare = start("access_bare_app:create_app", BARE_PORT, {"BENCH_BARE_DSN": dsn})
        memory = start("access_bare_app:create_memory_app", MEMORY_PORT, {"BENCH_BARE_DSN": dsn})
        wait_up(f"http://127.0.0.1:{BARE_PORT}/docs")
        wait_up(f"http://127.0.0.1:{MEMORY_PORT}/docs")
        path = f"/cases/{CASE}/documents?person={person}"
        headers = {"Authorization": f"Bearer {token}"}
        answers = {t: httpx.get(f"http://127.0.0.1:{p}{path}", headers=headers, timeout=60).json() for t, p in TARGETS}
        counts = {t: (a["count"], len(a["items"])) for t, a in answers.items()}
        assert len(set(counts.values())) == 1, counts  # the same work: the same listing
        outcomes: dict[str, int] = {}
        for item in answers["service"]["items"]:
            outcomes[item["decision"]["outcome"]] = outcomes.get(item["decision"]["outcome"], 0) + 1
        for _target, port in TARGETS:
            run_load(f"http://127.0.0.1:{port}{path}", connections=CONNECTIONS, duration=2, headers=headers)
        pids = {"service": service.pid, "bare": bare.pid, "memory": memory.pid}
        rounds: dict[str, list[dict[str, float | int | str]]] = {target: [] for target, _ in TARGETS}
        cpu_ms: dict[str, list[float]] = {target: [] for target, _ in TARGETS}
        for _ in range(ROUNDS):
            for target, port in TARGETS:
                before = procstat.process_cpu_seconds(pids[target]) or 0.0
                result = run_load(
                    f"http://127.0.0.1:{port}{path}", connections=CONNECTIONS, duration=ROUND_SECONDS, headers=headers
                )
                spent = (procstat.process_cpu_seconds(pids[target]) or 0.0) - before
                rounds[target].append(result)
                cpu_ms[target].append(spent * 1000 / max(1, int(result["requests"])))
        s, b, m = (sorted(rounds[t], key=lambda r: float(r["rps"]))[ROUNDS // 2] for t, _ in TARGETS)
        sc, bc, mc = (sorted(cpu_ms[t])[ROUNDS // 2] for t, _ in TARGETS)
        size = len(json.dumps(answers["service"]).encode())
        print(
            f"\nAccess on PostgreSQL: listing a case of {DOCUMENTS} documents with their decisions "
            f"({counts['service'][0]} listed, {outcomes}; {size // 1024} KiB) vs bare FastAPI"
        )
        print(f"({CONNECTIONS} connections; median of {ROUNDS} rounds of {ROUND_SECONDS} s; wrk)")
        print(
            f"{'service req/s':>14} {'bare PG req/s':>14} {'ratio':>6} {'no-DB req/s':>12} {'ratio':>6} "
            f"{'service p50/p99 ms':>20}"
        )
        print(
            f"{s['rps']:>14,.1f} {b['rps']:>14,.1f} {s['rps'] / b['rps']:>6.0%} {m['rps']:>12,.1f} "
            f"{s['rps'] / m['rps']:>6.0%} {s['p50_ms']:>9.1f}/{s['p99_ms']:<9.1f} "
            f"(non-2xx: {s['non2xx']}/{b['non2xx']}/{m['non2xx']}; "
            f"{float(s['rps']) * DOCUMENTS:,.0f} decisions/s through the service)"
        )
        print(
            f"CPU of each server process per request (median): service {sc:.2f} ms, bare PG {bc:.2f} ms "
            f"(ratio {bc / sc:.0%}), no-DB {mc:.2f} ms (ratio {mc / sc:.0%}); machine busy {procstat.cpu_busy():.0%}"
        )
        print("goal: ≥ 30 % of bare FastAPI on PostgreSQL")
    finally:
        for process in (service, bare, memory):
            if process is not None:
                process.terminate()
                process.wait(10)


if __name__ == "__main__":
    main()
