from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class AppealIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision_reference: str = Field(min_length=1, max_length=200, description="e.g. 'KST 042/26'")
    decided_by: str = Field(min_length=1, max_length=200, description="The body or unit that made the decision")
    decided_on: date
    agenda_item_id: UUID | None = Field(default=None, description="The case in which a body made the decision")
    body_id: UUID | None = Field(
        default=None,
        description="The body that made the decision, where no case is named; with neither, the decision is the "
        "administration's. The appeal is lodged with it (MTG-38)",
    )
    signatories: list[UUID] = Field(min_length=1, description="Council members behind the appeal (at least 3)")
    grounds: str = Field(
        min_length=5, max_length=20000, description="Why the decision is unlawful: content, competence or procedure"
    )


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["upheld", "reversed"] = Field(
        description="The body that made the decision upholds it (it is then forwarded for legality review) or "
        "reverses it (the appeal has its effect) (MTG-38)"
    )
    decided_on: date
    agenda_item_id: UUID | None = Field(
        default=None, description="The case in which the body decided; required when the appeal is lodged with a body"
    )
    note: str | None = Field(default=None, max_length=5000)


class ForwardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    forwarded_on: date
    to: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The reviewing authority; default from the settings (the seed names the ministry, which has "
        "delegated legality review to the county governor)",
    )


class AppealOut(AppealIn):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    lodged_on: date
    deadline: date
    status: str = Field(description="lodged | upheld | reversed | forwarded (MTG-38)")
    lodged_with_body_id: UUID | None = Field(
        description="The body that made the decision, which decides on the appeal first; none: the administration"
    )
    reviewed_on: date | None
    review_agenda_item_id: UUID | None
    review_note: str | None
    forwarded_on: date | None
    forwarded_to: str | None
