"""The time every service reads, settable outside production so deadlines can be tested from outside.

Claims, notices, questions and minutes have deadlines counted from today's date: an acceptance test
that drives the API cannot reach a boundary day with the real clock. A service started with
`<P>_CLOCK__START_AT=2027-03-31T21:59:00Z` (the clock shows that instant at start-up, then runs) or
`<P>_CLOCK__OFFSET_SECONDS` reads the time through this module; production refuses both settings.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict


class ClockSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start_at: AwareDatetime | None = None  # the instant shown at start-up; the clock runs from there
    offset_seconds: float = 0.0  # added to the real time (after start_at, if both are given)

    @property
    def is_real(self) -> bool:
        return self.start_at is None and self.offset_seconds == 0.0


_offset = timedelta(0)


def configure(settings: ClockSettings) -> None:
    """Sets the process's clock (once, when a service is created)."""
    global _offset
    offset = timedelta(seconds=settings.offset_seconds)
    if settings.start_at is not None:
        offset += settings.start_at - datetime.now(UTC)
    _offset = offset


def now() -> datetime:
    return datetime.now(UTC) + _offset


def describe() -> dict[str, Any]:
    """For /health/ready: whether the clock is the real one, and what it shows."""
    return {"now": now().isoformat(), "offset_seconds": round(_offset.total_seconds(), 3), "real": not _offset}
