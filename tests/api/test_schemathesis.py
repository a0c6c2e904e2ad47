"""Every service's OpenAPI document, attacked with generated requests: Schemathesis, in-process.

For each service (on SQLite, and on PostgreSQL when one is configured) the Schemathesis engine runs
all its phases against the app through `schemathesis.openapi.from_asgi`: the documented examples,
the coverage phase (boundaries, nulls, huge integers, wrong types, missing and unknown fields), the
fuzzing phase (a bounded number of examples per operation) and the stateful phase, which follows
the links it infers between operations (a created body's id into its GET, PATCH, members …) to
reach deep routes. Every default check runs — no server error, status codes, content types,
headers and response bodies as documented, invalid input refused, authentication not ignored,
resources usable after creation — except `positive_data_acceptance`: a request that fits the schema
may still be refused by a municipal rule (422 naming the rule, e.g. a meeting without the notice
days of MTG-01), which is this API working, not failing.

Every failure is collected (the run does not stop at the first) and listed with its request and
response. `SCHEMATHESIS_EXAMPLES` and `SCHEMATHESIS_SEED` change the budget and the seed;
`SCHEMATHESIS_REPORT_DIR` writes each run's figures and failures there as JSON.

Random identifiers find nothing behind them: where a service's deep routes need existing resources
(a noticed, roll-called meeting with cases), the run starts from a prepared state, made through the
service's own API, and Schemathesis draws path identifiers from those real ones most of the time
(`dictionaries`, probability 0.8) and generates them the rest of the time.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import shutil
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.engine import events, from_schema
from schemathesis.python import asgi
from sqlalchemy import text
from starlette.types import ASGIApp, Receive, Scope, Send

from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.settings import AuthSettings, EventSettings
from folkevalgt_shared.testing import ADMIN, NO_POSTGRES, PostgresDatabases

SERVICES = ("meetings", "leave", "remuneration", "access", "feedback")
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))
SEED = int(os.environ.get("SCHEMATHESIS_SEED", "20261205"))
REPORT_DIR = os.environ.get("SCHEMATHESIS_REPORT_DIR")


class AnswerServerErrors:
    """Starlette answers an unhandled exception with a 500 and then raises it again for the server to
    log; in-process, the raise would reach Schemathesis as an error without the request. Swallowed
    here, the 500 is checked and reported like any other response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except Exception:
            if scope["type"] != "http":
                raise


def _app(
    name: str,
    backend: str,
    tmp_path: Path,
    auth: AuthSettings,
    sqlite_templates: Callable[[str, Path], Awaitable[Path]],
    postgres_databases: PostgresDatabases | None,
) -> Any:
    db_module = importlib.import_module(f"{name}.db")
    if backend == "sqlite":
        path = tmp_path / f"{name}.db"
        shutil.copy(asyncio.run(sqlite_templates(name, db_module.ALEMBIC_INI)), path)
        url = f"sqlite+aiosqlite:///{path}"
    else:
        if postgres_databases is None:
            pytest.skip(NO_POSTGRES)
        url = asyncio.run(postgres_databases.url_for(name, db_module.ALEMBIC_INI))
    settings = importlib.import_module(f"{name}.config").Settings(
        database_url=url,
        environment="test",
        auth=auth,
        log_level="CRITICAL",
        events=EventSettings(relay_enabled=False),
        jobs_enabled=False,
    )
    app = importlib.import_module(f"{name}.main").create_app(settings)
    if backend == "postgres":

        async def empty() -> None:
            tables = ", ".join(f'"{t.name}"' for t in db_module.Base.metadata.sorted_tables)
            async with app.state.db.engine.begin() as conn:
                await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            await app.state.db.dispose()  # its connections belong to this loop, not Schemathesis's

        asyncio.run(empty())
    return app


