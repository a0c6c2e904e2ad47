"""Closed-loop HTTP load generator (aiohttp), the fallback when `wrk` is not installed.

Runs in its own process so it does not share an event loop (or a GIL) with the benchmark driver:

    python bench/loadgen.py --url http://127.0.0.1:18001/health/live --connections 32 --duration 10

Prints one JSON object: requests, duration_s, rps, p50_ms/p90_ms/p99_ms/max_ms, non2xx, errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import aiohttp


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(q / 100 * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


async def run(url: str, connections: int, duration: float, headers: dict[str, str]) -> dict[str, float | int]:
    latencies: list[float] = []
    counters = {"non2xx": 0, "errors": 0}
    connector = aiohttp.TCPConnector(limit=connections, force_close=False)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        deadline = time.perf_counter() + duration

        async def worker() -> None:
            while True:
                started = time.perf_counter()
                if started >= deadline:
                    return
                try:
                    async with session.get(url) as response:
                        await response.read()
                        if not 200 <= response.status < 400:
                            counters["non2xx"] += 1
                except aiohttp.ClientError:
                    counters["errors"] += 1
                    continue
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    ms = [v * 1000 for v in latencies]
    return {
        "requests": len(latencies),
        "duration_s": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(ms, 50),
        "p90_ms": percentile(ms, 90),
        "p99_ms": percentile(ms, 99),
        "max_ms": ms[-1] if ms else float("nan"),
        **counters,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--header", action="append", default=[], help="'Name: value', repeatable")
    args = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    try:
        import uvloop

        runner = uvloop.run
    except (ImportError, AttributeError):
        runner = asyncio.run
    print(json.dumps(runner(run(args.url, args.connections, args.duration, headers))))


if __name__ == "__main__":
    main()
