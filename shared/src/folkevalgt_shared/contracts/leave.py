"""Events the leave service publishes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from folkevalgt_shared.contracts.base import EventData, Part


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


# Hours in events are decimal strings ("7.5", "3.75"), never binary fractions.
HoursText = Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)?$")]


class LeavePart(Part):
    """A run of working days of a granted leave charged the same way: one calendar year, paid or unpaid, and
    the rule that says so (LEA-16)."""

    year: int
    first_date: date
    last_date: date
    days: int  # working days in the run
    hours: HoursText
    pay: Literal["paid", "unpaid", "statutory"]  # statutory: paid or not under the legal basis (LEA-50)
    pot: str | None = None  # the yearly pot the paid hours draw on: welfare (LEA-16) or public_office (LEA-30)
    rule: str
    why: str


class LeaveConsequences(Part):
    """What the leave means for wage seniority, the holiday-pay basis and pension membership (LEA-04)."""

    seniority_interrupted: bool
    pension_reported_out_from: date | None = None  # unpaid leave longer than 1 month
    holiday_pay_beyond_three_months: bool  # paid leave beyond 3 months counts unless decided otherwise
    statements: list[str]


class _EmployeeLeave(EventData):
    """An employee's leave (permisjon) as decided by the unit manager under the leave regulation or recorded
    under law (LEA-50). A full snapshot for HR and payroll; `version` increases with every change."""

    SOURCE: ClassVar[str] = "/leave"
    application_id: UUID
    employee_id: UUID
    employee_number: str
    person_id: UUID | None = None
    unit_code: str
    reason: str  # the reason code, e.g. death, public_office, sickness
    rule: str  # e.g. LEA-11
    legal_basis: str | None = None  # for statutory leave (LEA-50)
    start_date: date | None = None  # the first day granted; none once revoked as a whole
    end_date: date | None = None  # the last day granted
    hours_per_day: HoursText | None = None  # none: whole days
    paid_hours: HoursText
    unpaid_hours: HoursText
    statutory_hours: HoursText  # paid or not under the legal basis, not under the regulation (LEA-50)
    parts: list[LeavePart]
    consequences: LeaveConsequences
    version: int
    changed_at: datetime


class LeaveGrantedV1(_EmployeeLeave):
    """A leave was granted (possibly less than applied for), split into paid and unpaid hours (LEA-16)."""

    TYPE: ClassVar[str] = "no.folkevalgt.leave.leave.granted.v1"


class LeaveRevokedV1(_EmployeeLeave):
    """A granted leave was revoked from `revoked_from` (or cut short): the snapshot is what remains granted,
    none of it when the whole leave was revoked."""

    TYPE: ClassVar[str] = "no.folkevalgt.leave.leave.revoked.v1"
    revoked_from: date
    revocation_reason: str
