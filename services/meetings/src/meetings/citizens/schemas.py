from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QuestionTimeIn(Strict):
    meeting_id: UUID = Field(
        description="The council meeting it is held with (not part of it): questions are due 5 working days "
        "before that meeting, and late ones are taken until it starts (MTG-32)"
    )
    starts_at: AwareDatetime = Field(description="Start, with a UTC offset; in January or June (MTG-32)")
    location: str | None = Field(default=None, max_length=200)


class QuestionTimeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    body_id: UUID
    meeting_id: UUID | None = Field(description="The council meeting it is held with")
    starts_at: datetime
    location: str | None
    question_deadline: date = Field(
        description="Questions submitted by this day are answered: 5 working days before the council meeting (MTG-32)"
    )
    late_questions_until: datetime = Field(
        description="After the deadline, questions for very special reasons until the council meeting starts (MTG-32)"
    )


class CitizenQuestionIn(Strict):
    asker_name: str = Field(min_length=1, max_length=200, description="A resident of the municipality")
    on_behalf_of: Literal["self", "other_person", "organisation", "business"] = "self"
    on_behalf_of_name: str | None = Field(default=None, max_length=200)
    channel: Literal["in_person", "letter", "email"]
    text: str = Field(min_length=5, max_length=10000)
    personal_case: bool = Field(default=False, description="A personal case: rejected (MTG-32)")
    confidential: bool = Field(default=False, description="Subject to confidentiality: rejected (MTG-32)")
    general_interest: bool = Field(
        default=True, description="A municipal matter of general interest to the residents (MTG-32)"
    )
    agenda_item_id: UUID | None = Field(
        default=None, description="The case it concerns, if on an agenda: rejected if on the coming council meeting's"
    )
    late_reason: str | None = Field(
        default=None, max_length=2000, description="The special reason for submitting after the deadline (MTG-32)"
    )


class AnswerIn(Strict):
    answer: str = Field(min_length=1, max_length=20000)
    answered_by: str = Field(min_length=1, max_length=200, description="Usually the mayor")
    follow_up: str | None = Field(default=None, max_length=10000, description="Follow-up question and its answer")


class CitizenQuestionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    question_time_id: UUID
    asker_name: str
    on_behalf_of: str
    on_behalf_of_name: str | None
    channel: str
    text: str
    submitted_at: datetime
    in_time: bool = Field(description="Submitted ≥ 5 working days before question time (MTG-32)")
    late_reason: str | None
    answered_at_question_time: str = Field(
        description="'this question time', or 'the chair decides whether it is answered at the next meeting' (MTG-32)"
    )
    answer: str | None
    answered_by: str | None
    follow_up: str | None
    answered_at: datetime | None


class InitiativeIn(Strict):
    body_id: UUID = Field(description="The municipal council")
    title: str = Field(min_length=1, max_length=500)
    proposal: str = Field(min_length=1, max_length=50000)
    contact: str = Field(min_length=1, max_length=200, description="Whom to inform of decisions and measures")
    signatures: int = Field(ge=0, description="Valid signatures of residents")
    population: int = Field(ge=1, description="The municipality's residents when registered")
    registered_on: date | None = Field(default=None, description="Fremmet; today if not given")
    referred_to_planning_case: bool = Field(
        default=False, description="Referred to an ongoing planning case: no 6-month deadline (MTG-33)"
    )
    planning_case_reference: str | None = Field(default=None, max_length=100)
    same_content_as_initiative_id: UUID | None = Field(
        default=None, description="The secretariat's finding: same content as this earlier initiative (MTG-33)"
    )
    same_content_as_agenda_item_id: UUID | None = Field(
        default=None, description="The secretariat's finding: same content as this case the council treated (MTG-33)"
    )


class InitiativeAgendaIn(Strict):
    agenda_item_id: UUID = Field(description="The council case the initiative is treated in")


class InitiativeDecisionIn(Strict):
    decided_on: date
    outcome: Literal["adopted", "partly_adopted", "rejected"]
    decision: str = Field(min_length=1, max_length=50000)
    initiators_informed_on: date | None = None


class InitiativeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    body_id: UUID
    title: str
    proposal: str
    contact: str
    signatures: int
    population: int
    signatures_needed: int
    registered_on: date
    referred_to_planning_case: bool
    planning_case_reference: str | None
    deadline: date | None = Field(description="Decided within 6 months (MTG-33); none if referred to a planning case")
    overdue: bool
    follows_initiative_id: UUID | None
    follows_agenda_item_id: UUID | None
    agenda_item_id: UUID | None
    decided_on: date | None
    outcome: str | None
    decision: str | None
    appealable: bool | None = Field(description="A voted-down initiative cannot be appealed (MTG-33)")
    initiators_informed_on: date | None


class DelegationIn(Strict):
    organisation: str = Field(min_length=1, max_length=200, description="Association, organisation or group")
    spokespeople: str = Field(min_length=1, max_length=500)
    subject: str = Field(min_length=1, max_length=10000, description="What the delegation wishes to say")


class DelegationDecisionIn(Strict):
    accepted: bool = Field(description="The group leaders' decision (MTG-34)")
    decided_by: list[UUID] = Field(
        min_length=1,
        max_length=50,
        description="The council's group leaders who made the decision (MTG-34): more than half of them",
    )
    note: str | None = Field(default=None, max_length=2000)


class DelegationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    agenda_item_id: UUID
    organisation: str
    spokespeople: str
    subject: str
    notified_at: datetime
    status: str
    decided_at: datetime | None
    decision_note: str | None
    decided_by: list[UUID] | None = Field(default=None, description="The group leaders who decided (MTG-34)")
    meets_group_leaders_at: datetime | None = Field(
        description="Half an hour before the meeting, with the group leaders and the mayor (MTG-34)"
    )
