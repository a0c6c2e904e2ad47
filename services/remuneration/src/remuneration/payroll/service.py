"""Approved payout lines for payroll (REM-90): read as plain rows in sequence order, never as objects, so
100,000 lines stream in seconds. The JSON pages are written from the rows with orjson, not through a
pydantic model per line: the same fields and values as PayrollLineOut, which documents them."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Row, String, Table, Text, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.db import Database
from remuneration.batches.models import PayLineRow
from remuneration.domain.deadlines import payout_deadline
from remuneration.domain.model import Period, format_nok
from remuneration.domain.payroll import csv_header, csv_rows

LINES: Table = PayLineRow.__table__  # type: ignore[assignment]
_L = LINES.c
# A line as the API shows it (PayrollLineOut's and LineOut's field order), UUIDs and sources read as
# text in SQL: building UUID objects and decoding JSON with the standard library cost more than the
# rest of a row (bench/remuneration_payroll_bench.py).
SHOWN = (
    cast(_L.id, String).label("id"),
    _L.sequence,
    cast(_L.batch_id, String).label("batch_id"),
    _L.recipient_kind,
    _L.recipient_id,
    _L.period,
    _L.item_type,
    _L.amount,
    _L.benefit_type,
    _L.reporting_code,
    _L.tax_treatment,
    _L.rule,
    _L.rate_version,
    cast(_L.sources, Text).label("sources"),
    cast(_L.claim_id, String).label("claim_id"),
    cast(_L.corrects, String).label("corrects"),
    _L.earned_on,
    _L.explanation,
)
CSV_PAGE = 5000


@functools.cache
def deadline_of(period: str) -> date:
    """REM-04: the payout deadline of a quarter's lines."""
    return payout_deadline(Period.parse(period))


@functools.cache
def deadline_text(period: str) -> str:
    return deadline_of(period).isoformat()


def _uuid_text(value: Any) -> str | None:
    """A UUID column read as text: SQLite keeps 32 hex digits, PostgreSQL's driver returns its own UUID."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def line_item(row: Row[Any]) -> dict[str, Any]:
    """A row selected with SHOWN first (columns after them are passed over), as the API shows it."""
    (
        line_id,
        sequence,
        batch_id,
        recipient_kind,
        recipient_id,
        period,
        item_type,
        amount,
        benefit_type,
        reporting_code,
        tax_treatment,
        rule,
        rate_version,
        sources,
        claim_id,
        corrects,
        earned_on,
        explanation,
        *_,
    ) = row
    return {
        "line_id": _uuid_text(line_id),
        "sequence": sequence,
        "batch_id": _uuid_text(batch_id),
        "recipient_kind": recipient_kind,
        "recipient_id": recipient_id,
        "period": period,
        "payout_deadline": deadline_text(period),
        "item_type": item_type,
        "amount": format_nok(amount),
        "currency": "NOK",
        "benefit_type": benefit_type,
        "reporting_code": reporting_code,
        "tax_treatment": tax_treatment,
        "rule": rule,
        "rate_version": rate_version,
        "sources": orjson.loads(sources) if isinstance(sources, str) else sources,
        "claim_id": _uuid_text(claim_id),
        "corrects": _uuid_text(corrects),
        "earned_on": earned_on,
        "explanation": explanation,
    }


# The approved lines in the order payroll reads them.
JSON_SELECT = select(*SHOWN).where(_L.sequence.is_not(None)).order_by(_L.sequence)


async def json_rows_after(session: AsyncSession, after: int, limit: int) -> Sequence[Row[Any]]:
    return (await session.execute(JSON_SELECT.where(_L.sequence > after).limit(limit))).all()


def json_page(rows: Sequence[Row[Any]], cursor: int, next_url: str | None) -> bytes:
    """A PayrollPage as JSON bytes, from rows of JSON_SELECT."""
    return orjson.dumps({"items": list(map(line_item, rows)), "cursor": cursor, "next": next_url})


async def csv_upto(session: AsyncSession, after: int, limit: int | None) -> int:
    """The last sequence a CSV pull after `after` will hold: fixed before streaming, so it can be sent as a
    header and lines approved meanwhile wait for the next pull."""
    if limit is None:
        last = await session.scalar(select(func.max(_L.sequence)))
    else:
        first = select(_L.sequence).where(_L.sequence > after).order_by(_L.sequence).limit(limit).subquery()
        last = await session.scalar(select(func.max(first.c.sequence)))
    return max(after, int(last or 0))


# Only what the CSV shows, UUIDs and sources cast to text in SQL: building UUID
# objects and decoding JSON with the standard library cost more than the rest of a row
# (bench/remuneration_payroll_bench.py).
CSV_SELECT = select(
    cast(_L.id, String).label("id"),
    _L.sequence,
    _L.recipient_id,
    _L.recipient_kind,
    _L.period,
    _L.item_type,
    _L.amount,
    _L.benefit_type,
    _L.reporting_code,
    _L.tax_treatment,
    _L.rule,
    _L.rate_version,
    cast(_L.sources, Text).label("sources"),
    cast(_L.corrects, String).label("corrects"),
).order_by(_L.sequence)


def _csv_mapping(r: Row[Any]) -> dict[str, Any]:
    return {
        "line_id": _uuid_text(r.id),
        "recipient_id": r.recipient_id,
        "recipient_kind": r.recipient_kind,
        "period": r.period,
        "payout_deadline": deadline_text(r.period),
        "item_type": r.item_type,
        "amount": r.amount,
        "benefit_type": r.benefit_type,
        "reporting_code": r.reporting_code,
        "tax_treatment": r.tax_treatment,
        "rule": r.rule,
        "rate_version": r.rate_version,
        "sources": orjson.loads(r.sources) if isinstance(r.sources, str) else r.sources,
        "corrects_line_id": _uuid_text(r.corrects),
    }


async def csv_chunks(db: Database, after: int, upto: int) -> AsyncIterator[str]:
    """The header, then one chunk per page of CSV_PAGE lines (keyset on sequence) up to `upto`.

    The next page is asked for before the current one is rendered, so the database works while Python
    formats rows."""
    yield csv_header()
    async with db.reading() as session:

        async def page(start: int) -> Sequence[Row[Any]]:
            stmt = CSV_SELECT.where(_L.sequence > start, _L.sequence <= upto).limit(CSV_PAGE)
            return (await session.execute(stmt)).all()

        rows = await page(after) if after < upto else []
        while rows:
            last = rows[-1].sequence
            following = asyncio.ensure_future(page(last)) if last < upto else None
            await asyncio.sleep(0)  # lets the next query go out before the rows are formatted
            yield csv_rows(_csv_mapping(r) for r in rows)
            rows = await following if following is not None else []
