"""Yardsticks for the access listing benchmark: bare FastAPI doing the same pure work as the service.

`create_app` ("bare FastAPI on PostgreSQL"): plain asyncpg on the service's own database, no auth, no ORM, no
middleware. For a person and a case it reads the same facts the service reads (the person's seats, meetings,
grants, disqualifications, pending disclosures, proxies, declarations, joint demands; the case, its
presentations and its documents), decides every document with the same decision function, shapes the same
listing, and appends the same audit entry to the hash chain, in a transaction.

`create_memory_app`: the same decisions and listing on facts held in memory, no database at all.

Started by bench/access_listing_bench.py (BENCH_BARE_DSN).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
import orjson
from fastapi import FastAPI
from fastapi.responses import Response

from access.audit.service import CHAIN_LOCK
from access.decisions.facts import to_case, to_document
from access.decisions.service import Decided, audit_details, listed_document
from access.domain.audit import GENESIS, chain_hash
from access.domain.decision import CaseDecider
from access.domain.model import (
    Attendance,
    Declaration,
    Disqualification,
    DisqualificationSource,
    Grant,
    GrantKind,
    GrantStatus,
    JointDemand,
    Proxy,
    Requester,
    Seat,
)
from access.rules import AccessRules
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.settings import REPO_ROOT

SEATS = """SELECT body_key, body_type, role, start_date, end_date FROM register_membership
WHERE person_id = $1 AND NOT deleted AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)"""
ATTENDED = "SELECT meeting_id, body_key FROM deputy_attendance WHERE person_id = $1"
GRANTS = """SELECT kind, body_key, decided_on, status, meeting_id, case_number, target_body, case_numbers, document_ids
FROM access_grant WHERE withdrawn_at IS NULL AND body_key = ANY($1::text[])"""
DISQUALIFIED = """SELECT d.case_number, d.source, d.overruled_by, c.competition_group FROM disqualification d
LEFT OUTER JOIN access_case c ON c.case_number = d.case_number WHERE d.person_id = $1"""
PENDING = """SELECT r.case_number, c.competition_group FROM access_request r
LEFT OUTER JOIN access_case c ON c.case_number = r.case_number
WHERE r.status = 'pending' AND r.disclosure IS NOT NULL AND r.person_id = $1"""
PROXIES = """SELECT case_numbers, power_of_attorney_ref, valid_from, valid_to, revoked_at FROM proxy
WHERE person_id = $1"""
DECLARATIONS = "SELECT signed_on, valid_until FROM declaration WHERE withdrawn_at IS NULL AND person_id = $1"
DEMANDS = """SELECT d.case_numbers, d.demanded_on FROM joint_demand d
JOIN joint_demand_signatory s ON s.demand_id = d.id WHERE d.withdrawn_at IS NULL AND s.person_id = $1"""
CASE = "SELECT * FROM access_case WHERE case_number = $1"
PRESENTATIONS = "SELECT meeting_id, body_key, presented_at FROM case_presentation WHERE case_number = $1"
DOCUMENTS = """SELECT id, external_id, case_number, title, public_title, document_date, direction, correspondent,
restriction_code, screening_basis, screened_fields, screening_scope, screening_ends_on, presented_exempt,
presented_basis, exempt_from_party_access FROM access_document WHERE case_number = $1
ORDER BY document_date NULLS FIRST, id"""
LAST = "SELECT seq, hash FROM access_audit ORDER BY seq DESC LIMIT 1"
INSERT_AUDIT = """INSERT INTO access_audit (seq, at, actor, action, person_id, case_number, document_id, outcome, rules,
reason, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, $7, $8, $9, $10, $11)"""


class Row:
    """Attribute access to a record, as the service's rows have it."""

    __slots__ = ("_r",)

    def __init__(self, record: Any) -> None:
        self._r = record

    def __getattr__(self, name: str) -> Any:
        value = self._r[name]
        return json.loads(value) if name in JSON_COLUMNS and isinstance(value, str) else value


JSON_COLUMNS = frozenset({"screened_fields", "remit_areas", "case_numbers", "document_ids"})


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


async def requester(conn: asyncpg.Connection, person: uuid.UUID, today: Any) -> Requester:
    seats = tuple(
        Seat(r["body_key"], r["body_type"], r["role"], r["start_date"], r["end_date"])
        for r in await conn.fetch(SEATS, person, today)
    )
    attended = tuple(Attendance(str(r["meeting_id"]), r["body_key"]) for r in await conn.fetch(ATTENDED, person))
    grants: tuple[Grant, ...] = ()
    if seats:
        grants = tuple(
            Grant(
                GrantKind(r["kind"]),
                r["body_key"],
                r["decided_on"],
                GrantStatus(r["status"]),
                None if r["meeting_id"] is None else str(r["meeting_id"]),
                r["case_number"],
                r["target_body"],
                frozenset(json.loads(r["case_numbers"])),
                frozenset(json.loads(r["document_ids"])),
            )
            for r in await conn.fetch(GRANTS, sorted({s.body_key for s in seats}))
        )
    pending = await conn.fetch(PENDING, person)
    return Requester(
        person_id=str(person),
        seats=seats,
        attended=attended,
        grants=grants,
        disqualifications=tuple(
            Disqualification(
                r["case_number"],
                DisqualificationSource(r["source"]),
                r["competition_group"],
                r["overruled_by"] is not None,
            )
            for r in await conn.fetch(DISQUALIFIED, person)
        ),
        pending_disclosures=frozenset(r["case_number"] for r in pending),
        pending_groups=frozenset(r["competition_group"] for r in pending if r["competition_group"] is not None),
        proxies=tuple(
            Proxy(
                frozenset(json.loads(r["case_numbers"])),
                r["power_of_attorney_ref"],
                r["valid_from"],
                r["valid_to"],
                r["revoked_at"],
            )
            for r in await conn.fetch(PROXIES, person)
        ),
        declarations=tuple(
            Declaration(r["signed_on"], r["valid_until"]) for r in await conn.fetch(DECLARATIONS, person)
        ),
        joint_demands=tuple(
            JointDemand(frozenset(json.loads(r["case_numbers"])), r["demanded_on"])
            for r in await conn.fetch(DEMANDS, person)
        ),
    )