async def _prepare_meetings(app: Any, settings: Any, token: str) -> dict[str, list[str]]:
    """The demo population, and a council meeting with three cases, noticed and roll called."""
    from meetings.seed import seed

    await seed(settings, demo=True)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://meetings", headers={"Authorization": f"Bearer {token}"}
    ) as api:
        bodies = (await api.get("/bodies", params={"limit": 100})).json()["items"]
        council = next(b for b in bodies if b["key"] == "municipal-council")
        # The roll call is taken on the meeting's day, after its start (MTG-15), and a notice only before the
        # start (MTG-06): the council meets in a moment, called at short notice with the reason recorded.
        starts = datetime.now(UTC) + timedelta(seconds=2)
        starts_at = starts.isoformat()
        created = await api.post(
            "/meetings", json={"body_id": council["id"], "location": "Rådhuset", "starts_at": starts_at}
        )
        assert created.status_code == 201, created.text
        meeting = created.json()["id"]
        for n in range(1, 4):
            case = {"case_number": f"{n:03}/26", "title": f"Sak {n}", "recommendation": "Innstillingen vedtas"}
            assert (await api.post(f"/meetings/{meeting}/agenda", json=case)).status_code == 201
        assert (await api.post(f"/meetings/{meeting}/notice", json={"late_reason": "Hastemøte"})).status_code == 200
        await asyncio.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.1)
        present = [p["person_id"] for p in (await api.get(f"/meetings/{meeting}/participants")).json()]
        assert (
            await api.post(
                f"/meetings/{meeting}/roll-call",
                json={"notice_approved": True, "agenda_approved": True, "present": present},
            )
        ).status_code == 200
        people = (await api.get("/people", params={"limit": 20})).json()["items"]
        memberships = (await api.get("/memberships", params={"limit": 20})).json()["items"]
        agenda = (await api.get(f"/meetings/{meeting}")).json()["agenda"]
    return {
        "meeting_id": [meeting],
        "item_id": [i["id"] for i in agenda],
        "body_id": [b["id"] for b in bodies],
        "slug": [b["key"] for b in bodies],
        "person_id": [p["id"] for p in people],
        "membership_id": [m["id"] for m in memberships],
    }


# Per service: makes a realistic starting state and returns real values for path parameters.
PREPARE: dict[str, Callable[[Any, Any, str], Awaitable[dict[str, list[str]]]]] = {"meetings": _prepare_meetings}


def _prepared(name: str, app: Any, token: str) -> dict[str, list[str]]:
    prepare = PREPARE.get(name)
    if prepare is None:
        return {}

    async def run() -> dict[str, list[str]]:
        try:
            return await prepare(app, app.state.settings, token)
        finally:
            await app.state.db.dispose()  # its connections belong to this loop, not Schemathesis's

    return asyncio.run(run())


def _excerpt(content: bytes | str | None, limit: int = 400) -> str:
    if content is None:
        return ""
    text_ = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    return text_ if len(text_) <= limit else text_[:limit] + "…"


def run_schemathesis(app: Any, token: str, known: dict[str, list[str]]) -> dict[str, Any]:
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "continue-on-failure": True,
            "headers": {"Authorization": f"Bearer {token}"},
            "generation": {"max-examples": EXAMPLES},
            "checks": {"positive_data_acceptance": {"enabled": False}},
            "dictionaries": {name: {"values": values} for name, values in known.items() if values},
            "parameters": {
                f"path.{name}": {"dictionary": name, "probability": 0.8} for name, values in known.items() if values
            },
        }
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", AnswerServerErrors(app), config=config)
    operations: set[str] = set()
    cases = 0
    failures: dict[tuple[str, str, str], dict[str, Any]] = {}
    errors: list[str] = []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            operations.add(recorder.label)
            cases += len(recorder.cases)
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    if check.failure_info is None:
                        continue
                    failure = check.failure_info.failure
                    key = (recorder.label, check.name, failure.title)
                    if key in failures:
                        failures[key]["count"] += 1
                        continue
                    interaction = recorder.interactions.get(case_id)
                    request = interaction.request if interaction else None
                    response = interaction.response if interaction else None
                    failures[key] = {
                        "operation": recorder.label,
                        "check": check.name,
                        "title": failure.title,
                        "message": _excerpt(failure.message),
                        "request": f"{request.method} {request.uri}" if request else "",
                        "body": _excerpt(request.body) if request and request.body else "",
                        "status": response.status_code if response else None,
                        "response": _excerpt(response.content) if response else "",
                        "count": 1,
                    }
        elif isinstance(event, events.NonFatalError):
            errors.append(f"{event.label}: {type(event.value).__name__}: {_excerpt(str(event.value))}")
        elif isinstance(event, events.FatalError):
            errors.append(f"engine: {type(event.exception).__name__}: {_excerpt(str(event.exception))}")
    return {
        "operations": len(operations),
        "cases": cases,
        "failures": sorted(failures.values(), key=lambda f: (f["operation"], f["check"])),
        "errors": errors,
    }


