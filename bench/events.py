"""Event benchmarks' helpers: producing `person.changed` events and reading the outbox and inboxes.

Every `POST /people` on meetings writes one `no.folkevalgt.meetings.person.changed.v1` event into
the outbox, one row per subscriber (leave, remuneration, access, feedback). Lags and drain times
come straight from the databases the services write (SQLite, same clock), so they are exact:

* outbox.created_at  - the producer's transaction wrote the event (just before its commit)
* inbox.received_at  - the consumer's transaction recorded the event (just before its commit)
* outbox.delivered_at - the relay recorded the consumer's 2xx answer

`python bench/events.py drain-figures RESULTS.json...` turns the drain results of one or more runs of
`bench/run.py --only drain --output RESULTS.json` into bench/out/drain.json (bench/figures.py).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from figures import Figure, verdict, write_figures


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(q / 100 * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summary_ms(values_s: Iterable[float]) -> dict[str, float | int]:
    ms = sorted(v * 1000 for v in values_s)
    return {
        "count": len(ms),
        "p50_ms": percentile(ms, 50),
        "p90_ms": percentile(ms, 90),
        "p99_ms": percentile(ms, 99),
        "max_ms": ms[-1] if ms else float("nan"),
    }


def ts(value: str | None) -> float | None:
    """SQLite stores UTCDateTime as naive UTC text."""
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC).timestamp()


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=30)


# -- producing ------------------------------------------------------------------------------------


@dataclass
class ProduceResult:
    sent: int = 0
    ok: int = 0
    failed: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    first_send: float = 0.0
    last_send: float = 0.0
    last_done: float = 0.0
    latencies: list[float] = field(default_factory=list)
    max_behind_ms: float = 0.0  # how late the scheduler fired its latest request

    def as_dict(self) -> dict[str, Any]:
        span_send = max(self.last_send - self.first_send, 1e-9)
        span_done = max(self.last_done - self.first_send, 1e-9)
        return {
            "sent": self.sent,
            "ok": self.ok,
            "failed": self.failed,
            "statuses": self.statuses,
            "offered_rate_per_s": (self.sent - 1) / span_send if self.sent > 1 else 0.0,
            "completed_rate_per_s": self.ok / span_done,
            "max_scheduler_lag_ms": self.max_behind_ms,
            "post_latency": summary_ms(self.latencies),
        }


async def _post_person(session: aiohttp.ClientSession, url: str, index: int, result: ProduceResult) -> None:
    started = time.perf_counter()
    status: str
    try:
        async with session.post(url, json={"name": f"Bench Person {index}", "gender": "other"}) as response:
            await response.read()
            status = str(response.status)
    except (aiohttp.ClientError, TimeoutError) as exc:
        status = type(exc).__name__
    done = time.perf_counter()
    result.statuses[status] = result.statuses.get(status, 0) + 1
    if status == "201":
        result.ok += 1
        result.latencies.append(done - started)
    else:
        result.failed += 1
    result.last_done = max(result.last_done, done)


def _session(token: str, limit: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit),
        headers={"Authorization": f"Bearer {token}"},
        timeout=aiohttp.ClientTimeout(total=30),
    )


async def produce_at_rate(
    base_url: str, token: str, *, rate: float, seconds: float, max_in_flight: int = 256
) -> ProduceResult:
    """Open loop: request i is sent at start + i/rate (late ones at once), whatever the answers."""
    result = ProduceResult()
    total = int(rate * seconds)
    in_flight = asyncio.Semaphore(max_in_flight)
    url = f"{base_url}/people"
    async with _session(token, max_in_flight) as session:

        async def one(index: int) -> None:
            try:
                await _post_person(session, url, index, result)
            finally:
                in_flight.release()

        tasks = []
        start = time.perf_counter()
        result.first_send = start
        for index in range(total):
            target = start + index / rate
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await in_flight.acquire()
            now = time.perf_counter()
            result.max_behind_ms = max(result.max_behind_ms, (now - target) * 1000)
            result.last_send = now
            result.sent += 1
            tasks.append(asyncio.create_task(one(index)))
        await asyncio.gather(*tasks)
    return result


async def produce_burst(base_url: str, token: str, *, count: int, concurrency: int = 32) -> ProduceResult:
    """Closed loop: `concurrency` workers POST as fast as meetings answers."""
    result = ProduceResult()
    url = f"{base_url}/people"
    counter = iter(range(count))
    async with _session(token, concurrency) as session:

        async def worker() -> None:
            for index in counter:
                now = time.perf_counter()
                result.last_send = max(result.last_send, now)
                result.sent += 1
                await _post_person(session, url, index, result)

        result.first_send = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return result


# -- reading the databases ------------------------------------------------------------------------


def outbox_max_id(meetings_db: Path) -> int:
    with connect(meetings_db) as db:
        return int(db.execute("SELECT coalesce(max(id), 0) FROM outbox").fetchone()[0])


def outbox_status_counts(meetings_db: Path, after_id: int = 0) -> dict[str, int]:
    with connect(meetings_db) as db:
        rows = db.execute("SELECT status, count(*) FROM outbox WHERE id > ? GROUP BY status", (after_id,)).fetchall()
    return {status: int(n) for status, n in rows}


def wait_outbox_settled(
    meetings_db: Path, after_id: int = 0, *, timeout: float = 60.0, poll: float = 0.05
) -> tuple[bool, float]:
    """Waits until no row after `after_id` is pending; returns (settled, time.time() when seen)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if outbox_status_counts(meetings_db, after_id).get("pending", 0) == 0:
            return True, time.time()
        time.sleep(poll)
    return False, time.time()


