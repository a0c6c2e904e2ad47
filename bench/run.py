"""`make bench`: the gateway's overhead, event delivery lag and backlog drain, on the real processes.

Starts its own stacks (temp var dirs, ports 18000-18006 unless --base-port/BENCH_BASE_PORT says
otherwise), migrates, seeds the demo population, then runs three benchmarks:

(a) gateway overhead, on a stack of meetings and the gateway alone, meetings on PostgreSQL as it is
    deployed (BENCH_POSTGRES_URL, default postgres on 127.0.0.1; --gateway-database sqlite for the
    embedded SQLite of `make run`, whose driver wakes the service's event loop from a thread on every
    query, a neighbour that costs the gateway more CPU on a small machine) and no subscribers, so
    that nothing else runs - the same GET direct on meetings and through the gateway (/meetings/...):
    requests/s and p50/p99 at --connections for --duration after --warmup (wrk if installed, else
    bench/loadgen.py in its own process), plus p50/p99 with one connection: the added cost itself,
    without queueing (the targets in turn, three rounds); HAProxy on deploy/haproxy/folkevalgt.cfg
    is measured in the gateway's place too, when it is installed;
then (b) and (c) on the whole stack on SQLite:
(b) event delivery lag - POST /people (one person.changed event, delivered to the 4 subscribers)
    at --rate/s for --rate-seconds, after a short reference run at --low-rate/s; per event and
    subscriber, lag = consumer inbox.received_at - producer outbox.created_at, read from the SQLite
    databases after the run (same clock, no polling error);
(c) backlog drain - the 4 subscribers stopped, --backlog events created, the subscribers started
    again, meetings (the relay) paused until all four answer ready so the rate is that of four
    subscribers, not of their staggered start; rate = deliveries / (last - first
    outbox.delivered_at) of the backlog's rows.
    Meetings runs with MEETINGS_EVENTS__BACKOFF_MAX_SECONDS=1 (and MAX_ATTEMPTS=1000), so a failed
    row is due again within a second of the subscribers' return and none goes dead meanwhile.

Each benchmark also reports the CPU time the service processes used (from /proc), per request,
event or delivery, to show where the time goes. Prints a table, writes bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import procstat
from events import (
    delivery_lags,
    drain_figures,
    outbox_max_id,
    outbox_rows,
    outbox_status_counts,
    produce_at_rate,
    produce_burst,
    wait_outbox_settled,
)
from figures import Figure, write_figures
from http_load import load_tool, run_load
from processes import drop_database, fresh_database, start_haproxy, wait_up

from folkevalgt_devstack.cli import migrate
from folkevalgt_devstack.stack import Stack
from folkevalgt_devstack.topology import DEFAULT_PORTS, SERVICES, Topology
from folkevalgt_shared.auth import ALL_SCOPES, load_or_create_dev_key, mint_dev_token
from folkevalgt_shared.settings import AuthSettings

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "latest.json"
SUBSCRIBERS = ("leave", "remuneration", "access", "feedback")
GOALS = {
    "throughput_ratio": 0.60,
    "added_p50_ms": 0.3,  # one connection: the gateway's own latency, without queueing
    "gateway_cpu_ms": 0.15,  # the gateway process's CPU per request: a tenth of a service request
    "lag_p99_ms": 500.0,
    "drain_per_s": 2000.0,  # events per second, four subscribers
}
# The gateway allows 6000/minute per client by default: far below what the load generator sends.
GATEWAY_ENV = {"GATEWAY_RATE_LIMIT": "1000000000/minute"}
GATEWAY_DATABASE = "bench_gateway_meetings"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--base-port",
        type=int,
        default=int(os.environ.get("BENCH_BASE_PORT", 18000)),
        help="gateway's port; the services take the next five (default 18000 or BENCH_BASE_PORT)",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per gateway-overhead measurement")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument(
        "--latency-duration", type=float, default=2.0, help="seconds per one-connection latency measurement"
    )
    parser.add_argument("--rate", type=float, default=200.0, help="events/s offered in the lag benchmark")
    parser.add_argument("--rate-seconds", type=float, default=10.0)
    parser.add_argument(
        "--low-rate", type=float, default=20.0, help="events/s of the reference lag run before the main one (0: skip)"
    )
    parser.add_argument("--low-rate-seconds", type=float, default=5.0)
    parser.add_argument(
        "--settle-timeout",
        type=float,
        default=60.0,
        help="seconds to wait for a lag run's deliveries before reporting what arrived",
    )
    parser.add_argument("--backlog", type=int, default=4000, help="events created while the subscribers are down")
    parser.add_argument("--drain-timeout", type=float, default=90.0)
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument(
        "--only", choices=("gateway", "lag", "drain"), action="append", help="run only these benchmarks (repeatable)"
    )
    parser.add_argument(
        "--gateway-database",
        choices=("postgresql", "sqlite"),
        default="postgresql",
        help="meetings' database in (a): PostgreSQL as deployed (BENCH_POSTGRES_URL, default postgres on "
        "127.0.0.1), or the embedded SQLite of `make run`",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp var dir (databases, logs)")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="first wait up to SECONDS for other processes to leave the CPUs idle",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results (default {RESULTS})")
    return parser.parse_args()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def check_ports_free(topology: Topology) -> None:
    for name, port in topology.ports.items():
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: TIME_WAIT is no obstacle
            try:
                probe.bind((topology.host, port))
            except OSError as exc:
                raise SystemExit(f"port {port} ({name}) is in use; choose another --base-port") from exc


def prepare(topology: Topology, extra_env: dict[str, dict[str, str]], services: tuple[str, ...] = SERVICES) -> str:
    """Migrates the services' databases and seeds meetings; returns an all-scopes token."""
    for service in services:
        # migrate() reads each service's settings from the environment, as the processes will have it
        os.environ.update(topology.service_env(service) | extra_env.get(service, {}))
    key_file = topology.var_dir / "dev-signing-key.pem"
    load_or_create_dev_key(key_file)
    migrate(list(services))
    from meetings.config import Settings as MeetingsSettings
    from meetings.seed import seed

    counts = asyncio.run(seed(MeetingsSettings(), demo=True))
    log(f"seeded {counts['bodies']} bodies and {counts['people']} people")
    return mint_dev_token(AuthSettings(dev_key_file=key_file), "bench", ALL_SCOPES)