def _describe(result: dict[str, Any]) -> str:
    lines = [
        f"{result['operations']} operations, {result['cases']} cases, "
        f"{len(result['failures'])} distinct failures, {len(result['errors'])} errors"
    ]
    for f in result["failures"]:
        lines.append(f"- [{f['check']}] {f['operation']}: {f['title']} (×{f['count']})")
        lines.append(f"    {f['request']}" + (f"  body={f['body']}" if f["body"] else ""))
        lines.append(f"    → {f['status']} {f['response']}")
        lines.append("    " + f["message"].replace("\n", " | "))
    lines += [f"- [error] {e}" for e in result["errors"]]
    return "\n".join(lines)


@pytest.mark.parametrize("service", SERVICES)
def test_generated_requests_get_no_server_error_and_only_documented_answers(
    service: str,
    backend: str,
    tmp_path: Path,
    auth_settings: AuthSettings,
    sqlite_templates: Callable[[str, Path], Awaitable[Path]],
    postgres_databases: PostgresDatabases | None,
) -> None:
    app = _app(service, backend, tmp_path, auth_settings, sqlite_templates, postgres_databases)
    token = mint_dev_token(auth_settings, ADMIN, ALL_SCOPES)
    known = _prepared(service, app, token)
    started, cpu = time.monotonic(), time.process_time()
    try:
        result = run_schemathesis(app, token, known)
    finally:
        asgi.shutdown_lifespans()  # the app's lifespan ends (and its database pool closes) with the test
    result |= {
        "service": service,
        "backend": backend,
        "examples": EXAMPLES,
        "seed": SEED,
        "seconds": round(time.monotonic() - started, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
    }
    if REPORT_DIR:
        Path(REPORT_DIR).mkdir(parents=True, exist_ok=True)
        (Path(REPORT_DIR) / f"{service}-{backend}.json").write_text(json.dumps(result, indent=1))
    assert result["operations"] > 0, "no operation was tested"
    assert not result["failures"] and not result["errors"], _describe(result)


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_declares_its_access_idempotency_and_preconditions(service: str, tmp_path: Path) -> None:
    """Every state-changing POST takes Idempotency-Key, every PATCH, PUT and DELETE takes If-Match, and
    every route either needs a bearer token or is declared public — all visible in the OpenAPI document."""
    settings = importlib.import_module(f"{service}.config").Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/unused.db",
        environment="test",
        auth=AuthSettings(dev_key_file=tmp_path / "key.pem"),
        events=EventSettings(relay_enabled=False),
        jobs_enabled=False,
    )
    app = importlib.import_module(f"{service}.main").create_app(settings)
    document = app.openapi()
    gaps = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            headers = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
            if "security" not in operation:
                gaps.append(f"{method.upper()} {path}: neither secured (require_scopes) nor declared public")
            if path == "/events" or path.startswith("/ops/"):
                continue  # signed deliveries and operators' actions: their own idempotency
            if method == "post" and "idempotency-key" not in headers:
                gaps.append(f"POST {path}: no Idempotency-Key (IdempotencyDep)")
            if method in ("patch", "put", "delete") and "if-match" not in headers:
                gaps.append(f"{method.upper()} {path}: no If-Match")
    assert not gaps, "\n".join(gaps)