def listing(case_row: Any, decider: CaseDecider, decided: list[Decided], person: uuid.UUID, now: datetime) -> bytes:
    listed = [d for d in decided if d.decision.listed]
    title = decider.decide_case_title()
    return orjson.dumps(
        {
            "case": {"case_number": case_row.case_number, "title": case_row.title if title.allowed else None},
            "person_id": person,
            "decided_at": now,
            "count": len(listed),
            "items": [listed_document(d.row, d.decision) for d in listed],
            "next": None,
        },
        default=str,
    )


def create_app() -> FastAPI:
    dsn = os.environ["BENCH_BARE_DSN"]
    rules = AccessRules(REPO_ROOT / "config" / "sor-varanger.yaml")
    pool: asyncpg.Pool | None = None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(dsn, min_size=10, max_size=20)
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/cases/{case_number:path}/documents")
    async def case_documents(case_number: str, person: uuid.UUID) -> Response:
        assert pool is not None
        now = datetime.now(UTC)
        today = oslo_date(now)
        async with pool.acquire() as conn, conn.transaction():
            case_row = Row(await conn.fetchrow(CASE, case_number))
            case = to_case(case_row, [Row(p) for p in await conn.fetch(PRESENTATIONS, case_number)])
            who = await requester(conn, person, today)
            decider = CaseDecider(who, case, now=now, policy=rules.at(today))
            decided = [
                Decided(r, decider.decide(to_document(r))) for r in map(Row, await conn.fetch(DOCUMENTS, case_number))
            ]
            await conn.execute("SELECT pg_advisory_xact_lock($1)", CHAIN_LOCK)
            last = await conn.fetchrow(LAST)
            entry: dict[str, Any] = {
                "seq": (last["seq"] if last else 0) + 1,
                "at": now,
                "actor": str(person),
                "action": "list_case_documents",
                "person_id": str(person),
                "case_number": case_number,
                "document_id": None,
                "outcome": None,
                "rules": [],
                "reason": f"{len(decided)} documents",
                "details": audit_details(decided),
                "prev_hash": last["hash"] if last else GENESIS,
            }
            entry["hash"] = chain_hash(entry["prev_hash"], entry)
            await conn.execute(
                INSERT_AUDIT,
                entry["seq"],
                now,
                entry["actor"],
                entry["action"],
                entry["person_id"],
                case_number,
                json.dumps(entry["rules"]),
                entry["reason"],
                json.dumps(entry["details"]),
                entry["prev_hash"],
                entry["hash"],
            )
        return Response(listing(case_row, decider, decided, person, now), media_type="application/json")

    return app


def create_memory_app() -> FastAPI:
    """The same decisions and listing, on facts loaded once from the database at start."""
    dsn = os.environ["BENCH_BARE_DSN"]
    rules = AccessRules(REPO_ROOT / "config" / "sor-varanger.yaml")
    held: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        conn = await asyncpg.connect(dsn)
        try:
            held["conn_facts"] = {
                "case": [dict(r) for r in await conn.fetch("SELECT * FROM access_case")],
                "presentations": [dict(r) for r in await conn.fetch("SELECT * FROM case_presentation")],
                "documents": [Row(r) for r in await conn.fetch(DOCUMENTS.replace("WHERE case_number = $1", ""))],
            }
            held["people"] = {}
            for (person,) in await conn.fetch("SELECT DISTINCT person_id FROM register_membership"):
                held["people"][person] = await requester(conn, person, oslo_date(datetime.now(UTC)))
        finally:
            await conn.close()
        yield

    app = FastAPI(lifespan=lifespan)

    @app.get("/cases/{case_number:path}/documents")
    async def case_documents(case_number: str, person: uuid.UUID) -> Response:
        facts = held["conn_facts"]
        now = datetime.now(UTC)
        case_row = Row(next(c for c in facts["case"] if c["case_number"] == case_number))
        presentations = [Row(p) for p in facts["presentations"] if p["case_number"] == case_number]
        decider = CaseDecider(
            held["people"][person], to_case(case_row, presentations), now=now, policy=rules.at(oslo_date(now))
        )
        rows = [r for r in facts["documents"] if r.case_number == case_number]
        decided = [Decided(r, decider.decide(to_document(r))) for r in rows]
        audit_details(decided)
        return Response(listing(case_row, decider, decided, person, now), media_type="application/json")

    return app
