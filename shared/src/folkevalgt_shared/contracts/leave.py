"""Events the leave service publishes."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from folkevalgt_shared.contracts.base import EventData


class _OfficeLeave(EventData):
    """Leave from office (permisjon fra vervet, LEA-60): while on leave the member is replaced by the
    next deputy (MTG-10). A full snapshot, so a consumer needs no earlier event; `version` increases
    with every change of the leave, older versions are ignored."""

    SOURCE: ClassVar[str] = "/leave"
    leave_id: UUID
    person_id: UUID
    start_date: date
    end_date: date | None = None  # the last day on leave; none: open-ended
    body_keys: list[str] = Field(default_factory=list)  # the bodies whose offices it covers; empty: every office
    reason: str  # the category, e.g. health, work, family, education, other
    version: int
    changed_at: datetime


class OfficeLeaveStartedV1(_OfficeLeave):
    """A leave from office was granted and starts on `start_date`."""

    TYPE: ClassVar[str] = "no.folkevalgt.leave.office_leave.started.v1"


class OfficeLeaveEndedV1(_OfficeLeave):
    """A leave from office ended, or was cut short: `end_date` is its last day."""

    TYPE: ClassVar[str] = "no.folkevalgt.leave.office_leave.ended.v1"
    end_date: date
