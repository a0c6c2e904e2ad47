"""Yardsticks for the meetings benchmark: the same work as the service on the lightest stack.

`create_app` (the goal's yardstick): no auth, no ORM, no middleware, one asyncpg pool.
GET /meetings/{id} runs the service's own two statements (the SQL text is taken from it, so the
database does the same work, down to writing each case's documents as JSON) and writes the same
bytes with orjson: ids as the text PostgreSQL gives, the notice deadline by the same domain function
(MTG-01/06). GET /public/meetings/{id} is
the public version a meetings:read caller gets (MTG-06/07). Both are plain Starlette routes; the
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
from meetings.domain.notice import NoticeRule, notice_deadline
from meetings.domain.order import case_status
from meetings.domain.publication import CLOSED_TITLE, document_public
from meetings.domain.votes import Ballot, Choice, count_ballots
from meetings.sittings.document import POSTGRESQL
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


def meeting_document(meeting: asyncpg.Record, agenda: list[asyncpg.Record], *, public: bool) -> Any:
    items = [
        {
            "case_number": a[0],
            "title": a[1],
            "rapporteur_id": a[2],
            "recommendation": a[3],
            "closed": a[4],
            "closed_basis": a[5],
            "personnel": a[6],
            "budget": a[7],
            "id": a[8],
            "number": a[9],
            "position": a[10],
            "status": case_status(taken_up=a[11], decided=a[12], postponed=a[13]).value,
            "not_in_notice": a[14],
            "closed_decided_at": a[15],
            "documents": orjson.loads(a[16]),
            "document_details": orjson.Fragment(a[17]),
        }
        for a in agenda
    ]
    if public:
        # MTG-06/07: a closed case without title, recommendation and documents; exempt documents left out.
        for item, a in zip(items, agenda, strict=True):
            closed = item["closed"]
            if closed or a[18]:
                shown = [d for d in orjson.loads(a[17]) if document_public(exempt=d["exempt"], case_closed=closed)]
                item["document_details"], item["documents"] = shown, [d["name"] for d in shown]
                if closed:
                    item["title"], item["recommendation"] = CLOSED_TITLE, None
    rule = NoticeRule(meeting[0], meeting[1])
    return {
        "body_id": meeting[2],
        "starts_at": meeting[3],
        "location": meeting[4],
        "extra": meeting[5],
        "extra_ground": None,  # the bench's meetings are ordinary ones (MTG-05)
        "remote": meeting[6],
        "remote_decided_by": meeting[7],
        "remote_reason": meeting[8],
        "secretariat_present": meeting[9],
        "id": meeting[10],
        "status": meeting[11],
        "notice_published_at": meeting[12],
        "notice_deadline": notice_deadline(meeting[3], rule, budget=any(i["budget"] for i in items)),
        "notice_late_reason": meeting[13],
        "ended_at": meeting[14],
        "cancelled_at": meeting[15],
        "cancel_reason": meeting[16],
        "agenda": items,
        "version": meeting[17],
        "modified_at": meeting[18],
    }


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
        document = meeting_document(meeting, agenda, public=public)
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
