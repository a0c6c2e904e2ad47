"""Cursor pagination with `next` links and `modified_since` (keyset on modified time, id)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import InvalidInput
from folkevalgt_shared.inputs import INT64_MAX, INT64_MIN, BoundedDateTime

T = TypeVar("T")
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = None


def _value(row: Any, column: ColumnElement[Any]) -> Any:
    """The column's value from a row of columns or of one ORM entity."""
    mapping = row._mapping
    return mapping[column.key] if column.key in mapping else getattr(row[0], str(column.key))


def encode_cursor(modified: datetime, key: Any) -> str:
    raw = json.dumps([modified.isoformat(), str(key)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _invalid_cursor() -> InvalidInput:
    return InvalidInput(
        "the cursor is not one this API issued", errors=[{"field": "cursor", "message": "invalid cursor"}]
    )


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        modified, key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        moment = datetime.fromisoformat(modified)
    except (ValueError, TypeError) as exc:
        raise _invalid_cursor() from exc
    if moment.tzinfo is None:  # every cursor this API issues carries the UTC offset
        raise _invalid_cursor()
    return moment, str(key)


def _cursor_key(key_col: ColumnElement[Any], raw: str) -> Any:
    """The cursor's key as the key column's Python type; a value the column cannot hold is no cursor of ours."""
    try:
        python_type = key_col.type.python_type
    except NotImplementedError:
        return raw
    try:
        value = python_type(raw)
    except (ValueError, TypeError, OverflowError) as exc:
        raise _invalid_cursor() from exc
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        raise _invalid_cursor()
    return value


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    *,
    request: Request,
    modified_col: ColumnElement[Any],
    key_col: ColumnElement[Any],
    limit: int,
    cursor: str | None,
    modified_since: datetime | None,
) -> tuple[Sequence[Any], str | None]:
    """Rows in (modified, key) order after the cursor, and the link to the next page (or None)."""
    if modified_since is not None:
        if modified_since.tzinfo is None:
            raise InvalidInput(
                "modified_since needs a UTC offset",
                errors=[{"field": "modified_since", "message": "timezone offset required"}],
            )
        stmt = stmt.where(modified_col >= modified_since)
    if cursor:
        after_modified, after_key = decode_cursor(cursor)
        key_value = _cursor_key(key_col, after_key)
        stmt = stmt.where(or_(modified_col > after_modified, and_(modified_col == after_modified, key_col > key_value)))
    rows = (await session.execute(stmt.order_by(modified_col, key_col).limit(limit + 1))).all()
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    next_cursor = encode_cursor(_value(rows[-1], modified_col), _value(rows[-1], key_col))
    return rows, str(request.url.include_query_params(cursor=next_cursor))


@dataclass(frozen=True)
class PageQuery:
    """The query parameters of every paged list: `limit`, `cursor`, `modified_since`."""

    limit: int = 100
    cursor: str | None = None
    modified_since: datetime | None = None


async def _page_query(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
    modified_since: BoundedDateTime | None = None,
) -> PageQuery:
    # A coroutine, not the class itself: FastAPI would build a class dependency in a worker thread.
    return PageQuery(limit, cursor, modified_since)


PageParams = Annotated[PageQuery, Depends(_page_query)]


async def paginate_rows(
    session: AsyncSession, stmt: Select[Any], *, request: Request, model: Any, page: PageQuery
) -> tuple[list[Any], str | None]:
    """`paginate` for a select of one ORM entity with `modified_at` and `id`: the entities and the next link."""
    rows, next_url = await paginate(
        session,
        stmt,
        request=request,
        modified_col=model.modified_at,
        key_col=model.id,
        limit=page.limit,
        cursor=page.cursor,
        modified_since=page.modified_since,
    )
    return [r[0] for r in rows], next_url
