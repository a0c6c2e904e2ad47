from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from feedback.deps import CaseWorker, ClockDep
from feedback.registry import service
from feedback.registry.models import JournalEntry
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep
from folkevalgt_shared.pagination import PageParams, paginate_rows

router = APIRouter(prefix="/registry", tags=["registry (journal)"])
Year = Annotated[int | None, Query(ge=1900, le=9999, description="Journal year; default this year (Oslo)")]


@router.get("", summary="Journal posts in order of change (FBK-20), full form; cursor-paged for synchronising")
async def list_entries(
    request: Request, session: ReadSessionDep, clock: ClockDep, _: CaseWorker, page: PageParams, year: Year = None
) -> dict[str, Any]:
    stmt = select(JournalEntry)
    if year is not None:
        stmt = stmt.where(JournalEntry.year == year)
    rows, next_url = await paginate_rows(session, stmt, request=request, model=JournalEntry, page=page)
    return {"items": service.export(list(rows), public=False), "next": next_url}


@router.get(
    "/export",
    summary="A year's journal as JSON for the archive (Noark 5 names); `public=true`: the public journal",
)
async def export(
    session: ReadSessionDep, clock: ClockDep, principal: CaseWorker, year: Year = None, public: bool = False
) -> dict[str, Any]:
    chosen = year or oslo_date(clock()).year
    rows = await service.entries(session, chosen)
    return {
        "journalaar": chosen,
        "antallJournalposter": len(rows),
        "offentligJournal": public,
        "produsert": clock().isoformat(),
        "journalposter": service.export(rows, public=public),
    }
