from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from folkevalgt_shared.inputs import Money
from remuneration.inputs import Day

Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
Reference = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]


class LossBasisIn(BaseModel):
    """What one bought-out day costs the official (REM-40 at the REM-20 rates), from `start_date`:
    `documented` — the loss per day (`day_loss`) with its documentation, which must fit the earner category
    (the employer's statement for a wage earner); `undocumented` — an application, with its `justification`,
    for an earner category REM-20 allows undocumented loss; `no_loss` — nothing to compensate."""

    model_config = ConfigDict(extra="forbid")
    person_id: UUID
    kind: Literal["documented", "undocumented", "no_loss"]
    day_loss: Money | None = Field(default=None, description='Documented: NOK a working day, e.g. "2180.00"')
    documentation_kind: Literal["employer_statement", "tax_assessment", "other"] | None = None
    documentation_ref: Reference | None = None
    justification: Text | None = Field(default=None, description="Undocumented: why the loss is likely (REM-20)")
    start_date: Day
    end_date: Day | None = Field(default=None, description="The last day covered; none: until further notice")


class LossBasisOut(BaseModel):
    id: UUID
    person_id: UUID
    kind: str
    day_loss: str | None
    currency: Literal["NOK"] = "NOK"
    documentation_kind: str | None
    documentation_ref: str | None
    justification: str | None
    start_date: date
    end_date: date | None
    recorded_at: datetime
    recorded_by: str
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    version: int = Field(description="1, or 2 once withdrawn: the ETag to send in If-Match to withdraw it")
