"""`make bench`, meetings part, on PostgreSQL with wrk: GET a meeting with 10, 100 and 200 cases, the
public version a meetings:read caller gets, and a full vote of a 25-member council, each against the
bare app (bench/bare_app.py) doing the same work on the lightest stack.

Goals (issue 16): GET a meeting with 100 and with 200 cases at ≥ 30 % of the bare app's requests/s,
measured side by side; the service's CPU per case ≤ 10 µs (the slope of its CPU per request between
100 and 200 cases, and its CPU per request divided by the cases); the bare app's answer the same bytes
as the service's. Every figure is printed with its goal and written to bench/out/meetings.json.

Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres on 127.0.0.1) and wrk.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import Figure, Series, load_average, verdict, write_figures
from http_load import load_tool, run_load
from processes import fresh_database, start, wait_up
from procstat import process_cpu_seconds

from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings
from meetings.config import Settings
from meetings.db import ALEMBIC_INI
from meetings.seed import seed

BENCH_DIR = Path(__file__).resolve().parent
SERVICE_PORT, BARE_PORT, MEMORY_PORT = 18101, 18102, 18103
ROUNDS, ROUND_SECONDS, WARM_SECONDS, CONNECTIONS = 3, 4, 1, 16
SIZES = (10, 100, 200)
RATIO_GOAL, CPU_PER_CASE_GOAL_US = 0.30, 10.0


def add_meeting(api: httpx.Client, body_id: str, starts: datetime, cases: int) -> tuple[dict[str, Any], list[Any]]:
    """A meeting of `cases` cases with two documents each, added through the API; the last case is behind
    closed doors (MTG-07), so that a meetings:read caller gets its public version."""
    meeting = api.post("/meetings", json={"body_id": body_id, "location": "Rådhuset", "starts_at": starts.isoformat()})
    meeting.raise_for_status()
    items = []
    for n in range(1, cases + 1):
        item = api.post(
            f"/meetings/{meeting.json()['id']}/agenda",
            json={
                "case_number": f"{n:03}/26",
                "title": f"Sak {n}: søknad om tilskudd til ærend",
                "recommendation": "Innstillingen vedtas",
                "documents": [f"2026/{n}-1", f"2026/{n}-2"],
                **({"closed": True, "closed_basis": "Offl. § 25"} if n == cases else {}),
            },
        )
        item.raise_for_status()
        items.append(item.json())
    return meeting.json(), items


def measure(
    targets: dict[str, tuple[int, int]],
    path: str,
    headers: dict[str, str],
    body: str | None = None,
    paths: dict[str, str] | None = None,
) -> dict[str, dict[str, float]]:
    """Rounds taken in turn, each target's process CPU read around its own load: the median round by
    requests/s, the median CPU per request, and the service's share of the bare app's requests/s as the
    median of the rounds' shares, each round's two loads run one after the other (on a small machine the
    load generator and the database share the cores, and one slow spell would otherwise decide it)."""
    where = {name: (paths or {}).get(name, path) for name in targets}
    for name, (port, _pid) in targets.items():
        run_load(
            f"http://127.0.0.1:{port}{where[name]}",
            connections=CONNECTIONS,
            duration=WARM_SECONDS,
            headers=headers,
            post_json=body,
        )
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
    for _ in range(ROUNDS):
        for name, (port, pid) in targets.items():
            before = process_cpu_seconds(pid) or 0.0
            result = run_load(
                f"http://127.0.0.1:{port}{where[name]}",
                connections=CONNECTIONS,
                duration=ROUND_SECONDS,
                headers=headers,
                post_json=body,
            )
            cpu = (process_cpu_seconds(pid) or 0.0) - before
            rounds[name].append({**result, "cpu_us": cpu / max(int(result["requests"]), 1) * 1e6})
    out = {}
    for name, runs in rounds.items():
        median = sorted(runs, key=lambda r: float(r["rps"]))[ROUNDS // 2]
        out[name] = {
            "rps": float(median["rps"]),
            "p50_ms": float(median["p50_ms"]),
            "p99_ms": float(median["p99_ms"]),
            "cpu_us": statistics.median(r["cpu_us"] for r in runs),
            "non2xx": int(median["non2xx"]) + int(median["errors"]),
            "rounds_rps": [round(float(r["rps"])) for r in runs],
        }
    if "service" in rounds and "bare" in rounds:
        shares = [float(s["rps"]) / float(b["rps"]) for s, b in zip(rounds["service"], rounds["bare"], strict=True)]
        out["service"]["share"] = statistics.median(shares)
    return out


def main() -> None:
    tool = load_tool()
    if tool != "wrk":
        print("meetings bench: skipped, the load needs wrk (apt-get install -y wrk)")
        return
    load_before = load_average()
    work = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-meetings-"))
    auth = AuthSettings(dev_key_file=work / "key.pem")
    token = mint_dev_token(auth, "bench", ALL_SCOPES)
    url = asyncio.run(
        fresh_database(
            os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"), "bench_meetings"
        )
    )
    upgrade_head(ALEMBIC_INI, url)
    asyncio.run(seed(Settings(database_url=url), demo=True))
    service = start(
        "meetings.main:create_app",
        SERVICE_PORT,
        {
            "MEETINGS_DATABASE_URL": url,
            "MEETINGS_AUTH__DEV_KEY_FILE": str(auth.dev_key_file),
            "MEETINGS_LOG_LEVEL": "WARNING",
            # As many pooled connections as the bare app keeps (20): with 10 and 16 clients the pool opens
            # and closes overflow connections all the time, a cost of the setting rather than of the code.
            "MEETINGS_DATABASE_POOL_SIZE": "20",
        },
    )
    bare = memory = None
    try:
        base = f"http://127.0.0.1:{SERVICE_PORT}"
        wait_up(f"{base}/health/live")
        headers = {"Authorization": f"Bearer {token}"}
        reader = {"Authorization": f"Bearer {mint_dev_token(auth, 'politician', ['meetings:read'])}"}
        api = httpx.Client(base_url=base, headers=headers, timeout=30)
        council = next(
            b for b in api.get("/bodies", params={"limit": 100}).json()["items"] if b["key"] == "municipal-council"
        )
        meetings: dict[int, str] = {}
        for days, cases in enumerate(SIZES[1:], start=1):
            meeting, _ = add_meeting(api, council["id"], datetime.now(UTC) + timedelta(days=days), cases)
            api.post(f"/meetings/{meeting['id']}/notice", json={"late_reason": "Benchmark"}).raise_for_status()
            meetings[cases] = meeting["id"]
        # Called at short notice for a moment from now: the notice goes out before the start (MTG-06), the roll
        # call is taken once the meeting has begun (MTG-15), and then the vote.
        starts = datetime.now(UTC) + timedelta(seconds=3)
        meeting, items = add_meeting(api, council["id"], starts, SIZES[0])
        meetings[SIZES[0]] = meeting["id"]
        api.post(f"/meetings/{meeting['id']}/notice", json={"late_reason": "Benchmark"}).raise_for_status()
        time.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.1)
        present = [p["person_id"] for p in api.get(f"/meetings/{meeting['id']}/participants").json()]
        chair = api.post(
            f"/meetings/{meeting['id']}/roll-call",
            json={"notice_approved": True, "agenda_approved": True, "present": present},
        ).json()["chair_id"]
        document = api.get(f"/meetings/{meeting['id']}").json()
        ballots = [{"voter_id": p, "option": "for" if i % 2 else "against"} for i, p in enumerate(present)]
        vote = json.dumps({"motion": "Innstillingen vedtas", "ballots": ballots})
        fixture = work / "fixture.json"
        fixture.write_text(json.dumps({"meeting": document, "present": present, "chair": chair}))
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        bare = start("bare_app:create_app", BARE_PORT, {"BENCH_BARE_DSN": dsn})
        memory = start("bare_app:create_memory_app", MEMORY_PORT, {"BENCH_BARE_FIXTURE": str(fixture)})
        wait_up(f"http://127.0.0.1:{BARE_PORT}/docs")
        wait_up(f"http://127.0.0.1:{MEMORY_PORT}/docs")

        # The yardstick answers with the same bytes, or the difference is printed (and is a figure).
        differences = {}
        for cases, meeting_id in sorted(meetings.items()):
            for label, as_whom, bare_path in (
                ("meetings:confidential", headers, f"/meetings/{meeting_id}"),
                ("meetings:read", reader, f"/public/meetings/{meeting_id}"),
            ):
                ours = httpx.get(f"{base}/meetings/{meeting_id}", headers=as_whom).content
                theirs = httpx.get(f"http://127.0.0.1:{BARE_PORT}{bare_path}").content
                differences[(cases, label)] = (len(ours), len(theirs), ours == theirs)
        print("\nBytes of GET a meeting, service and bare app:")
        for (cases, label), (ours, theirs, same) in differences.items():
            print(f"  {cases:>3} cases, {label:22} {ours:>8,} {theirs:>8,}  {'identical' if same else 'DIFFERENT'}")

        service_target = (SERVICE_PORT, service.pid)
        bare_target = (BARE_PORT, bare.pid)
        scaling = {}
        for cases in SIZES:
            scaling[cases] = measure(
                {"service": service_target, "bare": bare_target}, f"/meetings/{meetings[cases]}", headers
            )
        # The bare app has no token to read the scope from: it answers the public version on a path of its own.
        public = measure(
            {"service": service_target, "bare": bare_target},
            f"/meetings/{meetings[SIZES[0]]}",
            reader,
            paths={"bare": f"/public/meetings/{meetings[SIZES[0]]}"},
        )
        voting = measure(
            {"service": service_target, "bare": bare_target, "memory": (MEMORY_PORT, memory.pid)},
            f"/meetings/{meetings[SIZES[0]]}/agenda/{items[0]['id']}/votes",
            headers,
            vote,
        )
        load_after = load_average()
    finally:
        for process in (service, bare, memory):
            if process is not None:
                process.terminate()
                process.wait(10)
    report(scaling, public, voting, differences, load_before, load_after)


def report(
    scaling: dict[int, dict[str, dict[str, float]]],
    public: dict[str, dict[str, float]],
    voting: dict[str, dict[str, float]],
    differences: dict[tuple[int, str], tuple[int, int, bool]],
    load_before: list[float],
    load_after: list[float],
) -> None:
    print(
        f"\nMeetings on PostgreSQL vs the bare app ({CONNECTIONS} connections; median of {ROUNDS} rounds of "
        f"{ROUND_SECONDS} s; wrk; load average before {load_before}, after {load_after})"
    )
    print(
        f"{'':30} {'service req/s':>13} {'bare req/s':>11} {'ratio':>6} {'service CPU/req':>16} "
        f"{'bare CPU/req':>13} {'service p50/p99 ms':>19}"
    )
    rows = [(f"GET meeting with {cases} cases", scaling[cases]) for cases in SIZES]
    rows += [("GET meeting, meetings:read", public), ("POST vote of 25", voting)]
    for name, result in rows:
        s, b = result["service"], result["bare"]
        print(
            f"{name:30} {s['rps']:>13,.0f} {b['rps']:>11,.0f} {s['share']:>6.0%} {s['cpu_us']:>13,.0f} µs "
            f"{b['cpu_us']:>10,.0f} µs {s['p50_ms']:>9.1f}/{s['p99_ms']:<9.1f}"
            f"(rounds req/s {s['rounds_rps']} / {b['rounds_rps']}; non-2xx: {s['non2xx']}/{b['non2xx']})"
        )
    memory = voting["memory"]
    print(f"{'POST vote of 25, no database':30} {memory['rps']:>13,.0f} req/s (bare FastAPI, vote counted in memory)")

    figures: list[Figure] = []
    for cases in SIZES:
        ratio = scaling[cases]["service"]["share"]
        goal = cases >= 100
        figures.append(
            Figure(
                f"GET meeting with {cases} cases, share of the bare app's req/s",
                round(ratio * 100, 1),
                "%",
                "≥ 30 %" if goal else "",
                ratio >= RATIO_GOAL if goal else None,
            )
        )
    cpu = {cases: scaling[cases]["service"]["cpu_us"] for cases in SIZES}
    bare_cpu = {cases: scaling[cases]["bare"]["cpu_us"] for cases in SIZES}
    # CPU per case: what one more case costs (the slope between sizes), apart
    # from the request's fixed cost. Per request ÷ cases is shown too; it charges the fixed cost to the cases.
    for low, high in ((10, 100), (100, 200)):
        slope = (cpu[high] - cpu[low]) / (high - low)
        name, goal = f"service CPU per case, slope {low}→{high} cases", f"≤ {CPU_PER_CASE_GOAL_US:g} µs"
        figures.append(Figure(name, round(slope, 2), "µs", goal, slope <= CPU_PER_CASE_GOAL_US))
    for cases in (100, 200):
        figures.append(Figure(f"service CPU per request ÷ cases at {cases}", round(cpu[cases] / cases, 2), "µs"))
    bare_slope = (bare_cpu[200] - bare_cpu[100]) / 100
    figures.append(Figure("bare app CPU per case, slope 100→200 cases", round(bare_slope, 2), "µs"))
    for cases in SIZES:
        figures.append(Figure(f"service CPU per request at {cases} cases", round(cpu[cases]), "µs"))
        figures.append(Figure(f"bare app CPU per request at {cases} cases", round(bare_cpu[cases]), "µs"))
    different = sum(1 for _, _, same in differences.values() if not same)
    figures.append(
        Figure("GET meeting answers where the bare app's bytes differ", different, "answers", "0", different == 0)
    )
    for name, result in (("GET meeting, meetings:read (10 cases)", public), ("POST vote of 25", voting)):
        ratio = result["service"]["share"]
        figures.append(
            Figure(f"{name}, share of the bare app's req/s", round(ratio * 100, 1), "%", "≥ 30 %", ratio >= RATIO_GOAL)
        )

    print("\nGoals (issue 16):")
    for figure in figures:
        if figure.goal:
            print(f"  {figure.name:58} {figure.value:>8} {figure.unit:8} goal {figure.goal:8} {verdict(figure.met)}")
    print(f"  (bare app CPU per case, slope 100→200: {bare_slope:.1f} µs)")

    series = [
        Series("service CPU per request", "cases", "µs", [(c, round(cpu[c], 1)) for c in SIZES]),
        Series("bare app CPU per request", "cases", "µs", [(c, round(bare_cpu[c], 1)) for c in SIZES]),
        Series(
            "service req/s as share of the bare app",
            "cases",
            "%",
            [(c, round(scaling[c]["service"]["share"] * 100, 1)) for c in SIZES],
        ),
        Series("service req/s", "cases", "req/s", [(c, round(scaling[c]["service"]["rps"])) for c in SIZES]),
        Series("bare app req/s", "cases", "req/s", [(c, round(scaling[c]["bare"]["rps"])) for c in SIZES]),
    ]
    path = write_figures(
        "meetings",
        figures,
        series,
        load_average_before=load_before,
        load_average_after=load_after,
        rounds=ROUNDS,
        round_seconds=ROUND_SECONDS,
        connections=CONNECTIONS,
    )
    print(f"figures: {path.relative_to(BENCH_DIR.parent)}")


if __name__ == "__main__":
    main()
