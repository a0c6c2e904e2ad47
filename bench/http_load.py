"""Fixed-duration HTTP load: `wrk` when installed, else bench/loadgen.py in a separate process.

Both return the same dict: tool, requests, duration_s, rps, p50_ms, p90_ms, p99_ms, max_ms, non2xx, errors.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent

# wrk's `done` hook: print the exact numbers as one JSON line (latencies are in microseconds).
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"non2xx":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def load_tool(preference: str = "auto") -> str:
    if preference == "python":
        return "python"
    if shutil.which("wrk"):
        return "wrk"
    if preference == "wrk":
        raise SystemExit("--loadgen wrk: wrk is not installed (apt-get install -y wrk)")
    return "python"


def run_load(
    url: str,
    *,
    connections: int,
    duration: float,
    headers: dict[str, str] | None = None,
    tool: str = "wrk",
    threads: int = 2,
    post_json: str | None = None,
) -> dict[str, float | int | str]:
    headers = headers or {}
    if tool == "wrk":
        return _run_wrk(url, connections, duration, headers, threads, post_json)
    if post_json is not None:
        raise SystemExit("POST load needs wrk (apt-get install -y wrk)")
    command = [
        sys.executable,
        str(BENCH_DIR / "loadgen.py"),
        "--url",
        url,
        "--connections",
        str(connections),
        "--duration",
        str(duration),
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=duration + 60)
    result: dict[str, float | int | str] = json.loads(out.stdout.strip().splitlines()[-1])
    result["tool"] = "python-aiohttp"
    return result


def _run_wrk(
    url: str, connections: int, duration: float, headers: dict[str, str], threads: int, post_json: str | None = None
) -> dict[str, float | int | str]:
    threads = max(1, min(threads, connections))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if post_json is not None:
            script.write(
                f'wrk.method = "POST"\nwrk.body = {json.dumps(post_json)}\n'
                'wrk.headers["Content-Type"] = "application/json"\n'
            )
        script.write(WRK_REPORT)
    try:
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            script.name,
        ]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        out = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=duration + 60)
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("BENCHJSON "))
    raw = json.loads(line.removeprefix("BENCHJSON "))
    seconds = raw["duration_us"] / 1e6
    return {
        "tool": "wrk",
        "requests": raw["requests"],
        "duration_s": seconds,
        "rps": raw["requests"] / seconds,
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "non2xx": raw["non2xx"],
        "errors": raw["errors"],
    }
