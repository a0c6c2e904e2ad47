"""Dependencies every service's routers use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from folkevalgt_shared.db import Database

# Where a request's transaction is kept when something outside the route owns it: the idempotency
# middleware opens it, claims the key in it, and commits the effect and the stored response together.
REQUEST_TRANSACTION = "folkevalgt.transaction"


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    owned: AsyncSession | None = request.scope.get("state", {}).get(REQUEST_TRANSACTION)
    if owned is not None:
        yield owned  # committed or rolled back by its owner, with the response
        return
    db: Database = request.app.state.db
    async with db.transaction() as session:
        yield session


async def _read_session(request: Request) -> AsyncIterator[AsyncSession]:
    db: Database = request.app.state.db
    async with db.reading() as session:
        yield session


def read_connection(request: Request) -> AbstractAsyncContextManager[AsyncConnection]:
    """For the hottest reads, with Core statements: a plain autocommit connection (no session, no
    BEGIN and COMMIT round trips), entered in the endpoint itself. As a `yield` dependency it cost a
    fifth of the meeting GET (counted in instructions): FastAPI wraps each such dependency in an
    exit stack and a shielded cancel scope."""
    db: Database = request.app.state.db
    return db.read_connection()


# scope="function": the commit happens before the response is sent, so a failed commit is
# an error response, never a 201 for something that was not stored.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
# For endpoints that only read: no transaction, so no BEGIN and COMMIT round trips.
ReadSessionDep = Annotated[AsyncSession, Depends(_read_session)]
