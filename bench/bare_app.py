"""Yardsticks for the meetings benchmark: the same work as the service on the lightest stack.

`create_app` (the goal's yardstick): no auth, no ORM, no middleware, one asyncpg pool.
GET /meetings/{id} runs the service's own two statements (the SQL text is taken from it, so the
database does the same work, down to writing each case's documents as JSON) and renders the rows
with the service's own function (`meetings.sittings.document.render`: the notice deadline, MTG-01/06,
and the public version, MTG-06/07), then writes them with orjson. GET /public/meetings/{id} is the
public version a meetings:read caller gets. Both are plain Starlette routes; the
bench checks that their bytes equal the service's and prints any difference. POST parses the vote
with the service's schema on bare FastAPI, reads who is present, counts with the same domain function
(MTG-22/25) and inserts the vote event in a transaction.

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
import orjson
from fastapi import FastAPI
from sqlalchemy.dialects.postgresql import asyncpg as postgresql_asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from folkevalgt_shared.collector import settle_after_startup
from meetings.domain.votes import Ballot, Choice, count_ballots
from meetings.sittings.document import POSTGRESQL, render
from meetings.voting.schemas import VoteIn


def _sql(query: Any) -> str:
    return str(query.statement.compile(dialect=postgresql_asyncpg.dialect()))


MEETING, AGENDA = _sql(POSTGRESQL.meeting), _sql(POSTGRESQL.agenda)
PRESENT = "SELECT person_id FROM meeting_participant WHERE meeting_id = $1 AND present"
CHAIR = "SELECT chair_id FROM meeting WHERE id = $1 FOR UPDATE"
INSERT_VOTE = """
INSERT INTO vote_event (id, agenda_item_id, motion, result, votes_for, votes_against, casting_vote, ballots,
                        version, created_at, modified_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)
"""


def create_app() -> Starlette:
    dsn = os.environ["BENCH_BARE_DSN"]
    pool: asyncpg.Pool | None = None

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(dsn, min_size=10, max_size=20)
        yield
        await pool.close()

    async def read(meeting_id: uuid.UUID, *, public: bool) -> Response:
        assert pool is not None
        async with pool.acquire() as conn:
            meeting = await conn.fetchrow(MEETING, meeting_id)
            if meeting is None:
                return Response(status_code=404)
            agenda = await conn.fetch(AGENDA, meeting_id)
        # The service's own rendering from the same rows: what is held against it is the stack around it.
        details = {a[8]: (a[17], a[18]) for a in agenda}
        document = render(meeting, agenda, details, None, confidential=not public)  # ordinary meetings: no extra ground
        return Response(orjson.dumps(document, option=orjson.OPT_UTC_Z), media_type="application/json")

    async def get_meeting(request: Request) -> Response:
        return await read(request.path_params["meeting_id"], public=False)

    async def get_public_meeting(request: Request) -> Response:
        return await read(request.path_params["meeting_id"], public=True)

    votes = FastAPI()

    @votes.post("/meetings/{meeting_id}/agenda/{item_id}/votes", status_code=201)
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

    # The collector as the service sets it: what is loaded by now is frozen, young collections are rarer.
    settle_after_startup()
    return Starlette(
        routes=[
            Route("/meetings/{meeting_id:uuid}", get_meeting, methods=["GET"]),
            Route("/public/meetings/{meeting_id:uuid}", get_public_meeting, methods=["GET"]),
            Mount("/", app=votes),  # the vote on bare FastAPI, as before
        ],
        lifespan=lifespan,
    )


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
