"""Types the leave API's schemas share."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from leave.domain.model import Hours, as_days, format_hours

Code = Annotated[str, StringConstraints(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
Ref = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
# Decimal strings in JSON: "7.5", never binary fractions.
HoursText = Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)?$", examples=["7.5"])]
DaysText = Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]{2}$", examples=["2.00"])]
PercentIn = Annotated[Decimal, Field(gt=0, le=100, decimal_places=2, description="Position percentage (stilling)")]
DayHoursIn = Annotated[Decimal, Field(gt=0, le=24, decimal_places=2, description="Hours of a full-time working day")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def hours_text(amount: Hours) -> str:
    return format_hours(amount)


def days_text(amount: Hours, day: Hours) -> str:
    return f"{as_days(amount, day):f}"
