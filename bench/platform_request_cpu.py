"""What the platform's per-request machinery costs: CPU time of the meetings process per request.

Requests per second on a shared two-core machine move with whatever else runs; the CPU time the
service process spends per request (user + system, from /proc, over a fixed load) does not, or far
less. Runs the two benchmarked hot paths of bench/meetings_bench.py on PostgreSQL — GET a meeting
with its agenda, POST a vote of 25 — and prints the median of rounds in microseconds per request.

Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres on 127.0.0.1) and wrk.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procstat
from http_load import load_tool, run_load
from processes import fresh_database, start, wait_up

from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings
from meetings.config import Settings
from meetings.db import ALEMBIC_INI
from meetings.seed import seed

PORT = 18131


def prepare(api: httpx.Client) -> tuple[str, str, str]:
    """A council meeting with ten cases, noticed, roll called; returns its path, a vote's path and body."""
    council = next(
        b for b in api.get("/bodies", params={"limit": 100}).json()["items"] if b["key"] == "municipal-council"
    )
    # Called at short notice for a moment from now: the notice goes out before the start (MTG-06), the roll call
    # is taken once the meeting has begun (MTG-15).
    starts = datetime.now(UTC) + timedelta(seconds=3)
    starts_at = starts.isoformat()
    meeting = api.post("/meetings", json={"body_id": council["id"], "location": "Rådhuset", "starts_at": starts_at})
    meeting_id = meeting.json()["id"]
    items = [
        api.post(
            f"/meetings/{meeting_id}/agenda",
            json={"case_number": f"{n:03}/26", "title": f"Sak {n}", "recommendation": "Innstillingen vedtas"},
        ).json()
        for n in range(1, 11)
    ]
    api.post(f"/meetings/{meeting_id}/notice", json={"late_reason": "Benchmark"}).raise_for_status()
    time.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.1)
    present = [p["person_id"] for p in api.get(f"/meetings/{meeting_id}/participants").json()]
    api.post(
        f"/meetings/{meeting_id}/roll-call", json={"notice_approved": True, "agenda_approved": True, "present": present}
    ).raise_for_status()
    ballots = [{"voter_id": p, "option": "for" if i % 2 else "against"} for i, p in enumerate(present)]
    vote = json.dumps({"motion": "Innstillingen vedtas", "ballots": ballots})
    return f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/agenda/{items[0]['id']}/votes", vote


async def _middleware_cost(requests: int) -> None:
    """The per-request CPU of the platform's middlewares alone, in-process: a bare ASGI app answering
    200, called with and without them, for a GET and for a POST of a 25-ballot vote's size."""
    import time

    from prometheus_client import CollectorRegistry

    from folkevalgt_shared.guard import RequestGuardMiddleware
    from folkevalgt_shared.observability import RequestContextMiddleware, configure_logging

    configure_logging("WARNING")

    async def bare(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        if scope["method"] == "POST":
            await receive()  # type: ignore[operator]
        await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"{}"})  # type: ignore[operator]

    body = json.dumps({"motion": "Innstillingen vedtas", "ballots": [{"voter_id": "8f1c" * 9, "option": "for"}] * 25})
    stacks = {
        "bare": bare,
        "guard": RequestGuardMiddleware(bare, max_body_bytes=1_048_576),
        "context + guard": RequestContextMiddleware(
            RequestGuardMiddleware(bare, max_body_bytes=1_048_576), "bench", CollectorRegistry()
        ),
    }

    async def send(message: object) -> None:
        pass

    print(f"\nPlatform middlewares in-process (µs CPU per request, {requests} requests)")
    for method, payload in (("GET", b""), ("POST", body.encode())):
        headers = [(b"authorization", b"Bearer x" * 100), (b"accept", b"*/*")]
        if payload:
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
        scope = {"type": "http", "method": method, "path": "/meetings/x", "query_string": b"", "headers": headers}

        async def receive(payload: bytes = payload) -> dict:  # type: ignore[type-arg]
            return {"type": "http.request", "body": payload, "more_body": False}

        costs = {}
        for name, app in stacks.items():
            for _ in range(200):
                await app(dict(scope), receive, send)
            started = time.process_time()
            for _ in range(requests):
                await app(dict(scope), receive, send)
            costs[name] = (time.process_time() - started) / requests * 1e6
        print(
            f"  {method:5} bare {costs['bare']:6.1f}   + guard {costs['guard'] - costs['bare']:5.1f}"
            f"   + request context, log, metrics {costs['context + guard'] - costs['guard']:5.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--middleware-only", action="store_true")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    if args.middleware_only:
        asyncio.run(_middleware_cost(20_000))
        return
    try:
        asyncio.run(_middleware_cost(20_000))
    except ImportError as exc:  # a library from before the request guard: compare the HTTP figures only
        print(f"middleware figures skipped: {exc}")
    if load_tool() != "wrk":
        raise SystemExit("platform request CPU bench: needs wrk (apt-get install -y wrk)")
    work = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-platform-"))
    auth = AuthSettings(dev_key_file=work / "key.pem")
    token = mint_dev_token(auth, "bench", ALL_SCOPES)
    base_url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    url = asyncio.run(fresh_database(base_url, "folkevalgt_platform_bench"))
    upgrade_head(ALEMBIC_INI, url)
    asyncio.run(seed(Settings(database_url=url), demo=True))
    env = {
        "MEETINGS_DATABASE_URL": url,
        "MEETINGS_AUTH__DEV_KEY_FILE": str(auth.dev_key_file),
        "MEETINGS_LOG_LEVEL": os.environ.get("MEETINGS_LOG_LEVEL", "WARNING"),
    }
    service = start("meetings.main:create_app", PORT, env)
    try:
        base = f"http://127.0.0.1:{PORT}"
        wait_up(f"{base}/health/live")
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as api:
            meeting, votes, vote = prepare(api)
        print(f"\nCPU of the meetings process per request {args.label} (median of {args.rounds} × {args.seconds} s)")
        for name, path, body in (("GET meeting with 10 cases", meeting, None), ("POST vote of 25", votes, vote)):
            run_load(base + path, connections=args.connections, duration=2, headers=headers, post_json=body)
            per_request, rps = [], []
            for _ in range(args.rounds):
                before = procstat.process_cpu_seconds(service.pid) or 0.0
                result = run_load(
                    base + path, connections=args.connections, duration=args.seconds, headers=headers, post_json=body
                )
                after = procstat.process_cpu_seconds(service.pid) or 0.0
                if result["non2xx"] or result["errors"]:
                    raise SystemExit(f"{name}: {result['non2xx']} non-2xx, {result['errors']} errors")
                per_request.append((after - before) / int(result["requests"]) * 1e6)
                rps.append(float(result["rps"]))
            print(
                f"  {name:28} {statistics.median(per_request):8.0f} µs CPU/request "
                f"(rounds: {', '.join(f'{v:.0f}' for v in per_request)}; median {statistics.median(rps):,.0f} req/s)"
            )
    finally:
        service.terminate()
        service.wait(10)


if __name__ == "__main__":
    main()
