"""Idempotency-Key for POSTs that change state: a retry gets the first response, never a second effect.

Every POST honours the key the same way, whatever its route: `IdempotencyMiddleware` takes it before the
route runs and the OpenAPI document lists the header on every POST (`openapi.py`). The middleware opens
the request's transaction itself and claims the key first, by inserting its row in that transaction;
the route's `SessionDep` is that same transaction, and the response is written into the key's row
before it commits: the effect and the stored response exist together or not at all. A second request
with the same key (same caller) that arrives while the first is running waits at that insert for the
first to finish (PostgreSQL blocks on the uncommitted key; SQLite has one writer at a time), then
replays its response, or runs itself if the first failed and rolled back. A wait longer than
`idempotency_wait_seconds` answers 409 with Retry-After. The same key with a different request is
refused (422). A request answered with an error stores nothing and keeps nothing, so a retry runs again.

Routes written before the middleware answer through `IdempotencyDep` / `idempotent()`; under the
middleware these simply produce their response.
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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from folkevalgt_shared.auth import Principal, bearer_token
from folkevalgt_shared.deps import REQUEST_TRANSACTION, SessionDep
from folkevalgt_shared.errors import PROBLEM_JSON, Conflict, InvalidInput, Problem
from folkevalgt_shared.types import utcnow

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
REPLAYED_HEADER = "Idempotent-Replayed"
_IN_PROGRESS = 0  # status_code of a claimed key whose request has not finished
_LOCK_NOT_AVAILABLE = "55P03"
_KEY_DESCRIPTION = (
    "A unique key per intended change (e.g. a UUID): a retry with the same key and body gets the first "
    "response (header Idempotent-Replayed: true) and changes nothing again."
)
# The header as the OpenAPI document lists it on every POST (the middleware honours it on all of them).
KEY_PARAMETER: dict[str, Any] = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": _KEY_DESCRIPTION,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "title": HEADER},
}


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
        """`produce()`'s result as JSON with the route's status code. The key itself is honoured around the
        route by `IdempotencyMiddleware`, which claimed it in this request's transaction before the route ran."""
        if status_code is None:
            route = self.request.scope.get("route")
            status_code = getattr(route, "status_code", None) or 200
        return JSONResponse(jsonable_encoder(await produce()), status_code=status_code)


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
            description=_KEY_DESCRIPTION,
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


class IdempotencyMiddleware:
    """Honours Idempotency-Key on every POST of the service (see the module's docstring).

    It sits inside the request guard, so the body it hashes has already passed the size, media type
    and NUL checks. A POST without the key, or whose token does not verify (the route answers 401
    itself), passes straight through."""

    def __init__(self, app: ASGIApp, service: Any) -> None:
        self.app = app
        self.service = service  # the FastAPI app: its database, key table, verifier and settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or _own_idempotency(scope):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw_key = headers.get(_HEADER_NAME)
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1")
        if not 0 < len(key) <= MAX_KEY_LENGTH:
            await _send_problem(scope, receive, send, _bad_length())
            return
        state = self.service.state
        try:
            principal = await state.verifier.verify(bearer_token(_text(headers.get(b"authorization"))))
        except Problem:
            await self.app(scope, receive, send)  # unauthenticated: the route refuses it
            return
        body = await _read_body(receive)
        request_hash = hashlib.sha256(b"POST %s\n%s" % (scope["path"].encode(), body)).hexdigest()
        wait = float(getattr(state.settings, "idempotency_wait_seconds", 10.0))
        table: Table = state.platform.idempotency
        captured = _CapturedResponse()
        async with state.db.transaction() as session:
            try:
                claimed = await _claim(session, table, principal.subject, key, request_hash, wait)
                replay = None if claimed else await _replay(session, table, principal.subject, key, request_hash)
            except Problem as problem:
                await _send_problem(scope, receive, send, problem)
                return
            if replay is not None:
                await replay(scope, receive, send)
                return
            scope.setdefault("state", {})[REQUEST_TRANSACTION] = session
            try:
                await self.app(scope, _body_once(body, receive), captured.send)
            finally:
                scope["state"].pop(REQUEST_TRANSACTION, None)
            if captured.storable():
                await session.execute(
                    update(table)
                    .where(table.c.principal == principal.subject, table.c.key == key)
                    .values(status_code=captured.status, response_body=captured.body.decode())
                )
            else:
                await session.rollback()  # an error (or a body that cannot be replayed) keeps nothing
        await captured.forward(send)


_HEADER_NAME = HEADER.lower().encode()
# Signed event deliveries (deduplicated by event id) and operators' actions (replays, job runs, which work in
# transactions of their own) have their own idempotency: the key is not taken there.
OWN_IDEMPOTENCY = ("/events", "/ops/")


def _own_idempotency(scope: Scope) -> bool:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return path == "/events" or path.startswith(OWN_IDEMPOTENCY[1])


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("latin-1")


def _bad_length() -> InvalidInput:
    return InvalidInput(
        f"{HEADER} must be 1–{MAX_KEY_LENGTH} characters", errors=[{"field": HEADER, "message": "invalid length"}]
    )


async def _send_problem(scope: Scope, receive: Receive, send: Send, problem: Problem) -> None:
    response = JSONResponse(
        problem.body(scope["path"]), status_code=problem.status, headers=problem.headers, media_type=PROBLEM_JSON
    )
    await response(scope, receive, send)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _body_once(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # after the body: disconnects
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class _CapturedResponse:
    """The route's response, held back until the transaction it reports on has committed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.status = 0
        self.media_type = b""
        self.body = b""

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.media_type = dict(message.get("headers", [])).get(b"content-type", b"").split(b";")[0].strip()
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")
        self.messages.append(message)

    def storable(self) -> bool:
        return 200 <= self.status < 300 and (self.media_type == b"application/json" or not self.body)

    async def forward(self, send: Send) -> None:
        for message in self.messages:
            await send(message)
