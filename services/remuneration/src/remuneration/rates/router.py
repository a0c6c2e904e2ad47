from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.errors import InvalidInput, problem_responses
from remuneration.deps import ClockDep, Reader
from remuneration.rates import service
from remuneration.rates.schemas import RatesOut

router = APIRouter(prefix="/rates", tags=["rates"])


@router.get("", responses=problem_responses(InvalidInput), summary="The rates in force on a day (satser)")
async def rates_in_force(
    request: Request,
    clock: ClockDep,
    _: Reader,
    on: Annotated[date | None, Query(description="Default: today, Oslo time")] = None,
) -> RatesOut:
    return service.in_force(request.app.state.settings.municipality_config, on or oslo_date(clock()))


@router.get("/versions", summary="Every version of the rates, with the council decision that set it")
async def rate_versions(request: Request, _: Reader) -> Sequence[RatesOut]:
    return service.versions(request.app.state.settings.municipality_config)
