from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from folkevalgt_shared.contracts import Role
from folkevalgt_shared.inputs import BoundedDate, NotNull, PatchModel

BodyType = Literal[
    "municipal_council",
    "executive_committee",
    "standing_committee",
    "administration_committee",
    "appeals_board",
    "dispensation_committee",
    "elderly_council",
    "disability_council",
    "youth_council",
    "control_committee",
    "other",
]
Gender = Literal["female", "male", "other"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BodyIn(Strict):
    key: str = Field(
        min_length=2,
        max_length=100,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Stable slug, e.g. 'municipal-council'",
    )
    name: str = Field(min_length=1, max_length=200, description="Name in Norwegian (e.g. Kommunestyret)")
    name_en: str | None = Field(default=None, max_length=200)
    body_type: BodyType
    seats: StrictInt = Field(ge=1, le=200)
    quorum: StrictInt = Field(ge=1, le=200, description="MTG-02: members present needed to decide a case")
    notice_days: StrictInt = Field(ge=0, le=60, description="MTG-01/MTG-06: calendar days of notice (innkalling)")
    notice_days_budget: StrictInt | None = Field(
        default=None, ge=0, le=60, description="Notice for economic plan, budget and tax (council: 14)"
    )
    remit: list[str] = Field(default_factory=list, description="Saklig virkeområde: subject areas")
    parent_id: UUID | None = None


class BodyPatch(PatchModel):
    name: NotNull[str] = Field(default=None, min_length=1, max_length=200)
    name_en: str | None = None
    seats: NotNull[StrictInt] = Field(default=None, ge=1, le=200)
    quorum: NotNull[StrictInt] = Field(default=None, ge=1, le=200)
    notice_days: NotNull[StrictInt] = Field(default=None, ge=0, le=60)
    notice_days_budget: StrictInt | None = Field(default=None, ge=0, le=60)
    remit: NotNull[list[str]] = None
    parent_id: UUID | None = None


class BodyOut(BodyIn):
    model_config = ConfigDict(from_attributes=True)
    id: UUID
    version: int
    modified_at: datetime


class PersonIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")
    gender: Gender | None = Field(default=None, description="Used for gender balance in elections (MTG-27)")
    birth_date: BoundedDate | None = Field(
        default=None, description="MTG-01: needed for the youth council (13–18 years); personal data"
    )
    old_age_pensioner: StrictBool | None = Field(
        default=None, description="MTG-01: the elderly council's majority and leaders are old-age pensioners"
    )
    employee_with_responsibility: StrictBool | None = Field(
        default=None,
        description="MTG-01: employed by the municipality with own budget, personnel and management responsibility "
        "(not eligible to the appeals board); needed to record an appeals board membership",
    )


class PersonPatch(PatchModel):
    name: NotNull[str] = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")
    gender: Gender | None = None
    birth_date: BoundedDate | None = None
    old_age_pensioner: StrictBool | None = None
    employee_with_responsibility: StrictBool | None = None


class PersonOut(PersonIn):
    """`email`, `gender` and the eligibility facts are null unless the caller is the person or has meetings:write."""

    model_config = ConfigDict(from_attributes=True)
    id: UUID
    version: int
    modified_at: datetime


class MembershipIn(Strict):
    body_id: UUID
    person_id: UUID
    role: Role
    deputy_order: StrictInt | None = Field(default=None, ge=1, description="MTG-10: order of election among deputies")
    party_group: str | None = Field(default=None, max_length=100, description="Partigruppe / list")
    joint_list: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="MTG-10: the joint list (fellesliste) the member or deputy was elected on, when several party "
        "groups stood on one list: its deputies have one order and stand in for any member of the list",
    )
    voting_right: StrictBool | None = Field(default=None, description="Default: true for seat-holding roles")
    on_behalf_of: str | None = Field(
        default=None, max_length=100, description="Whom the member represents, e.g. 'employees' (KL §25)"
    )
    personal_deputy_for: UUID | None = Field(
        default=None, description="MTG-01: the youth council's deputies stand in for one representative (person id)"
    )
    start_date: date
    end_date: date | None = None


class MembershipPatch(PatchModel):
    role: NotNull[Role] = None
    deputy_order: StrictInt | None = Field(default=None, ge=1)
    party_group: str | None = Field(default=None, max_length=100)
    joint_list: str | None = Field(default=None, min_length=1, max_length=100)
    voting_right: NotNull[StrictBool] = None
    on_behalf_of: str | None = Field(default=None, max_length=100)
    personal_deputy_for: UUID | None = None
    start_date: NotNull[BoundedDate] = None
    end_date: BoundedDate | None = None


class MembershipOut(MembershipIn):
    model_config = ConfigDict(from_attributes=True)
    voting_right: bool
    id: UUID
    version: int
    modified_at: datetime
    deleted: bool = Field(
        default=False, description="Removed as registered by mistake: listed only to a modified_since sync"
    )
