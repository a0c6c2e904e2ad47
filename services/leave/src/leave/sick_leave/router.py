from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import InvalidInput, NotFound, problem_responses
from leave.bulk import CSV_BODY, read_rows
from leave.deps import Admin, Decider, RulesDep, today
from leave.domain.sick_leave import HalfYear, half_year_of
from leave.sick_leave import service
from leave.sick_leave.chart import render
from leave.sick_leave.schemas import FiguresIn, ImportedFigures, StatisticsOut

router = APIRouter(prefix="/sick-leave", tags=["sick-leave statistics"])
Year = Annotated[int, Query(ge=2000, le=2100)]
Half = Annotated[int, Query(ge=1, le=2, description="1: January–June, 2: July–December")]


@router.post(
    "/figures",
    responses=problem_responses(InvalidInput),
    openapi_extra=CSV_BODY,
    summary="LEA-70: HR's figures per unit and half-year (JSON list or CSV with FiguresIn's fields); all or none",
)
async def record_figures(session: SessionDep, request: Request, principal: Admin) -> ImportedFigures:
    rows = await read_rows(request, FiguresIn, max_rows=20_000)
    return await service.record(session=session, rows=rows, recorded_by=principal.subject)


@router.get(
    "/statistics",
    responses=problem_responses(NotFound),
    summary="LEA-70: sick leave per unit and for the municipality in a half-year, against the target",
)
async def sick_leave_statistics(
    session: ReadSessionDep, rules: RulesDep, _: Decider, year: Year, half: Half
) -> StatisticsOut:
    return await service.statistics(session, rules, HalfYear(year, half))


@router.get(
    "/statistics.csv",
    responses={200: {"content": {"text/csv": {}}}, **problem_responses(NotFound)},
    summary="LEA-70: the half-year's statistics as CSV, one line per unit and one for the municipality",
)
async def sick_leave_statistics_csv(
    session: ReadSessionDep, rules: RulesDep, _: Decider, year: Year, half: Half
) -> Response:
    report = await service.statistics(session, rules, HalfYear(year, half))
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(["half_year", "unit_code", "unit_name", "employees", "short_term_percent", "child_illness_percent",
                  "long_term_percent", "total_percent", "band", "target_percent", "suppressed"])  # fmt: skip
    for u in report.units:
        p = u.percent
        out.writerow([
            report.half_year, u.unit_code, u.unit_name, u.employees if u.employees is not None else "",
            p.short_term if p else "", p.child_illness if p else "", p.long_term if p else "", p.total if p else "",
            u.band or "", report.municipality.target_percent, "yes" if u.suppressed else "no",
        ])  # fmt: skip
    m, mp = report.municipality, report.municipality.percent
    out.writerow([
        report.half_year, service.MUNICIPALITY, "Kommunen", m.employees, mp.short_term if mp else "",
        mp.child_illness if mp else "", mp.long_term if mp else "", mp.total if mp else "", "", m.target_percent,
        "yes" if m.suppressed else "no",
    ])  # fmt: skip
    filename = f"sykefravaer-{report.half_year}.csv"
    return Response(
        buffer.getvalue(), media_type="text/csv", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )


@router.get(
    "/chart.svg",
    responses={200: {"content": {"image/svg+xml": {}}}, **problem_responses(NotFound)},
    summary="LEA-70: the path of sick leave against the target, for the municipality or one unit, as SVG",
)
async def sick_leave_chart(
    session: ReadSessionDep,
    rules: RulesDep,
    _: Decider,
    unit_code: Annotated[str | None, Query(max_length=50)] = None,
) -> Response:
    name, points = await service.unit_path(session, rules, unit_code, half_year_of(today()))
    svg = render(f"Sykefravær {name} mot målsettingen", points)
    return Response(svg, media_type="image/svg+xml")