def outbox_rows(meetings_db: Path, after_id: int, until_id: int | None = None) -> list[dict[str, Any]]:
    query = "SELECT id, event_id, subscriber, status, attempts, created_at, delivered_at FROM outbox WHERE id > ?" + (
        " AND id <= ?" if until_id is not None else ""
    )
    params: tuple[int, ...] = (after_id,) if until_id is None else (after_id, until_id)
    with connect(meetings_db) as db:
        db.row_factory = sqlite3.Row
        return [
            {**dict(r), "created": ts(r["created_at"]), "delivered": ts(r["delivered_at"])}
            for r in db.execute(query, params)
        ]


def inbox_received(consumer_db: Path, event_ids: set[str]) -> dict[str, float]:
    with connect(consumer_db) as db:
        rows = db.execute("SELECT event_id, received_at FROM inbox").fetchall()
    out: dict[str, float] = {}
    for event_id, received_at in rows:
        if event_id in event_ids:
            value = ts(received_at)
            assert value is not None
            out[event_id] = value
    return out


def delivery_lags(var_dir: Path, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per (event, subscriber): inbox.received_at - outbox.created_at, and delivered_at - created_at."""
    by_subscriber: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_subscriber.setdefault(row["subscriber"], []).append(row)
    lags: list[float] = []
    acked: list[float] = []
    per_subscriber: dict[str, Any] = {}
    missing = 0
    for subscriber, sub_rows in sorted(by_subscriber.items()):
        received = inbox_received(var_dir / f"{subscriber}.db", {r["event_id"] for r in sub_rows})
        sub_lags = [received[r["event_id"]] - r["created"] for r in sub_rows if r["event_id"] in received]
        missing += len(sub_rows) - len(sub_lags)
        per_subscriber[subscriber] = summary_ms(sub_lags)
        lags += sub_lags
        acked += [r["delivered"] - r["created"] for r in sub_rows if r["delivered"] is not None]
    return {
        "consumer_committed": summary_ms(lags),
        "relay_acknowledged": summary_ms(acked),
        "per_subscriber": per_subscriber,
        "not_in_inbox": missing,
    }


# -- figures of the drain -------------------------------------------------------------------------

DRAIN_GOAL_EVENTS_PER_S = 2000.0  # with four subscribers: 8,000 deliveries/s
DRAIN_SUBSCRIBERS = ("leave", "remuneration", "access", "feedback")


def drain_figures(runs: list[dict[str, Any]]) -> list[Figure]:
    """Each run's drain rate against the goal and its CPU per delivery, then the median over the runs.

    A run is bench/run.py's JSON output. The goal's rate counts from the first delivery to the last, so
    it includes the subscribers' staggered start; the rate with all four up is given beside it."""
    figures: list[Figure] = []
    rates, all_up, relay_cpu, consumer_cpu = [], [], [], []
    for number, run in enumerate(runs, 1):
        drain = run["drain"]
        loads = [run["meta"].get(f"load_average_at_{when}") for when in ("start", "end")]
        label = f"run {number}" + (f" (load {loads[0][0]:.1f} to {loads[1][0]:.1f})" if all(loads) else "")
        cpu = drain["cpu_ms_per_delivery"]
        consumers = [cpu[name] for name in DRAIN_SUBSCRIBERS if name in cpu]
        rate = float(drain["events_per_s"])
        up = float(drain["deliveries_per_s_all_up"]) / len(DRAIN_SUBSCRIBERS)
        rates.append(rate)
        all_up.append(up)
        relay_cpu.append(float(cpu.get("meetings", float("nan"))))
        consumer_cpu.append(sum(consumers) / len(consumers) if consumers else float("nan"))
        goal = f">= {DRAIN_GOAL_EVENTS_PER_S:,.0f} events/s"
        figures += [
            Figure(
                f"drain {label}: events/s, first to last delivery",
                round(rate, 1),
                "events/s",
                goal,
                rate >= DRAIN_GOAL_EVENTS_PER_S,
            ),
            Figure(f"drain {label}: events/s once all four subscribers are up", round(up, 1), "events/s"),
            Figure(f"drain {label}: relay CPU per delivery", relay_cpu[-1], "ms"),
            Figure(f"drain {label}: a consumer's CPU per delivery", round(consumer_cpu[-1], 3), "ms"),
        ]
    median = statistics.median(rates)
    figures += [
        Figure(
            "drain median: events/s, first to last delivery",
            round(median, 1),
            "events/s",
            f">= {DRAIN_GOAL_EVENTS_PER_S:,.0f} events/s",
            median >= DRAIN_GOAL_EVENTS_PER_S,
        ),
        Figure(
            "drain median: events/s once all four subscribers are up", round(statistics.median(all_up), 1), "events/s"
        ),
        Figure(
            "drain median: CPU per delivery, relay and one consumer",
            round(statistics.median(r + c for r, c in zip(relay_cpu, consumer_cpu, strict=True)), 3),
            "ms",
        ),
    ]
    return figures


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "drain-figures":
        print("usage: bench/events.py drain-figures RESULTS.json...", file=sys.stderr)
        return 2
    runs = [json.loads(Path(path).read_text(encoding="utf-8")) for path in argv[1:]]
    figures = drain_figures(runs)
    loads = [
        {"start": r["meta"].get("load_average_at_start"), "end": r["meta"].get("load_average_at_end")} for r in runs
    ]
    path = write_figures("drain", figures, load_average_per_run=loads)
    for figure in figures:
        goal = f"  goal {figure.goal}: {verdict(figure.met)}" if figure.goal else ""
        print(f"{figure.name}: {figure.value:,} {figure.unit}{goal}")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
