"""Dependencies every service's routers use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from folkevalgt_shared.db import Database


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    db: Database = request.app.state.db
    async with db.transaction() as session:
        yield session


async def _read_session(request: Request) -> AsyncIterator[AsyncSession]:
    db: Database = request.app.state.db
    async with db.reading() as session:
        yield session


async def _read_connection(request: Request) -> AsyncIterator[AsyncConnection]:
    db: Database = request.app.state.db
    async with db.read_connection() as connection:
        yield connection


# scope="function": the commit happens before the response is sent, so a failed commit is
# an error response, never a 201 for something that was not stored.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
# For endpoints that only read: no transaction, so no BEGIN and COMMIT round trips.
ReadSessionDep = Annotated[AsyncSession, Depends(_read_session)]
# For hot endpoints that only read, with Core statements: no session, no BEGIN and COMMIT round trips.
ReadConnectionDep = Annotated[AsyncConnection, Depends(_read_connection)]
