from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field


class RatesOut(BaseModel):
    """One version of the remuneration rules, as the council decided it (REM-01)."""

    valid_from: date
    valid_to: date | None = Field(description="The day before the next version applies; null while in force")
    decision: str = Field(description="The council decision that set these rates; each line's rate_version")
    model: str = Field(description="The remuneration model in force (1 = Sør-Varanger's scheme, REM-34)")
    models: list[str] = Field(description="Every model the version defines, for what-if comparisons")
    settings: dict[str, Any] = Field(description="The `remuneration` section as configured: amounts in kroner")
