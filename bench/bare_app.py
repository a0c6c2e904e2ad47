"""The yardstick for the meetings benchmark: bare FastAPI doing the same pure work without a database.

GET returns the recorded meeting document; POST parses a vote and counts it with the same domain
function (MTG-22/25). Started by bench/meetings_bench.py with BENCH_BARE_FIXTURE pointing at a JSON file.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from meetings.domain.votes import Ballot, Choice, count_ballots
from meetings.voting.schemas import VoteIn


def create_app() -> FastAPI:
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
