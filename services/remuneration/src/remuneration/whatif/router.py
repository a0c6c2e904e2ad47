from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from folkevalgt_shared.deps import ReadSessionDep
from folkevalgt_shared.errors import InvalidInput, problem_responses
from folkevalgt_shared.inputs import Quarter
from remuneration.computation import RulesDep, cycle_collection_paused
from remuneration.deps import Writer
from remuneration.domain.model import Period
from remuneration.periods import parse_period
from remuneration.whatif import service
from remuneration.whatif.schemas import WhatIfOut

router = APIRouter(tags=["what-if"])


@router.get(
    "/what-if",
    responses=problem_responses(InvalidInput),
    summary="A quarter or a year priced under model N on the stored attendance, compared with the model in force",
)
async def what_if(
    session: ReadSessionDep,
    rules: RulesDep,
    _: Writer,
    model: Annotated[
        str, Query(min_length=1, max_length=20, description="The model to compute under, e.g. 2 (REM-34)")
    ],
    period: Annotated[Quarter | None, Query(description="A quarter, e.g. 2026Q1")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="A whole calendar year instead")] = None,
) -> WhatIfOut:
    if (period is None) == (year is None):
        raise InvalidInput(
            "give either a period or a year", errors=[{"field": "period", "message": "one of period and year"}]
        )
    periods = [parse_period(period)] if period is not None else [Period(year or 0, q) for q in range(1, 5)]
    with cycle_collection_paused():
        return WhatIfOut.model_validate(await service.what_if(session, rules, periods, model))
