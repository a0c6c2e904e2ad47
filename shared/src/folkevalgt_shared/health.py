"""`/health/live` and `/health/ready`: database reachable, migrations at head, backlog low."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import Table, text

from folkevalgt_shared import clock
from folkevalgt_shared.db import Database
from folkevalgt_shared.events.ops import pending_backlog
from folkevalgt_shared.openapi import PUBLIC


def migration_heads(alembic_ini: Path) -> set[str]:
    config = Config(str(alembic_ini))
    config.set_main_option("script_location", str(alembic_ini.parent / "migrations"))
    return set(ScriptDirectory.from_config(config).get_heads())


def health_router(db: Database, outbox: Table, heads: set[str], backlog_threshold: int) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"], dependencies=[PUBLIC])

    @router.get("/live", summary="The process is up")
    async def live() -> dict[str, str]:
        return {"status": "live"}

    @router.get("/ready", summary="Ready to serve: database, migrations, event backlog")
    async def ready() -> JSONResponse:
        checks: dict[str, Any] = {}
        try:
            async with db.transaction() as session:
                await session.execute(text("SELECT 1"))
                current = set((await session.scalars(text("SELECT version_num FROM alembic_version"))).all())
            checks["database"] = {"ok": True}
            checks["migrations"] = {"ok": current == heads, "current": sorted(current), "head": sorted(heads)}
            backlog = await pending_backlog(db, outbox)
            checks["outbox"] = {"ok": backlog < backlog_threshold, "pending": backlog, "threshold": backlog_threshold}
        except Exception as exc:  # any failure to reach the database means not ready
            checks["database"] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        ok = all(c.get("ok") for c in checks.values()) and "migrations" in checks
        return JSONResponse(
            {"status": "ready" if ok else "not ready", "checks": checks, "clock": clock.describe()},
            status_code=200 if ok else 503,
        )

    return router
