from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from leave.schemas import Code, Name, Strict

Days = Annotated[Decimal, Field(ge=0, le=10_000_000, decimal_places=2)]
PercentText = Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]$", examples=["10.3"])]


class FiguresIn(Strict):
    """One unit's half-year (LEA-70): absence days by kind and possible working days (dagsverk), and the number
    of employees, which decides whether its figures may be shown."""

    year: int = Field(ge=2000, le=2100)
    half: int = Field(ge=1, le=2, description="1: January–June, 2: July–December")
    unit_code: Code
    unit_name: Name | None = Field(default=None, description="Default: the unit's name in this service, or the code")
    employees: int = Field(ge=0, le=100_000)
    possible_days: Days
    short_term_days: Days = Field(description="Short-term and self-certified absence (korttids- og egenmeldt)")
    child_illness_days: Days = Field(description="Child's or childminder's illness (barn/barnepassers sykdom)")
    long_term_days: Days = Field(description="Long-term absence (langtidsfravær)")

    @model_validator(mode="after")
    def _within_possible(self) -> FiguresIn:
        absent = self.short_term_days + self.child_illness_days + self.long_term_days
        if absent > self.possible_days:
            raise ValueError("more absence days than possible working days")
        return self


class ImportedFigures(Strict):
    created: int
    updated: int


class KindsOut(Strict):
    short_term: PercentText
    child_illness: PercentText
    long_term: PercentText
    total: PercentText


class UnitReport(Strict):
    unit_code: str
    unit_name: str
    suppressed: bool = Field(description="Too small a group (or hidden with one): no figures are shown")
    employees: int | None = None
    percent: KindsOut | None = None
    band: Literal["above", "between"] | None = None


class MunicipalityReport(Strict):
    employees: int
    units: int
    percent: KindsOut | None
    suppressed: bool
    target_percent: PercentText
    above_target_by: str | None


class PathPoint(Strict):
    half_year: str
    last_day: str
    percent: PercentText | None
    target_percent: PercentText


class StatisticsOut(Strict):
    """LEA-70 for one half-year: per unit and for the municipality, with the units above 20 % and between 11
    and 20 %, and the path of earlier half-years against the target."""

    half_year: str
    rule_version: str
    min_group_size: int
    municipality: MunicipalityReport
    units: list[UnitReport]
    above: list[str] = Field(description="Units above the upper band (20 %), by code")
    between: list[str] = Field(description="Units between 11 and 20 %, by code")
    path: list[PathPoint]
