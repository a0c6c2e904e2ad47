"""The `period` query parameter ("2026Q1") read as a quarter, with a 422 naming the field when it is not one;
a batch's period, a quarter or a month ("2026-05", REM-10)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from folkevalgt_shared.errors import InvalidInput
from folkevalgt_shared.inputs import Quarter
from remuneration.domain.model import Month, Period


def parse_period(label: str, field: str = "period") -> Period:
    try:
        return Period.parse(label)
    except ValueError as exc:
        raise InvalidInput(str(exc), errors=[{"field": field, "message": str(exc)}]) from exc


def parse_batch_period(label: str, field: str = "period") -> tuple[Period, Month | None]:
    """A quarter ("2026Q1", REM-04) or a month ("2026-05", REM-10: monthly items) and the quarter it lies in."""
    try:
        if "-" in label:
            month = Month.parse(label)
            return month.quarter, month
        return Period.parse(label), None
    except ValueError as exc:
        message = "a quarter like 2026Q1, or a month like 2026-05"
        raise InvalidInput(f"{label!r} is not {message}", errors=[{"field": field, "message": message}]) from exc


def _period(period: Annotated[Quarter, Query(description="A quarter, e.g. 2026Q1 (REM-04)")]) -> Period:
    return parse_period(period)


PeriodQuery = Annotated[Period, Depends(_period)]
