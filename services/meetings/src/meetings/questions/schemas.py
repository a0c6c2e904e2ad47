from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class QuestionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    asker_id: UUID
    kind: Literal["question", "interpellation"] = Field(
        description="Interpellation for matters of principle, question for concrete matters (MTG-30)"
    )
    text: str = Field(min_length=5, max_length=10000)


class QuestionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    meeting_id: UUID
    asker_id: UUID
    kind: str
    text: str
    registered_at: datetime
    in_time: bool = Field(description="Registered by the deadline: answered at this meeting (MTG-30)")
    deadline: date
    answered_at: str = Field(description="'this meeting', or 'next meeting or as the chair decides' (MTG-31)")
