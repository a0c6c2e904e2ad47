from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field, model_validator

from leave.schemas import Code, DayHoursIn, DaysText, HoursText, Name, PercentIn, Strict


class EmployeeIn(Strict):
    """An employee the leave regulation covers (LEA-01); also one row of a bulk import."""

    employee_number: Code = Field(description="HR's key (ansattnummer)")
    name: Name
    unit_code: Code = Field(description="The unit (virksomhet) the employee works in")
    person_id: UUID | None = Field(default=None, description="The register's person, for an elected employee")
    position_percent: PercentIn
    full_time_hours_per_day: DayHoursIn | None = Field(
        default=None, description="A full-time working day in hours; default: the regulation's (7.5)"
    )
    permanent: bool = Field(description="Fast ansatt: the regulation covers permanent employees (LEA-01)")
    employment_start: date
    employment_end: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> EmployeeIn:
        if self.employment_end is not None and self.employment_end < self.employment_start:
            raise ValueError("employment_end comes before employment_start")
        return self


class EmployeePatch(Strict):
    name: Name | None = None
    unit_code: Code | None = None
    person_id: UUID | None = None
    position_percent: PercentIn | None = None
    full_time_hours_per_day: DayHoursIn | None = None
    permanent: bool | None = None
    employment_start: date | None = None
    employment_end: date | None = None


class EmployeeOut(Strict):
    id: UUID
    employee_number: str
    name: str
    unit_id: UUID
    unit_code: str
    person_id: UUID | None
    position_percent: str
    full_time_hours_per_day: HoursText
    day_hours: HoursText = Field(description="LEA-01: the employee's own working day, full-time hours × position")
    permanent: bool
    employment_start: date
    employment_end: date | None
    version: int
    modified_at: datetime


class PotOut(Strict):
    """One yearly pot (LEA-16 welfare, LEA-30 public office): how much it holds, is used and remains."""

    pot: str
    year: int
    rule: str
    size_hours: HoursText
    used_hours: HoursText
    remaining_hours: HoursText
    size_days: DaysText
    used_days: DaysText
    remaining_days: DaysText


class ReasonUse(Strict):
    reason: str
    rule: str
    paid_hours: HoursText
    unpaid_hours: HoursText
    statutory_hours: HoursText


class QuotasOut(Strict):
    """LEA-03: what remains of the year's pots, and what each reason has taken."""

    employee_id: UUID
    year: int
    day_hours: HoursText
    pots: list[PotOut]
    used_by_reason: list[ReasonUse]
