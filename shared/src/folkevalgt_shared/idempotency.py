"""Idempotency-Key for POSTs that change state: a retry gets the first response, never a second effect.

A route takes the `IdempotencyDep` dependency (which documents the header in the OpenAPI) and answers
through it:

    async def record_vote(..., principal: Writer, idempotency: IdempotencyDep) -> Response:
        return await idempotency.respond(principal, lambda: service.record_vote(...))

The key is claimed first, by inserting its row in the request's own transaction, and the response is
written into that row before the transaction commits: the effect and the stored response exist
together or not at all. A second request with the same key (same caller) that arrives while the first
is running waits at that insert for the first to finish (PostgreSQL blocks on the uncommitted key;
SQLite has one writer at a time), then replays its response, or runs itself if the first failed and
rolled back. A wait longer than `idempotency_wait_seconds` answers 409 with Retry-After. The same key
with a different request is refused (422). Failed requests store nothing, so a retry runs again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import Table, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput
from folkevalgt_shared.types import utcnow

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
REPLAYED_HEADER = "Idempotent-Replayed"
_IN_PROGRESS = 0  # status_code of a claimed key whose request has not finished
_LOCK_NOT_AVAILABLE = "55P03"


def _request_hash(request: Request, body: bytes) -> str:
    return hashlib.sha256(b"%s %s\n%s" % (request.method.encode(), request.url.path.encode(), body)).hexdigest()


class Idempotency:
    """One request's Idempotency-Key (or its absence), its transaction and where keys are kept."""

    def __init__(self, request: Request, session: AsyncSession, key: str | None, table: Table | None = None) -> None:
        self.request = request
        self.session = session
        self.key = key
        self.table: Table = table if table is not None else request.app.state.platform.idempotency

    async def respond(
        self, principal: Principal, produce: Callable[[], Awaitable[Any]], *, status_code: int | None = None
    ) -> JSONResponse:
        """`produce()`'s result as JSON with the route's status code, once per key and caller."""
        if status_code is None:
            route = self.request.scope.get("route")
            status_code = getattr(route, "status_code", None) or 200
        if self.key is None:
            return JSONResponse(jsonable_encoder(await produce()), status_code=status_code)
        if not 0 < len(self.key) <= MAX_KEY_LENGTH:
            raise InvalidInput(
                f"{HEADER} must be 1–{MAX_KEY_LENGTH} characters",
                errors=[{"field": HEADER, "message": "invalid length"}],
            )
        table = self.table
        request_hash = _request_hash(self.request, await self.request.body())
        settings = getattr(self.request.app.state, "settings", None)
        wait = float(getattr(settings, "idempotency_wait_seconds", 10.0))
        if not await _claim(self.session, table, principal.subject, self.key, request_hash, wait):
            return await _replay(self.session, table, principal.subject, self.key, request_hash)
        content = jsonable_encoder(await produce())
        await self.session.execute(
            update(table)
            .where(table.c.principal == principal.subject, table.c.key == self.key)
            .values(status_code=status_code, response_body=json.dumps(content))
        )
        return JSONResponse(content, status_code=status_code)


async def _claim(session: AsyncSession, table: Table, subject: str, key: str, request_hash: str, wait: float) -> bool:
    """Inserts the key's row unless it exists; True if this request now owns the key."""
    postgres = session.get_bind().dialect.name == "postgresql"
    dialect: Any = postgresql if postgres else sqlite
    row = {
        "principal": subject,
        "key": key,
        "request_hash": request_hash,
        "status_code": _IN_PROGRESS,
        "response_body": "",
        "created_at": utcnow(),
    }
    stmt = dialect.insert(table).values(row).on_conflict_do_nothing().returning(table.c.key)
    if not postgres:
        return (await session.execute(stmt)).first() is not None
    # The insert waits for a concurrent, uncommitted claim of the same key; bounded, so that a slow
    # first request answers its duplicates 409 instead of holding them (and their connections).
    await session.execute(text(f"SET LOCAL lock_timeout = {max(1, round(wait * 1000))}"))
    try:
        claimed = (await session.execute(stmt)).first() is not None
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
            raise _in_progress(key, wait) from exc
        raise
    await session.execute(text("SET LOCAL lock_timeout TO DEFAULT"))
    return claimed


async def _replay(session: AsyncSession, table: Table, subject: str, key: str, request_hash: str) -> JSONResponse:
    stored = (
        await session.execute(
            select(table.c.request_hash, table.c.status_code, table.c.response_body).where(
                table.c.principal == subject, table.c.key == key
            )
        )
    ).first()
    if stored is None or stored.status_code == _IN_PROGRESS:
        raise _in_progress(key, 1.0)
    if stored.request_hash != request_hash:
        raise InvalidInput(
            f"this {HEADER} was used for a different request",
            errors=[{"field": HEADER, "message": "key reused with another body"}],
        )
    return JSONResponse(
        json.loads(stored.response_body), status_code=stored.status_code, headers={REPLAYED_HEADER: "true"}
    )


def _in_progress(key: str, retry_after: float) -> Conflict:
    return Conflict(
        f"a request with this {HEADER} is still in progress; retry it later",
        errors=[{"field": HEADER, "message": "in progress"}],
        headers={"Retry-After": str(max(1, round(retry_after)))},
    )


async def _idempotency(
    request: Request,
    session: SessionDep,
    key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            description="A unique key per intended change (e.g. a UUID): a retry with the same key and body "
            "gets the first response (header Idempotent-Replayed: true) and changes nothing again.",
        ),
    ] = None,
) -> Idempotency:
    return Idempotency(request, session, key)


IdempotencyDep = Annotated[Idempotency, Depends(_idempotency)]


async def idempotent(
    session: AsyncSession,
    table: Table,
    request: Request,
    principal: Principal,
    produce: Callable[[], Awaitable[Any]],
    *,
    status_code: int = 201,
) -> JSONResponse:
    """The same, for routes that do not take `IdempotencyDep` (the header is then not in their OpenAPI)."""
    return await Idempotency(request, session, request.headers.get(HEADER), table).respond(
        principal, produce, status_code=status_code
    )
