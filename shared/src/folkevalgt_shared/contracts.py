"""Event data models shared by producers and consumers (one definition per event type).

Type names follow `no.folkevalgt.<service>.<entity>.<happened>.v<N>`. A breaking change to a
model is a new class with a new version; both are published until consumers have moved.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

Role = Literal[
    "member",
    "deputy",
    "chair",
    "vice_chair",
    "mayor",
    "deputy_mayor",
    "group_leader",
]


class EventData(BaseModel):
    """Base of every event's `data`; `TYPE` is the CloudEvents `type`."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    TYPE: ClassVar[str]
    SOURCE: ClassVar[str]


class PersonChangedV1(EventData):
    """A person in the register was created or changed (no national identity number)."""

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.person.changed.v1"
    SOURCE: ClassVar[str] = "/meetings"
    person_id: UUID
    name: str
    email: str | None = None
    version: int
    changed_at: datetime


class MembershipChangedV1(EventData):
    """A membership of a body was created, changed or ended (verv / medlemskap).

    Carries a full snapshot, so a consumer can build its read model from this event alone;
    `version` increases with every change of the membership, older versions are ignored.
    """

    TYPE: ClassVar[str] = "no.folkevalgt.meetings.body.membership.changed.v1"
    SOURCE: ClassVar[str] = "/meetings"
    membership_id: UUID
    person_id: UUID
    person_name: str
    body_id: UUID
    body_key: str
    body_name: str
    body_type: str
    role: Role
    deputy_order: int | None = None
    party_group: str | None = None
    voting_right: bool
    on_behalf_of: str | None = None
    start_date: date
    end_date: date | None = None
    deleted: bool = False
    version: int
    changed_at: datetime


CONTRACTS: dict[str, type[EventData]] = {m.TYPE: m for m in (PersonChangedV1, MembershipChangedV1)}
