"""`python -m folkevalgt_devstack <command>`: migrate, seed, token, run (what `make` calls)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import signal
import sys
import time

from folkevalgt_devstack.stack import Stack, Supervisor
from folkevalgt_devstack.topology import SERVICES, Topology
from folkevalgt_shared.auth import ALL_SCOPES, load_or_create_dev_key, mint_dev_token
from folkevalgt_shared.migrations import upgrade_head
from folkevalgt_shared.settings import AuthSettings, EventSettings, Subscription

DEV_ADMIN = "dev-admin"


def say(message: str) -> None:
    """One write for the whole line: the services write to the same stream, and print() sends the text
    and its newline apart, so a service's line could land between them."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def migrate(services: list[str]) -> None:
    """Migrates each service's database to head, using the service's own settings (env).

    For meetings this includes the municipality's bodies from config/ (MTG-01): reference data
    every deployment needs, loaded through the register so the read models receive it too.
    """
    for name in services:
        settings = importlib.import_module(f"{name}.config").Settings()
        upgrade_head(importlib.import_module(f"{name}.db").ALEMBIC_INI, settings.database_url)
        if name == "meetings":
            from meetings.seed import seed

            print(asyncio.run(seed(settings, demo=False)))


def prepare(topology: Topology, *, demo: bool = True) -> dict[str, int]:
    """Creates the dev key, migrates every service's database and loads bodies (and demo people)."""
    from meetings.config import Settings as MeetingsSettings
    from meetings.seed import seed

    load_or_create_dev_key(topology.var_dir / "dev-signing-key.pem")
    for name in SERVICES:
        upgrade_head(importlib.import_module(f"{name}.db").ALEMBIC_INI, topology.database_url(name))
    settings = MeetingsSettings(
        database_url=topology.database_url("meetings"),
        events=EventSettings(
            subscriptions=[Subscription.model_validate(s) for s in topology.subscriptions("meetings")]
        ),
    )
    counts = asyncio.run(seed(settings, demo=demo))
    if demo:
        counts.update(load_leave_demo(topology))
    return counts


def load_leave_demo(topology: Topology) -> dict[str, int]:
    """The leave service's demo workplace: units, employees, leave and sick-leave figures."""
    from leave.config import Settings as LeaveSettings
    from leave.demo import load

    return asyncio.run(load(LeaveSettings(database_url=topology.database_url("leave"))))


def token(subject: str, scopes: list[str], key_file: str | None) -> str:
    settings = AuthSettings(**({"dev_key_file": key_file} if key_file else {}))
    return mint_dev_token(settings, subject, scopes or ALL_SCOPES)


def run(topology: Topology) -> int:
    print("Migrating databases ...", flush=True)
    counts = prepare(topology)
    print(f"Loaded {counts['bodies']} bodies and {counts['people']} people (fictional demo population).", flush=True)

    stack = Stack(topology)
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.start_all()
        for name in (*SERVICES, "gateway"):
            stack.wait_ready(name)
        load_feedback_demo(topology)
        dev_token = token(DEV_ADMIN, [], str(topology.var_dir / "dev-signing-key.pem"))
        gateway = topology.url("gateway")
        print(
            f"""
Folkevalgt is running.
  Gateway       {gateway}        (API docs: {gateway}/docs, readiness: {gateway}/health/ready)
"""
            + "\n".join(f"  {name:<13} {topology.url(name)}" for name in SERVICES)
            + f"""

Dev token (every scope, valid 12 hours; `make token` prints another):
{dev_token}

Try: curl -H "Authorization: Bearer $TOKEN" {gateway}/meetings/bodies
Mail the feedback service sent: {topology.mail_dir}/ (index.jsonl lists it)
Press Ctrl-C to stop. A process that exits is started again.""",
            flush=True,
        )
        supervisor = Supervisor(stack, say=say)
        while True:
            time.sleep(0.5)
            if stopping:  # Ctrl-C also reaches the children; their exit is expected then
                return 0
            supervisor.check()
    finally:
        print("\nStopping ...", flush=True)
        stack.stop_all()


def load_feedback_demo(topology: Topology) -> None:
    """Feedback's demo items and initiative, through the running API (feedback_demo.py)."""
    from folkevalgt_devstack import feedback_demo

    try:
        created = feedback_demo.load(topology)
    except Exception as exc:  # demo data is a convenience: the stack runs without it
        print(f"Feedback demo data not loaded: {exc}", file=sys.stderr, flush=True)
        return
    if created:
        print(f"Loaded {created} feedback items and a citizen initiative (demo).", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="folkevalgt")
    commands = parser.add_subparsers(dest="command", required=True)
    m = commands.add_parser("migrate", help="migrate service databases to head")
    m.add_argument("services", nargs="*", default=list(SERVICES))
    s = commands.add_parser("seed", help="load the municipality's bodies (and --demo people)")
    s.add_argument("--demo", action="store_true")
    t = commands.add_parser("token", help="print a dev token")
    t.add_argument("--sub", default=DEV_ADMIN, help="person or client id")
    t.add_argument("--scopes", default="", help="space-separated scopes (default: every scope)")
    t.add_argument("--key-file", default=None)
    commands.add_parser("run", help="migrate, seed and start everything")
    args = parser.parse_args()
    if args.command == "migrate":
        migrate(args.services)
    elif args.command == "seed":
        from meetings.config import Settings as MeetingsSettings
        from meetings.seed import seed

        print(asyncio.run(seed(MeetingsSettings(), demo=args.demo)))
    elif args.command == "token":
        print(token(args.sub, args.scopes.split(), args.key_file))
    elif args.command == "run":
        sys.exit(run(Topology.from_env()))


if __name__ == "__main__":
    main()
