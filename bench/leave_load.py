"""Closed-loop POST load over distinct URLs (aiohttp), for the leave decision benchmark: each request decides
another pending application, so no two requests do the same thing.

    python bench/leave_load.py --targets targets.json --base http://127.0.0.1:18202 --connections 16 --duration 5

`targets.json` is a list of [path, bearer token or null]; requests take them in order. Prints one JSON object:
requests, duration_s, rps, p50_ms/p90_ms/p99_ms, non2xx, errors, used (targets consumed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import aiohttp

BODY = b'{"outcome": "grant"}'


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, round(q / 100 * len(values)) - 1))]


async def run(targets: list[list[str | None]], base: str, connections: int, duration: float) -> dict[str, object]:
    latencies: list[float] = []
    counters = {"non2xx": 0, "errors": 0, "next": 0}
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:
        deadline = time.perf_counter() + duration

        async def worker() -> None:
            while time.perf_counter() < deadline and counters["next"] < len(targets):
                path, token = targets[counters["next"]]
                counters["next"] += 1
                headers = {"Content-Type": "application/json"}
                if token:
                    headers["Authorization"] = f"Bearer {token}"
                started = time.perf_counter()
                try:
                    async with session.post(f"{base}{path}", data=BODY, headers=headers) as response:
                        await response.read()
                        if response.status != 200:
                            counters["non2xx"] += 1
                except aiohttp.ClientError:
                    counters["errors"] += 1
                    continue
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - began
    ms = sorted(v * 1000 for v in latencies)
    return {
        "requests": len(ms),
        "duration_s": elapsed,
        "rps": len(ms) / elapsed,
        "p50_ms": percentile(ms, 50),
        "p90_ms": percentile(ms, 90),
        "p99_ms": percentile(ms, 99),
        "non2xx": counters["non2xx"],
        "errors": counters["errors"],
        "used": counters["next"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", required=True)
    parser.add_argument("--base", required=True)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=5)
    args = parser.parse_args()
    with open(args.targets, encoding="utf-8") as f:
        targets = json.load(f)[args.offset :]
    print(json.dumps(asyncio.run(run(targets, args.base, args.connections, args.duration))))


if __name__ == "__main__":
    main()
