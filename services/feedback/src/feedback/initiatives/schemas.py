from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from feedback.domain.settings import EmailStr

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class InitiativeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text = Field(max_length=500)
    proposal: Text = Field(max_length=50_000, description="What the council is asked to decide")
    contact: EmailStr = Field(description="The initiators' address: told of the threshold, decisions and measures")


class InitiativeOut(BaseModel):
    id: UUID
    title: str
    proposal: str
    status: Literal["collecting", "put_forward"]
    signatures: int
    threshold: int = Field(description="min(2 % of the residents, 300) when it was started (FBK-31)")
    population: int
    election_period: tuple[date, date]
    reached_at: datetime | None
    signed_by_me: bool | None = Field(default=None, description="For a resident's token: whether they have signed")
    version: int


class SignatureOut(BaseModel):
    initiative_id: UUID
    signed_at: datetime
    signatures: int
    threshold: int
    status: str


class InitiativePage(BaseModel):
    items: list[InitiativeOut]
    next: str | None
