"""Idempotency-Key for creating POSTs: a replay returns the first response.

The key row is written in the same transaction as the effect, so either both exist or neither.
The same key with a different request body is refused (422).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.errors import InvalidInput
from folkevalgt_shared.types import utcnow

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


async def idempotent(
    session: AsyncSession,
    table: Table,
    request: Request,
    principal: Principal,
    produce: Callable[[], Awaitable[Any]],
    *,
    status_code: int = 201,
) -> JSONResponse:
    key = request.headers.get(HEADER)
    if key is None:
        return JSONResponse(jsonable_encoder(await produce()), status_code=status_code)
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(
            f"{HEADER} must be 1–{MAX_KEY_LENGTH} characters", errors=[{"field": HEADER, "message": "invalid length"}]
        )
    body = await request.body()
    request_hash = hashlib.sha256(b"%s %s\n%s" % (request.method.encode(), request.url.path.encode(), body)).hexdigest()
    stored = (
        await session.execute(
            select(table.c.request_hash, table.c.status_code, table.c.response_body).where(
                table.c.principal == principal.subject, table.c.key == key
            )
        )
    ).first()
    if stored is not None:
        if stored.request_hash != request_hash:
            raise InvalidInput(
                f"this {HEADER} was used for a different request",
                errors=[{"field": HEADER, "message": "key reused with another body"}],
            )
        return JSONResponse(
            json.loads(stored.response_body), status_code=stored.status_code, headers={"Idempotent-Replayed": "true"}
        )
    content = jsonable_encoder(await produce())
    await session.execute(
        insert(table).values(
            principal=principal.subject,
            key=key,
            request_hash=request_hash,
            status_code=status_code,
            response_body=json.dumps(content),
            created_at=utcnow(),
        )
    )
    return JSONResponse(content, status_code=status_code)
