"""Hot statements: a Core select or insert compiled once and, on PostgreSQL, run on the driver connection.

SQLAlchemy's execution layer costs about a third of a millisecond per statement on asyncpg,
more than the database needs for a read by key (measured in bench/meetings_bench.py). For the
few statements on the busiest paths, `HotQuery` compiles the statement once per dialect and
hands it to asyncpg directly, still applying the column types' bind and result processing so
that rows come back exactly as `connection.execute` would give them. On SQLite it simply
executes the statement, as it does for a unit of work's first statement (which must send BEGIN).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CompoundSelect, Insert, Select, Update
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[tuple[str, Processor], ...]  # name and bind processor, in the driver's order
    fixed: dict[str, Any]  # the values the statement carries itself (a LIMIT, a literal): taken unless given
    results: tuple[tuple[int, Callable[[Any], Any]], ...]  # the columns whose values need processing


class HotQuery:
    """A select (or a union of selects), an insert or an update built once at import time: a select and an
    update take their parameters as `bindparam`s, an insert of a whole row takes every column by name."""

    def __init__(self, statement: Select[Any] | CompoundSelect[Any] | Insert | Update) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    async def fetch(self, db: AsyncConnection | AsyncSession, **params: Any) -> Sequence[Sequence[Any]]:
        return await self._execute(db, params, rows=True)

    async def run(self, db: AsyncConnection | AsyncSession, **params: Any) -> None:
        await self._execute(db, params, rows=False)

    async def _execute(
        self, db: AsyncConnection | AsyncSession, params: dict[str, Any], *, rows: bool
    ) -> Sequence[Sequence[Any]]:
        connection = await db.connection() if isinstance(db, AsyncSession) else db
        dialect = connection.dialect
        pooled = _pooled(connection) if dialect.driver == "asyncpg" else None
        if pooled is None or not _begun(pooled.dbapi_connection):  # SQLite, or BEGIN still to be sent
            result = await connection.execute(self.statement, params)
            return result.all() if rows else []
        compiled = self._compiled.get(dialect.name) or self._compile(dialect)
        raw = pooled.driver_connection
        assert raw is not None
        if compiled.fixed:
            params = {**compiled.fixed, **params}
        args = [params[name] if process is None else process(params[name]) for name, process in compiled.params]
        if not rows:
            await raw.execute(compiled.sql, *args)
            return []
        found: Sequence[Sequence[Any]] = await raw.fetch(compiled.sql, *args)
        if not compiled.results:
            return found
        out = []
        for row in found:
            values = list(row)
            for index, process in compiled.results:
                values[index] = process(values[index])
            out.append(values)
        return out

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        names = compiled.positiontup or []
        params = tuple(
            (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in names
        )
        columns = () if isinstance(self.statement, (Insert, Update)) else self.statement.selected_columns
        processors = (column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
        results = tuple((index, process) for index, process in enumerate(processors) if process is not None)
        fixed = {name: compiled.binds[name].effective_value for name in names if not compiled.binds[name].required}
        self._compiled[dialect.name] = out = _Compiled(str(compiled), params, fixed, results)
        return out


def _pooled(connection: AsyncConnection) -> Any:
    """The pooled driver connection of a connection already checked out. Read directly rather than
    through `get_raw_connection()`, which spawns a greenlet in case it must reconnect."""
    sync = connection.sync_connection
    return sync._dbapi_connection if sync is not None else None


def _begun(adapted: Any) -> bool:
    """SQLAlchemy's asyncpg adapter sends BEGIN with a transaction's first statement: run on the
    driver before that, a statement would run outside the unit of work (and a lock it takes would
    not be held)."""
    return adapted.isolation_level == "autocommit" or adapted._transaction is not None
