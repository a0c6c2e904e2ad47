"""Yardsticks for the meetings benchmark: bare FastAPI doing the same work as the service.

`create_app` (the goal's yardstick, "bare FastAPI on PostgreSQL"): plain asyncpg on the service's
own database, no auth, no ORM, no middleware. GET reads the meeting and its agenda in one query;
POST parses the vote with the service's schema, reads who is present, counts with the same domain
function (MTG-22/25) and inserts the vote event in a transaction.

`create_memory_app`: the same pure work on a document held in memory, no database at all, to show
what the database costs.

Started by bench/meetings_bench.py (BENCH_BARE_DSN, BENCH_BARE_FIXTURE).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from fastapi import FastAPI
from fastapi.responses import Response

from meetings.domain.votes import Ballot, Choice, count_ballots
from meetings.voting.schemas import VoteIn

MEETING_WITH_AGENDA = """
SELECT json_build_object(
  'id', m.id, 'body_id', m.body_id, 'starts_at', m.starts_at, 'location', m.location, 'status', m.status,
  'notice_published_at', m.notice_published_at, 'version', m.version, 'modified_at', m.modified_at,
  'body_type', b.body_type,
  'agenda', coalesce((
    SELECT json_agg(json_build_object(
      'id', a.id, 'number', a.number, 'case_number', a.case_number, 'title', a.title,
      'recommendation', a.recommendation, 'documents', a.documents, 'closed', a.closed,
      'closed_basis', a.closed_basis, 'budget', a.budget, 'not_in_notice', a.not_in_notice
    ) ORDER BY a.number) FROM agenda_item a WHERE a.meeting_id = m.id), '[]'::json))
FROM meeting m JOIN body b ON b.id = m.body_id WHERE m.id = $1
"""
MEETING = """
SELECT m.id, m.body_id, m.starts_at, m.location, m.status, m.notice_published_at, m.version, m.modified_at,
       b.body_type
FROM meeting m JOIN body b ON b.id = m.body_id WHERE m.id = $1
"""
AGENDA = """
SELECT id, number, case_number, title, recommendation, documents, closed, closed_basis, budget, not_in_notice
FROM agenda_item WHERE meeting_id = $1 ORDER BY number
"""
PRESENT = "SELECT person_id FROM meeting_participant WHERE meeting_id = $1 AND present"
CHAIR = "SELECT chair_id FROM meeting WHERE id = $1 FOR UPDATE"
INSERT_VOTE = """
INSERT INTO vote_event (id, agenda_item_id, motion, result, votes_for, votes_against, casting_vote, ballots,
                        version, created_at, modified_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)
"""


def create_app() -> FastAPI:
    dsn = os.environ["BENCH_BARE_DSN"]
    pool: asyncpg.Pool | None = None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(dsn, min_size=10, max_size=20)
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/meetings/{meeting_id}")
    async def get_meeting(meeting_id: uuid.UUID) -> dict[str, Any]:
        assert pool is not None
        async with pool.acquire() as conn:
            meeting = await conn.fetchrow(MEETING, meeting_id)
            agenda = await conn.fetch(AGENDA, meeting_id)
        return {**dict(meeting), "agenda": [dict(item) for item in agenda]}

    @app.get("/json/meetings/{meeting_id}")
    async def get_meeting_json(meeting_id: uuid.UUID) -> Response:
        assert pool is not None
        document = await pool.fetchval(MEETING_WITH_AGENDA, meeting_id)
        return Response(document, media_type="application/json")

    @app.post("/meetings/{meeting_id}/agenda/{item_id}/votes", status_code=201)
    async def vote(meeting_id: uuid.UUID, item_id: uuid.UUID, data: VoteIn) -> dict[str, Any]:
        assert pool is not None
        async with pool.acquire() as conn, conn.transaction():
            chair = await conn.fetchval(CHAIR, meeting_id)
            eligible = {row["person_id"] for row in await conn.fetch(PRESENT, meeting_id)}
            outcome = count_ballots(eligible, [Ballot(b.voter_id, Choice(b.option)) for b in data.ballots], chair)
            result = "adopted" if outcome.adopted else "rejected"
            ballots = json.dumps([{"voter_id": str(b.voter_id), "option": b.option} for b in data.ballots])
            await conn.execute(
                INSERT_VOTE,
                uuid.uuid4(),
                item_id,
                data.motion,
                result,
                outcome.votes_for,
                outcome.votes_against,
                outcome.casting_vote,
                ballots,
                datetime.now(UTC),
            )
        return {"result": result, "for": outcome.votes_for, "against": outcome.votes_against}

    return app


def create_memory_app() -> FastAPI:
    fixture = json.loads(Path(os.environ["BENCH_BARE_FIXTURE"]).read_text())
    meeting: dict[str, Any] = fixture["meeting"]
    eligible = {uuid.UUID(p) for p in fixture["present"]}
    chair = uuid.UUID(fixture["chair"])
    app = FastAPI()

    @app.get("/meetings/{meeting_id}")
    async def get_meeting(meeting_id: str) -> dict[str, Any]:
        return meeting

    @app.post("/meetings/{meeting_id}/agenda/{item_id}/votes", status_code=201)
    async def vote(meeting_id: str, item_id: str, data: VoteIn) -> dict[str, Any]:
        outcome = count_ballots(eligible, [Ballot(b.voter_id, Choice(b.option)) for b in data.ballots], chair)
        return {
            "result": "adopted" if outcome.adopted else "rejected",
            "for": outcome.votes_for,
            "against": outcome.votes_against,
            "casting_vote": outcome.casting_vote,
        }

    return app
