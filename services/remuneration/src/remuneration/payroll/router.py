from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from folkevalgt_shared.db import Database
from folkevalgt_shared.deps import ReadSessionDep
from folkevalgt_shared.errors import Forbidden, problem_responses
from folkevalgt_shared.inputs import INT64_MAX
from remuneration.deps import PayrollReader
from remuneration.payroll import service
from remuneration.payroll.schemas import PayrollPage

router = APIRouter(prefix="/payroll", tags=["payroll"])
CURSOR_HEADER = "Payroll-Cursor"
After = Annotated[
    int,
    Query(
        ge=0, le=INT64_MAX, description="Cursor: the last `sequence` already read; 0 (default) reads from the beginning"
    ),
]


@router.get(
    "/lines",
    response_model=PayrollPage,
    responses=problem_responses(Forbidden),
    summary="Approved payout lines after the cursor, oldest first (REM-90); never the same line twice as new",
)
async def pull_lines(
    request: Request,
    session: ReadSessionDep,
    _: PayrollReader,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> Response:
    rows = await service.json_rows_after(session, after, limit)
    cursor = rows[-1].sequence if rows else after
    more = len(rows) == limit
    next_url = str(request.url.include_query_params(after=cursor, limit=limit)) if more else None
    return Response(service.json_page(rows, cursor, next_url), media_type="application/json")


@router.get(
    "/lines.csv",
    responses={
        200: {"content": {"text/csv": {}}, "description": "CSV (RFC 4180), a header and one row per line"},
        **problem_responses(Forbidden),
    },
    response_class=StreamingResponse,
    summary="The same lines as CSV, streamed; the Payroll-Cursor header is the `after` of the next pull",
)
async def pull_lines_csv(
    request: Request,
    _: PayrollReader,
    after: After = 0,
    limit: Annotated[
        int | None, Query(ge=1, le=INT64_MAX, description="At most this many lines (default: all waiting)")
    ] = None,
) -> StreamingResponse:
    db: Database = request.app.state.db
    # Its own short session: a dependency's session would hold the connection until the stream ends.
    async with db.reading() as session:
        upto = await service.csv_upto(session, after, limit)
    return StreamingResponse(
        service.csv_chunks(db, after, upto),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="payout-lines-after-{after}.csv"',
            CURSOR_HEADER: str(upto),
        },
    )
