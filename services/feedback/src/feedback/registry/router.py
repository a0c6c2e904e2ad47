from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from feedback.deps import CaseWorker, ClockDep
from feedback.registry import service
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep

router = APIRouter(prefix="/registry", tags=["registry (journal)"])
Year = Annotated[int | None, Query(ge=1900, le=9999, description="Journal year; default this year (Oslo)")]


@router.get("", summary="The journal posts of a year in sequence order (FBK-20), full form for the archive")
async def list_entries(
    session: ReadSessionDep, clock: ClockDep, _: CaseWorker, year: Year = None
) -> list[dict[str, Any]]:
    chosen = year or oslo_date(clock()).year
    return service.export(await service.entries(session, chosen), public=False)


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
