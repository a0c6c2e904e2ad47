"""The remuneration service's events: typed as the conventions say, money as decimal strings, never floats."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from pydantic import ValidationError

from folkevalgt_shared.contracts import CONTRACTS, ClaimRejectedV1, PayoutBatchApprovedV1, PayoutPaidV1
from folkevalgt_shared.events.envelope import build_envelope, read_envelope

APPROVED = PayoutBatchApprovedV1(
    batch_id=UUID(int=1),
    period="2026Q1",
    lines=3,
    corrections=1,
    total="-12.50",
    after_sequence=10,
    last_sequence=13,
    approved_at=datetime(2026, 5, 2, 8, tzinfo=UTC),
)


@pytest.mark.parametrize("contract", [ClaimRejectedV1, PayoutBatchApprovedV1, PayoutPaidV1])
def test_remuneration_events_are_named_by_the_convention(contract: type) -> None:
    assert contract.TYPE.startswith("no.folkevalgt.remuneration.") and contract.TYPE.endswith(".v1")
    assert contract.SOURCE == "/remuneration" and CONTRACTS[contract.TYPE] is contract


def test_rem90_an_approved_batch_roundtrips_with_its_amount_as_a_decimal_string() -> None:
    received = read_envelope(build_envelope(APPROVED, subject="batches/1")[1])
    assert received.data == APPROVED and received.type == "no.folkevalgt.remuneration.payout.batch.approved.v1"


@pytest.mark.parametrize("amount", [12.5, "12.5", "12", "1,00", "NOK 12.00"])
def test_rem90_money_in_events_is_a_two_place_decimal_string(amount: object) -> None:
    with pytest.raises(ValidationError):
        PayoutPaidV1(
            batch_id=UUID(int=1),
            period="2026Q1",
            paid_on=date(2026, 6, 20),
            payouts=[{"recipient_id": "Ap", "recipient_kind": "organisation", "amount": amount}],  # type: ignore[list-item]
        )
