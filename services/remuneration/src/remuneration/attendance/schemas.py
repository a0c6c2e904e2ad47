from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class AttendanceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    event_id: str = Field(description="The attendance.recorded event the row stands on (REM-91)")
    meeting_id: UUID
    body_key: str
    body_type: str
    person_id: UUID
    role: str
    as_deputy: bool
    attended_from: datetime
    attended_to: datetime
    held_on: date = Field(description="The meeting's day, Europe/Oslo")
    remote: bool
    secretariat_present: bool
