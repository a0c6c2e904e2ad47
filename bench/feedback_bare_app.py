"""Yardstick for the feedback benchmark: bare FastAPI doing the same pure work as the service, with plain
asyncpg on the service's own database — no auth, no ORM, no middleware, no idempotency or events.

- POST /items: parses the input with the service's schema, judges concreteness and the next step with the
  service's domain functions (FBK-01, FBK-22), reads the politician's name and inserts the item and its first
  status change in one transaction.
- POST /items/{id}/forward: locks the item, drafts the memo with the service's domain function (FBK-11),
  and writes the mail, the route and the item in one transaction.
- GET /items: a politician's items with the same visibility rule (received, or proxy in force) and the same
  page of 100 with a next cursor.

Started by bench/feedback_bench.py (BENCH_BARE_DSN, BENCH_PERSON, BENCH_LIST_PERSON).
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
from fastapi import FastAPI, HTTPException

from feedback.domain import followup, intake
from feedback.domain.followup import Route, Status
from feedback.domain.messages import Recorded, memo
from feedback.domain.settings import rule_book
from feedback.items.schemas import ForwardIn, ItemIn
from folkevalgt_shared.calendar import oslo_date

PERSON_NAME = "SELECT name FROM register_person WHERE person_id = $1"
INSERT_ITEM = """
INSERT INTO feedback_item (id, received_by, received_on, channel, sender_kind, anonymous, sender_name, sender_email,
  sender_address, unit_key, unit_name, occurred_on, place, title, text, attachments, sensitive, sensitive_categories,
  concrete, questions, status, routes, owner, due_on, version, received_at, created_at, modified_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::json, $17, $18::json, $19, $20::json,
  'received', '[]'::json, $21, $22, 1, $23, $23, $23)
"""
INSERT_STATUS = """
INSERT INTO feedback_status_change (id, item_id, status, due_on, changed_by, changed_at)
VALUES ($1, $2, 'received', $3, $4, $5)
"""
ITEM_FOR_UPDATE = """
SELECT id, received_by, received_on, channel, sender_kind, sender_name, anonymous, unit_name, occurred_on, place,
  title, text, attachments, sensitive, concrete, questions, status, routes, version
FROM feedback_item WHERE id = $1 FOR UPDATE
"""
INSERT_MAIL = """
INSERT INTO feedback_mail (id, item_id, purpose, recipients, subject, text, html, status, attempts, next_attempt_at,
  message_id, created_at)
VALUES ($1, $2, 'memo', $3::json, $4, $5, $6, 'pending', 0, $7, $8, $7)
"""
INSERT_ROUTE = """
INSERT INTO feedback_route_action (id, item_id, route, details, recorded_by, recorded_at)
VALUES ($1, $2, 'forward', $3::json, $4, $5)
"""
UPDATE_FORWARDED = """
UPDATE feedback_item SET routes = $2::json, forwarded_at = $3, memo_subject = $4, memo_text = $5, memo_html = $6,
  owner = $7, due_on = $8, version = version + 1, modified_at = $3
WHERE id = $1
"""
LIST = """
SELECT i.id, i.received_by, i.received_on, i.channel, i.title, i.unit_name, i.sensitive, i.concrete, i.status,
  i.routes, i.owner, i.due_on, i.journal_number, i.version, i.modified_at
FROM feedback_item i
WHERE i.received_by = $1 OR EXISTS (
  SELECT 1 FROM feedback_proxy p WHERE p.item_id = i.id AND p.person_id = $1 AND p.status = 'active'
  AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to >= $2))
