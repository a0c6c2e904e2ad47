from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from meetings.domain.order import CaseStatus
from meetings.domain.votes import Method
from meetings.questions.schemas import QuestionOut
from meetings.sittings.schemas import CASE_STATUS
from meetings.voting.schemas import CountedVoteIn


class OrderChangeIn(CountedVoteIn):
    """The new order of the cases and the vote on it (MTG-17: a simple majority may change the order)."""

    order: list[UUID] = Field(min_length=1, description="Every case of the agenda (agenda item ids), in the new order")


class OrderChangeOut(BaseModel):
    id: UUID
    meeting_id: UUID
    previous: list[UUID] = Field(description="The cases in the order before the decision")
    order: list[UUID] = Field(description="The cases in the order decided")
    method: Method
    votes_for: int
    votes_against: int
    casting_vote: bool = Field(description="The tie was decided by the chair's vote (MTG-25)")
    votes: list[dict[str, str]] = Field(description="Each member's vote: voter_id, option (yes/no) and role")
    created_at: datetime


class PlacedCaseOut(BaseModel):
    agenda_item_id: UUID
    position: int
    number: int = Field(description="The case's number in the notice")
    case_number: str
    title: str
    status: CaseStatus = Field(description=CASE_STATUS)


class OrderOfBusinessOut(BaseModel):
    """Dagsorden: the cases in the order of treatment, then questions and interpellations (MTG-17)."""

    cases: list[PlacedCaseOut]
    questions: list[QuestionOut] = Field(description="Treated after the other cases, whatever their number (MTG-17)")
    changes: list[OrderChangeOut] = Field(description="Majority decisions that changed the order, oldest first")