def expect_ok(url: str, headers: dict[str, str]) -> None:
    response = httpx.get(url, headers=headers, timeout=5)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.text[:300]}")


# -- (a) gateway overhead ------------------------------------------------------------------------


LATENCY_ROUNDS = 3


def pids(stack: Stack) -> dict[str, int]:
    return {name: process.pid for name, process in stack.processes.items()}


def bench_gateway(
    topology: Topology,
    stack: Stack,
    token: str,
    args: argparse.Namespace,
    tool: str,
    haproxy: tuple[int, str] | None = None,
) -> dict[str, Any]:
    """`haproxy`: (pid, base URL) of HAProxy in the gateway's place, measured alongside as a yardstick."""
    auth = {"Authorization": f"Bearer {token}"}
    bodies = httpx.get(f"{topology.url('meetings')}/bodies", params={"limit": 1}, headers=auth, timeout=5)
    bodies.raise_for_status()
    body_id = bodies.json()["items"][0]["id"]
    cases = [
        ("GET /health/live", "/health/live", {}),
        ("GET /bodies/{id}", f"/bodies/{body_id}", auth),
    ]
    targets = [("direct", topology.url("meetings")), ("gateway", f"{topology.url('gateway')}/meetings")]
    processes = pids(stack)
    if haproxy is not None:
        targets.append(("haproxy", f"{haproxy[1]}/meetings"))
        processes["haproxy"] = haproxy[0]
    out: dict[str, Any] = {}
    for label, path, headers in cases:
        case: dict[str, Any] = {"path": path}
        for target, base in targets:
            url = base + path
            expect_ok(url, headers)
            log(f"(a) {label} {target}: warm-up {args.warmup:g}s, {args.connections} connections {args.duration:g}s")
            run_load(url, connections=args.connections, duration=args.warmup, headers=headers, tool=tool)
            before = procstat.snapshot(processes)
            loaded = run_load(url, connections=args.connections, duration=args.duration, headers=headers, tool=tool)
            used = procstat.delta(before, procstat.snapshot(processes))
            loaded["cpu_ms_per_request"] = {
                name: round(used[name] * 1000 / max(int(loaded["requests"]), 1), 4)
                for name in ("meetings", "gateway", "haproxy")
                if name in used
            }
            case[target] = {"loaded": loaded}
        # One connection, the targets taken in turn for a few rounds: the added latency is a small
        # difference of two larger numbers, and the service drifts over a minute; the round with the
        # median p50 is kept for each.
        log(f"(a) {label}: 1 connection {args.latency_duration:g}s per target, {LATENCY_ROUNDS} rounds in turn")
        singles: dict[str, list[dict[str, Any]]] = {target: [] for target, _ in targets}
        for _ in range(LATENCY_ROUNDS):
            for target, base in targets:
                singles[target].append(
                    run_load(
                        base + path,
                        connections=1,
                        duration=args.latency_duration,
                        headers=headers,
                        tool=tool,
                        threads=1,
                    )
                )
        for target, runs in singles.items():
            case[target]["single"] = sorted(runs, key=lambda run: float(run["p50_ms"]))[len(runs) // 2]
        d, g = case["direct"], case["gateway"]
        case["throughput_ratio"] = g["loaded"]["rps"] / d["loaded"]["rps"]
        for mode in ("loaded", "single"):
            case[f"added_p50_ms_{mode}"] = g[mode]["p50_ms"] - d[mode]["p50_ms"]
            case[f"added_p99_ms_{mode}"] = g[mode]["p99_ms"] - d[mode]["p99_ms"]
            if "haproxy" in case:
                case[f"haproxy_added_p50_ms_{mode}"] = case["haproxy"][mode]["p50_ms"] - d[mode]["p50_ms"]
        out[label] = case
    return out


# -- (b) event delivery lag ----------------------------------------------------------------------


def lag_run(
    topology: Topology, stack: Stack, token: str, *, rate: float, seconds: float, settle_timeout: float
) -> dict[str, Any]:
    meetings_db = topology.var_dir / "meetings.db"
    start_id = outbox_max_id(meetings_db)
    log(f"(b) POST /people at {rate:g}/s for {seconds:g}s (one event -> {len(SUBSCRIBERS)} subscribers)")
    before, own_before = procstat.snapshot(pids(stack)), time.process_time()
    produced = asyncio.run(produce_at_rate(topology.url("meetings"), token, rate=rate, seconds=seconds))
    end_id = outbox_max_id(meetings_db)
    settled, _ = wait_outbox_settled(meetings_db, start_id, timeout=settle_timeout)
    used = procstat.delta(before, procstat.snapshot(pids(stack)))
    used["bench (producer)"] = round(time.process_time() - own_before, 3)
    rows = outbox_rows(meetings_db, start_id, end_id)
    created = sorted({r["event_id"]: r["created"] for r in rows}.values())
    result: dict[str, Any] = {
        "offered_rate": rate,
        "producer": produced.as_dict(),
        "events": len(created),
        "deliveries": len(rows),
        "event_rate_per_s": (len(created) - 1) / (created[-1] - created[0]) if len(created) > 1 else 0.0,
        "settled": settled,
        "settle_timeout_s": settle_timeout,
        "outbox_status": outbox_status_counts(meetings_db, start_id),
        "cpu_seconds": used,
        "cpu_ms_per_event": {name: round(sec * 1000 / max(len(created), 1), 3) for name, sec in used.items()},
    }
    result.update(delivery_lags(topology.var_dir, rows))
    return result


# -- (c) backlog drain ---------------------------------------------------------------------------


def bench_drain(topology: Topology, stack: Stack, token: str, args: argparse.Namespace) -> dict[str, Any]:
    meetings_db = topology.var_dir / "meetings.db"
    log(f"(c) stopping {', '.join(SUBSCRIBERS)}")
    for name in SUBSCRIBERS:
        stack.stop(name)
    start_id = outbox_max_id(meetings_db)
    log(f"(c) creating {args.backlog} events while the subscribers are down")
    produced = asyncio.run(produce_burst(topology.url("meetings"), token, count=args.backlog, concurrency=32))
    end_id = outbox_max_id(meetings_db)
    ops = httpx.get(f"{topology.url('meetings')}/ops/outbox", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    ops.raise_for_status()
    backlog_ops = sum(r["count"] for r in ops.json() if r["status"] == "pending")
    backlog_db = outbox_status_counts(meetings_db, start_id).get("pending", 0)
    log(
        f"(c) backlog: {backlog_ops} pending deliveries (/ops/outbox, all rows), {backlog_db} of this run (db); "
        "starting the subscribers"
    )
    # The subscribers start one after another (each imports and migrates on its own): the relay is
    # paused meanwhile, so the drain is measured with all four up rather than the first one alone.
    meetings = stack.processes["meetings"]
    meetings.send_signal(signal.SIGSTOP)
    try:
        restart_at = time.time()
        for name in SUBSCRIBERS:
            stack.start(name)
        for name in SUBSCRIBERS:
            stack.wait_ready(name)
    finally:
        meetings.send_signal(signal.SIGCONT)
    ready_at = time.time()
    before = procstat.snapshot(pids(stack))
    settled, settled_at = wait_outbox_settled(meetings_db, start_id, timeout=args.drain_timeout, poll=0.02)
    used = procstat.delta(before, procstat.snapshot(pids(stack)))
    rows = outbox_rows(meetings_db, start_id, end_id)
    delivered = sorted(r["delivered"] for r in rows if r["delivered"] is not None)
    after_ready = sum(1 for t in delivered if t >= ready_at)
    # The relay's CPU per delivery; each consumer's per delivery it received.
    received = {
        name: sum(1 for r in rows if r["subscriber"] == name and (r["delivered"] or 0) >= ready_at)
        for name in SUBSCRIBERS
    }
    events = len({r["event_id"] for r in rows})
    span = delivered[-1] - delivered[0] if len(delivered) > 1 else float("nan")
    return {
        "producer": produced.as_dict(),
        "events": events,
        "deliveries": len(rows),
        "backlog_pending_ops_endpoint": backlog_ops,
        "backlog_pending_db": backlog_db,
        "settled": settled,
        "outbox_status": outbox_status_counts(meetings_db, start_id),
        "max_attempts": max((r["attempts"] for r in rows), default=0),
        "subscribers_ready_s": ready_at - restart_at,
        "first_delivery_after_restart_s": delivered[0] - restart_at if delivered else None,
        "drain_span_s": span,
        "deliveries_per_s": len(delivered) / span,
        "events_per_s": events / span,
        # Steady state: only once every subscriber answered /health/ready (they start one after another).
        "deliveries_per_s_all_up": after_ready / (delivered[-1] - ready_at) if delivered else float("nan"),
        "wall_s_restart_to_empty": settled_at - restart_at,
        "wall_deliveries_per_s": len(delivered) / (settled_at - restart_at),
        "cpu_seconds_after_ready": used,
        "deliveries_after_ready": after_ready,
        "cpu_ms_per_delivery": {
            name: round(sec * 1000 / max(received.get(name, after_ready), 1), 3) for name, sec in used.items()
        },
    }


# -- report --------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "not met"


def _cpu_line(title: str, per: dict[str, float]) -> str:
    consumers = [per[n] for n in SUBSCRIBERS if n in per]
    parts = [f"{name} {per[name]:.2f}" for name in per if name not in (*SUBSCRIBERS, "gateway")]
    if consumers:
        parts.append(f"each consumer {sum(consumers) / len(consumers):.2f}")
    return f"{title}: " + ", ".join(parts) + " ms"


def _lag_lines(lag: dict[str, Any]) -> list[str]:
    p = lag["producer"]
    c, a = lag["consumer_committed"], lag["relay_acknowledged"]
    lines = [
        f"input: offered {p['offered_rate_per_s']:.1f}/s, POSTs completed {p['completed_rate_per_s']:.1f}/s, "
        f"events written {lag['event_rate_per_s']:.1f}/s; {p['ok']} ok / {p['failed']} failed; "
        f"POST p50 {p['post_latency']['p50_ms']:.1f} ms, p99 {p['post_latency']['p99_ms']:.1f} ms",
        f"{'lag (per event and subscriber)':<40}{'p50':>10}{'p90':>10}{'p99':>10}{'max':>10}",
    ]
    rows = [("commit -> consumer committed (inbox)", c), ("commit -> relay recorded the delivery", a)]
    rows += [(f"  {name}", s) for name, s in lag["per_subscriber"].items()]
    for title, s in rows:
        lines.append(f"{title:<40}" + "".join(f"{s[k]:>8.1f}ms" for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms")))
    if lag["not_in_inbox"] or not lag["settled"]:
        lines.append(
            f"!! {lag['not_in_inbox']} deliveries not in an inbox after {lag['settle_timeout_s']:g}s "
            f"(excluded above: their lag is longer); outbox {lag['outbox_status']}"
        )
    lines.append(_cpu_line("CPU per event (1 POST + 4 deliveries)", lag["cpu_ms_per_event"]))
    return lines


def figures_of(results: dict[str, Any]) -> list[Figure]:
    """The goal figures, for bench/report.py."""
    out: list[Figure] = []
    for label, case in results.get("gateway", {}).items():
        ratio, added = case["throughput_ratio"], case["added_p50_ms_single"]
        cpu = case["gateway"]["loaded"].get("cpu_ms_per_request", {}).get("gateway")
        goal = GOALS["throughput_ratio"]
        out.append(
            Figure(
                f"{label} via the gateway: throughput vs direct", round(ratio, 3), "ratio", f"≥ {goal}", ratio >= goal
            )
        )
        goal = GOALS["added_p50_ms"]
        out.append(
            Figure(
                f"{label} via the gateway: added p50 at 1 connection",
                round(added, 3),
                "ms",
                f"≤ {goal} ms",
                added <= goal,
            )
        )
        if cpu is not None:
            goal = GOALS["gateway_cpu_ms"]
            out.append(
                Figure(f"{label} via the gateway: gateway CPU per request", cpu, "ms", f"≤ {goal} ms", cpu <= goal)
            )
        out.append(
            Figure(f"{label} via the gateway: added p50 at 32 connections", round(case["added_p50_ms_loaded"], 3), "ms")
        )
        if "haproxy" in case:  # the yardstick: no goal of its own
            haproxy_cpu = case["haproxy"]["loaded"]["cpu_ms_per_request"].get("haproxy")
            if haproxy_cpu is not None:
                out.append(Figure(f"{label} via HAProxy in the gateway's place: CPU per request", haproxy_cpu, "ms"))
            out.append(
                Figure(
                    f"{label} via HAProxy in the gateway's place: added p50 at 1 connection",
                    round(case["haproxy_added_p50_ms_single"], 3),
                    "ms",
                )
            )
    if "lag" in results:
        lag = results["lag"]
        p99 = float("inf") if lag["not_in_inbox"] else lag["consumer_committed"]["p99_ms"]
        goal = GOALS["lag_p99_ms"]
        out.append(
            Figure(f"event lag p99 at {lag['offered_rate']:g}/s", round(p99, 1), "ms", f"≤ {goal:g} ms", p99 <= goal)
        )
    if "drain" in results:
        out += drain_figures([results])
    return out


def report(results: dict[str, Any]) -> str:
    lines: list[str] = []
    meta = results["meta"]
    lines.append(
        f"Folkevalgt bench — {meta['cpus']} CPUs, {meta['platform']}, load generator {meta['load_tool']}; "
        f"CPUs {meta['cpu_busy_before_start'] or 0:.0%} busy before start"
    )
    if not str(meta["load_tool"]).startswith("wrk"):
        lines.append(
            "!! the Python load generator needs a CPU of its own: on a small machine it lowers the gateway "
            "numbers most (install wrk)"
        )
    if (meta["cpu_busy_before_start"] or 0) > 0.15:
        lines.append("!! the machine was busy when the bench started: the numbers include that noise")
    if "gateway" in results:
        conns = meta["params"]["connections"]
        lines += [
            "",
            f"(a) Gateway overhead, meetings on {meta['gateway_database']}: meetings direct vs /meetings/... "
            f"through the gateway; {conns} "
            f"connections for {meta['params']['duration']:g}s, and 1 connection (latency without queueing; "
            f"the round with the median p50 of {LATENCY_ROUNDS}, the targets taken in turn)",
            f"{'':<20}{'req/s direct':>13}{'req/s gw':>10}{'ratio':>7}  {'p50/p99 direct':>18}"
            f"{'p50/p99 gateway':>20}{'added p50/p99':>20}",
        ]
        for label, case in results["gateway"].items():
            d, g = case["direct"], case["gateway"]
            for mode, title in (("loaded", f"@{conns}"), ("single", "@1")):
                ratio = f"{case['throughput_ratio']:>7.0%}" if mode == "loaded" else f"{'':>7}"
                lines.append(
                    f"{label + ' ' + title:<20}{d[mode]['rps']:>13,.0f}{g[mode]['rps']:>10,.0f}{ratio}  "
                    f"{d[mode]['p50_ms']:>8.2f}/{d[mode]['p99_ms']:<6.2f}ms"
                    f"{g[mode]['p50_ms']:>10.2f}/{g[mode]['p99_ms']:<6.2f}ms"
                    f"{case[f'added_p50_ms_{mode}']:>+10.2f}/{case[f'added_p99_ms_{mode}']:<+6.2f}ms"
                )
            dc, gc = d["loaded"].get("cpu_ms_per_request", {}), g["loaded"].get("cpu_ms_per_request", {})
            if dc and gc:
                lines.append(
                    f"{'':<20}CPU per request @{conns}: direct meetings {dc.get('meetings', 0):.3f} ms; "
                    f"via gateway: gateway {gc.get('gateway', 0):.3f} + meetings "
                    f"{gc.get('meetings', 0):.3f} ms"
                )
            if "haproxy" in case:
                h = case["haproxy"]
                lines.append(
                    f"{'':<20}HAProxy (deploy/haproxy) in the gateway's place: {h['loaded']['rps']:,.0f} req/s "
                    f"@{conns}, CPU {h['loaded']['cpu_ms_per_request'].get('haproxy', 0):.3f} ms per request, "
                    f"p50 @1 {h['single']['p50_ms']:.2f} ms ({case['haproxy_added_p50_ms_single']:+.2f} ms)"
                )
            errors = sum(
                x[m]["non2xx"] + x[m]["errors"]
                for x in (d, g, *([case["haproxy"]] if "haproxy" in case else []))
                for m in ("loaded", "single")
            )
            if errors:
                lines.append(f"{'':<20}!! {errors} non-2xx or failed requests")
        cases = results["gateway"].values()
        worst_ratio = min(c["throughput_ratio"] for c in cases)
        worst_added = max(c["added_p50_ms_single"] for c in cases)
        worst_added_loaded = max(c["added_p50_ms_loaded"] for c in cases)
        cpu = [c["gateway"]["loaded"].get("cpu_ms_per_request", {}).get("gateway") for c in cases]
        worst_cpu = max((x for x in cpu if x is not None), default=None)
        lines += [
            f"goal: throughput ≥ {GOALS['throughput_ratio']:.0%} of direct -> worst {worst_ratio:.0%} "
            f"{verdict(worst_ratio >= GOALS['throughput_ratio'])}",
            f"goal: added p50 ≤ {GOALS['added_p50_ms']:g} ms (1 connection) -> worst {worst_added:+.2f} ms "
            f"{verdict(worst_added <= GOALS['added_p50_ms'])}",
            f"goal: gateway CPU ≤ {GOALS['gateway_cpu_ms']:g} ms per request -> worst "
            + (f"{worst_cpu:.3f} ms {verdict(worst_cpu <= GOALS['gateway_cpu_ms'])}" if worst_cpu else "not measured"),
            f"added p50 at {conns} connections (queueing included; no goal): worst {worst_added_loaded:+.2f} ms",
        ]
    if "lag" in results:
        lag = results["lag"]
        if "reference" in results:
            ref = results["reference"]
            lines += [
                "",
                f"(b0) Reference lag at {ref['offered_rate']:g} events/s ({ref['events']} events x "
                f"{len(SUBSCRIBERS)} = {ref['deliveries']} deliveries)",
                *_lag_lines(ref),
            ]
        lines += [
            "",
            f"(b) Event delivery lag at {lag['offered_rate']:g} events/s ({lag['events']} events x "
            f"{len(SUBSCRIBERS)} subscribers = {lag['deliveries']} deliveries)",
            *_lag_lines(lag),
        ]
        p99 = lag["consumer_committed"]["p99_ms"]
        if lag["not_in_inbox"]:
            p99 = float("inf")
        lines.append(
            f"goal: p99 ≤ {GOALS['lag_p99_ms']:g} ms at {lag['offered_rate']:g}/s -> {p99:.1f} ms "
            f"{verdict(p99 <= GOALS['lag_p99_ms'])}"
        )
    if "drain" in results:
        dr = results["drain"]
        lines += [
            "",
            f"(c) Backlog drain ({dr['events']} events x {len(SUBSCRIBERS)} = {dr['deliveries']} "
            f"deliveries queued while the subscribers were down)",
            f"backlog created at {dr['producer']['completed_rate_per_s']:.0f} events/s; pending before restart: "
            f"{dr['backlog_pending_db']} (db), {dr['backlog_pending_ops_endpoint']} (/ops/outbox)",
            f"after the restart: subscribers ready {dr['subscribers_ready_s']:.2f}s, first delivery "
            f"{dr['first_delivery_after_restart_s']:.2f}s, backlog empty {dr['wall_s_restart_to_empty']:.2f}s",
            f"drain rate: {dr['deliveries_per_s']:,.0f} deliveries/s = {dr['events_per_s']:,.0f} events/s "
            f"(first->last delivered_at, {dr['drain_span_s']:.2f}s); with all 4 subscribers up "
            f"{dr['deliveries_per_s_all_up']:,.0f} deliveries/s; incl. restart {dr['wall_deliveries_per_s']:,.0f}/s",
            f"outbox after: {dr['outbox_status']}, most attempts of a row {dr['max_attempts']}",
            _cpu_line("CPU per delivery (relay: all; a consumer: those it received)", dr["cpu_ms_per_delivery"]),
            f"goal: ≥ {GOALS['drain_per_s']:,.0f} events/s with four subscribers -> {dr['events_per_s']:,.0f} events/s "
            f"{verdict(dr['events_per_s'] >= GOALS['drain_per_s'])} ({dr['deliveries_per_s']:,.0f} deliveries/s)",
        ]
    return "\n".join(lines)


def run_gateway_bench(args: argparse.Namespace, ports: dict[str, int], tool: str) -> dict[str, Any]:
    """(a) in a stack of its own: meetings and the gateway (HAProxy beside it when installed), meetings
    on PostgreSQL as deployed (or on SQLite with --gateway-database sqlite), with no subscribers, so
    that nothing but the measured requests runs."""
    var_dir = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-gateway-"))
    topology = Topology(ports=ports, var_dir=var_dir)
    meetings_env = {"MEETINGS_EVENTS__SUBSCRIPTIONS": "[]"}
    database = None
    if args.gateway_database == "postgresql":
        try:
            database = asyncio.run(fresh_database(args.postgres_url, GATEWAY_DATABASE))
        except (OSError, asyncpg.PostgresError) as exc:
            raise SystemExit(
                f"(a) needs PostgreSQL ({exc}): set BENCH_POSTGRES_URL, or run --gateway-database sqlite"
            ) from exc
        meetings_env["MEETINGS_DATABASE_URL"] = database
    extra_env = {"gateway": GATEWAY_ENV, "meetings": meetings_env}
    stack = Stack(topology, log_dir=var_dir / "logs", extra_env=extra_env)
    haproxy: subprocess.Popen[bytes] | None = None
    failed = True
    try:
        token = prepare(topology, extra_env, ("meetings",))
        for name in ("meetings", "gateway"):
            stack.start(name)
        stack.wait_ready("meetings")
        wait_up(f"{topology.url('gateway')}/health/live")
        yardstick = None
        if shutil.which("haproxy"):  # the yardstick the gateway is held against, in the same place
            port = max(topology.ports.values()) + 1
            services = {name: f"127.0.0.1:{topology.ports[name]}" for name in SERVICES}
            haproxy = start_haproxy(var_dir, var_dir / "dev-signing-key.pem", port, services)
            yardstick = (haproxy.pid, f"http://127.0.0.1:{port}")
        result = bench_gateway(topology, stack, token, args, tool, yardstick)
        failed = False
        return result
    finally:
        if haproxy is not None:
            haproxy.terminate()
            haproxy.wait(10)
        stack.stop_all()
        if failed or args.keep:
            print(f"kept {var_dir} (databases, logs/)", file=sys.stderr)
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
        if database is not None:
            asyncio.run(drop_database(args.postgres_url, GATEWAY_DATABASE))


def main() -> int:
    args = parse_args()
    only = set(args.only or ("gateway", "lag", "drain"))
    tool = load_tool(args.loadgen)
    deadline = time.monotonic() + args.wait_quiet
    while args.wait_quiet and time.monotonic() < deadline:
        busy = procstat.cpu_busy(2.0)
        if busy is None or busy <= 0.15:
            break
        log(f"CPUs {busy:.0%} busy with other work; waiting (--wait-quiet)")
    names = list(DEFAULT_PORTS)  # gateway, meetings, leave, remuneration, access, feedback
    ports = {name: args.base_port + i for i, name in enumerate(names)}
    check_ports_free(Topology(ports=ports, var_dir=Path(tempfile.gettempdir())))
    extra_env = {
        "gateway": GATEWAY_ENV,
        # While the subscribers are down in (c) the relay keeps retrying: cap the backoff at 1 s so the
        # rows are due soon after the restart, and allow enough attempts that none goes dead meanwhile.
        "meetings": {"MEETINGS_EVENTS__BACKOFF_MAX_SECONDS": "1", "MEETINGS_EVENTS__MAX_ATTEMPTS": "1000"},
    }
    results: dict[str, Any] = {
        "meta": {
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
            "load_tool": tool if tool == "wrk" else "python-aiohttp (wrk not installed)",
            "ports": ports,
            "gateway_database": args.gateway_database,
            "params": {k: v for k, v in vars(args).items() if k not in ("keep", "only", "output", "postgres_url")},
            "load_average_at_start": os.getloadavg(),
            "cpu_busy_before_start": procstat.cpu_busy(),
            "extra_env": extra_env,
            "goals": GOALS,
        }
    }
    began = time.monotonic()
    try:
        if "gateway" in only:
            log(f"(a) meetings on {args.gateway_database} and the gateway; load: {tool}")
            results["gateway"] = run_gateway_bench(args, ports, tool)
        if only & {"lag", "drain"}:
            run_event_benches(args, ports, only, extra_env, results)
    finally:
        results["meta"]["total_seconds"] = round(time.monotonic() - began, 1)
        results["meta"]["load_average_at_end"] = os.getloadavg()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    write_figures("platform", figures_of(results))
    print()
    print(report(results))
    print(f"\ntotal {results['meta']['total_seconds']:.0f}s (stacks' start included); JSON: {args.output}")
    return 0


def run_event_benches(
    args: argparse.Namespace,
    ports: dict[str, int],
    only: set[str],
    extra_env: dict[str, dict[str, str]],
    results: dict[str, Any],
) -> None:
    """(b) and (c) on the whole stack on SQLite, whose outboxes and inboxes they read afterwards."""
    var_dir = Path(tempfile.mkdtemp(prefix="folkevalgt-bench-"))
    topology = Topology(ports=ports, var_dir=var_dir)
    results["meta"]["var_dir"] = str(var_dir)
    stack = Stack(topology, log_dir=var_dir / "logs", extra_env=extra_env)
    failed = True
    began = time.monotonic()
    try:
        log(f"var dir {var_dir}; ports {topology.ports['gateway']}-{max(topology.ports.values())}")
        token = prepare(topology, extra_env)
        stack.start_all()
        for name in (*SERVICES, "gateway"):
            stack.wait_ready(name)
        settled, _ = wait_outbox_settled(var_dir / "meetings.db", timeout=60)  # the seed's events
        log(f"stack ready after {time.monotonic() - began:.1f}s; seed events delivered: {settled}")
        if "lag" in only:
            if args.low_rate > 0:
                results["reference"] = lag_run(
                    topology,
                    stack,
                    token,
                    rate=args.low_rate,
                    seconds=args.low_rate_seconds,
                    settle_timeout=args.settle_timeout,
                )
            results["lag"] = lag_run(
                topology, stack, token, rate=args.rate, seconds=args.rate_seconds, settle_timeout=args.settle_timeout
            )
        if "drain" in only:
            results["drain"] = bench_drain(topology, stack, token, args)
        failed = False
    finally:
        stack.stop_all()
        if failed or args.keep:
            print(f"kept {var_dir} (databases, logs/)", file=sys.stderr)
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