ORDER BY i.modified_at, i.id LIMIT $3
"""


def create_app() -> FastAPI:
    dsn = os.environ["BENCH_BARE_DSN"]
    person = uuid.UUID(os.environ["BENCH_PERSON"])
    lister = uuid.UUID(os.environ["BENCH_LIST_PERSON"])
    rules = rule_book()
    pool: asyncpg.Pool | None = None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(dsn, min_size=10, max_size=20)
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/items", status_code=201)
    async def record(data: ItemIn) -> dict[str, Any]:
        assert pool is not None
        now = datetime.now(UTC)
        today = oslo_date(now)
        settings = rules.at(today)
        unit = settings.unit(data.unit_key)
        judged = intake.assess_concreteness(
            text=data.text,
            occurred_on=data.occurred_on,
            unit_known=unit is not None,
            place=data.place,
            min_words=settings.concrete_min_words,
            questions=settings.questions,
        )
        step = followup.next_step(Status.RECEIVED, None, since=today, days=settings.due_working_days)
        item_id = uuid.uuid4()
        title = intake.title_of(data.text, data.title)
        async with pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(PERSON_NAME, person) is None:
                raise HTTPException(422, "not in the register")
            await conn.execute(
                INSERT_ITEM,
                item_id,
                person,
                today,
                data.channel,
                data.sender.kind.value,
                data.sender.anonymous,
                data.sender.name,
                data.sender.email,
                data.sender.postal_address,
                unit.key if unit else None,
                unit.name if unit else None,
                data.occurred_on,
                data.place,
                title,
                data.text,
                json.dumps([a.model_dump() for a in data.attachments]),
                data.sensitive,
                json.dumps([c.value for c in data.sensitive_categories]),
                judged.concrete,
                json.dumps(list(judged.questions)),
                step.owner.value if step.owner else None,
                step.due_on,
                now,
            )
            await conn.execute(INSERT_STATUS, uuid.uuid4(), item_id, step.due_on, str(person), now)
        return {
            "id": str(item_id),
            "title": title,
            "status": "received",
            "concreteness": {"concrete": judged.concrete, "questions": list(judged.questions)},
            "next_step": {"owner": step.owner, "due_on": step.due_on},
        }

    @app.post("/items/{item_id}/forward")
    async def forward(item_id: uuid.UUID, data: ForwardIn) -> dict[str, Any]:
        assert pool is not None
        now = datetime.now(UTC)
        today = oslo_date(now)
        settings = rules.at(today)
        async with pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(ITEM_FOR_UPDATE, item_id)
            if row is None:
                raise HTTPException(404)
            routes = json.loads(row["routes"])
            if Route.FORWARD.value in routes:
                raise HTTPException(422, "already forwarded")
            name = await conn.fetchval(PERSON_NAME, row["received_by"]) or "Politiker"
            roles = [r.role for r in settings.recipients]
            recorded = Recorded(
                politician=name,
                received_on=row["received_on"],
                channel=row["channel"],
                sender_kind=row["sender_kind"],
                sender_name=row["sender_name"],
                anonymous=row["anonymous"],
                unit_name=row["unit_name"],
                occurred_on=row["occurred_on"],
                place=row["place"],
                title=row["title"],
                text=row["text"],
                attachments=tuple(f"{a['name']} ({a['ref']})" for a in json.loads(row["attachments"])),
                sensitive=row["sensitive"],
                concrete=row["concrete"],
                questions=tuple(json.loads(row["questions"])),
            )
            written = memo(recorded, roles, data.note)
            addresses = [r.email for r in settings.recipients] + [settings.post_reception.email]
            await conn.execute(
                INSERT_MAIL,
                uuid.uuid4(),
                item_id,
                json.dumps(addresses),
                written.subject,
                written.text,
                written.html,
                now,
                f"<{uuid.uuid4()}@folkevalgt.no>",
            )
            details = {"recipients": roles, "note": data.note, "memo": row["channel"] in ("oral", "meeting")}
            await conn.execute(INSERT_ROUTE, uuid.uuid4(), item_id, json.dumps(details), str(person), now)
            step = followup.next_step(Status.RECEIVED, Route.FORWARD, since=today, days=settings.due_working_days)
            await conn.execute(
                UPDATE_FORWARDED,
                item_id,
                json.dumps([*routes, Route.FORWARD.value]),
                now,
                written.subject,
                written.text,
                written.html,
                step.owner.value if step.owner else None,
                step.due_on,
            )
        return {
            "id": str(item_id),
            "routes": [*routes, "forward"],
            "next_step": {"owner": step.owner, "due_on": step.due_on},
        }

    @app.get("/items")
    async def list_items(limit: int = 100) -> dict[str, Any]:
        assert pool is not None
        today = oslo_date(datetime.now(UTC))
        rows = await pool.fetch(LIST, lister, today, limit + 1)
        items = [dict(r) | {"routes": json.loads(r["routes"])} for r in rows[:limit]]
        following = None
        if len(rows) > limit:
            last = rows[limit - 1]
            raw = json.dumps([last["modified_at"].isoformat(), str(last["id"])]).encode()
            following = f"/items?limit={limit}&cursor={base64.urlsafe_b64encode(raw).decode().rstrip('=')}"
        return {"items": items, "next": following}

    return app
