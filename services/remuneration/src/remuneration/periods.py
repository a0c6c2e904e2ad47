"""The `period` query parameter ("2026Q1") read as a quarter, with a 422 naming the field when it is not one."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from folkevalgt_shared.errors import InvalidInput
from remuneration.domain.model import Period


def parse_period(label: str, field: str = "period") -> Period:
    try:
        return Period.parse(label)
    except ValueError as exc:
        raise InvalidInput(str(exc), errors=[{"field": field, "message": str(exc)}]) from exc


def _period(period: Annotated[str, Query(description="A quarter, e.g. 2026Q1 (REM-04)")]) -> Period:
    return parse_period(period)


PeriodQuery = Annotated[Period, Depends(_period)]
