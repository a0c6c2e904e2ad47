"""Events the remuneration service publishes."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal
from uuid import UUID

from folkevalgt_shared.contracts.base import Amount, EventData, Part


class ClaimRejectedV1(EventData):
    """A claim (krav) was rejected: received after the quarter's deadline (REM-05) without an override,
    or refused by the administration. The official's app shows the rule and the reason."""

    TYPE: ClassVar[str] = "no.folkevalgt.remuneration.claim.rejected.v1"
    SOURCE: ClassVar[str] = "/remuneration"
    claim_id: UUID
    person_id: UUID
    period: str  # "2026Q1"
    kind: str  # lost_earnings, care_expenses, meeting_fee, travel
    rule: str | None = None
    reason: str
    received_at: datetime
    rejected_at: datetime


class PayoutBatchApprovedV1(EventData):
    """A quarter's payout batch (utbetaling) was approved: its lines can now be pulled by payroll (REM-90),
    those after `after_sequence` up to `last_sequence`. `total` is what is paid out (benefits in kind are
    reported, not paid). A monthly batch (`month`, REM-10) pays the month's monthly items; `payout_deadline`
    is the quarter's (REM-04)."""

    TYPE: ClassVar[str] = "no.folkevalgt.remuneration.payout.batch.approved.v1"
    SOURCE: ClassVar[str] = "/remuneration"
    batch_id: UUID
    period: str
    lines: int
    corrections: int
    total: Amount
    currency: Literal["NOK"] = "NOK"
    after_sequence: int
    last_sequence: int
    approved_at: datetime
    month: str | None = None  # "2026-05"
    payout_deadline: date | None = None


class Payout(Part):
    recipient_id: str  # a person's id, or a party group's name
    recipient_kind: Literal["person", "organisation"]
    amount: Amount
    currency: Literal["NOK"] = "NOK"


class PayoutPaidV1(EventData):
    """A payout batch was paid: representatives and party groups are notified (REM-05)."""

    TYPE: ClassVar[str] = "no.folkevalgt.remuneration.payout.paid.v1"
    SOURCE: ClassVar[str] = "/remuneration"
    batch_id: UUID
    period: str
    paid_on: date
    payouts: list[Payout]
