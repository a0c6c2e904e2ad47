"""Quarterly payout batches (REM-90): computed from attendance and offices, approved, paid; recomputation
after approval adds correction lines. Every line explains itself (REM-91)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness

APPROVED = "no.folkevalgt.remuneration.payout.batch.approved.v1"
PAID = "no.folkevalgt.remuneration.payout.paid.v1"


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="payroll-partner", url="http://payroll/events", types=[APPROVED, PAID])]


@pytest.fixture
async def quarter(rem: Harness, council: Any) -> dict[str, Any]:
    """Kari and Ola in the council (Ap), Kari also in the executive committee; two council meetings and one
    executive committee meeting in Q1 2026, all with the secretariat present."""
    await council.seat("Kari", "member")
    await council.seat("Ola", "member")
    await council.seat("Kari", "member", "executive-committee", "executive_committee")
    first = await council.meeting("municipal-council", council.oslo(2026, 2, 5), ["Kari", "Ola"])
    second = await council.meeting("municipal-council", council.oslo(2026, 3, 19), ["Kari"])
    executive = await council.meeting("executive-committee", council.oslo(2026, 3, 12, 10), ["Kari"])
    return {"meetings": [first, second, executive]}


async def lines_of(rem: Harness, batch: dict[str, Any]) -> list[dict[str, Any]]:
    response = await rem.client.get(f"/batches/{batch['id']}/lines", headers=rem.headers("remuneration:write"))
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_rem30_the_batch_pays_meeting_fees_from_attendance_with_their_sources(
    rem: Harness, council: Any, quarter: dict[str, Any]
) -> None:
    batch = await rem.post("/batches", {"period": "2026Q1"})
    assert (batch["status"], batch["period"], batch["model"]) == ("draft", "2026Q1", "1")
    fees = [line for line in await lines_of(rem, batch) if line["item_type"] == "meeting_fee"]
    kari, ola = council.people["Kari"], council.people["Ola"]
    assert sorted((f["recipient_id"], f["earned_on"], f["amount"]) for f in fees) == sorted(
        [
            (kari, "2026-02-05", "400.00"),
            (ola, "2026-02-05", "400.00"),
            (kari, "2026-03-19", "400.00"),
            (kari, "2026-03-12", "400.00"),
        ]
    )
    first = quarter["meetings"][0]
    karis_first = next(f for f in fees if f["recipient_id"] == kari and f["earned_on"] == "2026-02-05")
    # REM-91: the rule, the rate version and the attendance event behind the amount.
    assert karis_first["rule"] == "REM-30"
    assert karis_first["rate_version"].startswith("Reglement for godtgjøring")
    assert karis_first["sources"] == [f"attendance:{council.attendance_events[(first, 'Kari')]}"]
    assert karis_first["sequence"] is None  # not for payroll until approved
    totals = batch["totals"]
    assert totals["by_item_type"]["meeting_fee"] == {"lines": 4, "amount": "1600.00", "currency": "NOK"}
    assert "phone_allowance" in totals["by_item_type"] and totals["corrections"] == 0


async def test_rem30_an_attendance_sent_again_does_not_pay_twice(
    rem: Harness, council: Any, quarter: dict[str, Any]
) -> None:
    first = quarter["meetings"][0]
    start = council.oslo(2026, 2, 5)
    again = council.attendance(first, "municipal-council", "Ola", start, start + timedelta(hours=3))
    await council.deliver(again)  # a new event id for the same meeting and person
    batch = await rem.post("/batches", {"period": "2026Q1"})
    olas = [
        line
        for line in await lines_of(rem, batch)
        if line["item_type"] == "meeting_fee" and line["recipient_id"] == council.people["Ola"]
    ]
    assert [line["amount"] for line in olas] == ["400.00"]


async def test_rem90_approval_publishes_and_a_second_draft_waits_for_it(
    rem: Harness, council: Any, quarter: dict[str, Any]
) -> None:
    batch = await rem.post("/batches", {"period": "2026Q1"})
    await rem.post("/batches", {"period": "2026Q1"}, 409)  # one draft per quarter
    politician = rem.headers("remuneration:read", sub=council.people["Kari"])
    await rem.post(f"/batches/{batch['id']}/approve", None, 403, headers=politician)
    approved = await rem.post(f"/batches/{batch['id']}/approve", None, 200)
    assert approved["status"] == "approved" and approved["approved_by"]
    [event] = await council.outbox(APPROVED)
    assert (event["batch_id"], event["period"], event["lines"], event["total"]) == (
        batch["id"],
        "2026Q1",
        batch["totals"]["lines"],
        batch["totals"]["total"],
    )
    assert (event["after_sequence"], event["last_sequence"]) == (0, batch["totals"]["lines"])
    await rem.post(f"/batches/{batch['id']}/approve", None, 409)
    # Nothing changed since: there is nothing to pay or correct.
    await rem.post("/batches", {"period": "2026Q1"}, 409)


async def test_rem90_recomputing_after_approval_adds_correction_lines_that_reference_the_paid_line(
    rem: Harness, council: Any, quarter: dict[str, Any]
) -> None:
    batch = await rem.post("/batches", {"period": "2026Q1"})
    await rem.post(f"/batches/{batch['id']}/approve", None, 200)
    paid = await lines_of(rem, batch)
    ola = council.people["Ola"]
    olas_phone = [p for p in paid if p["recipient_id"] == ola and p["item_type"] == "phone_allowance"]
    assert len(olas_phone) == 1
    # Ola left the council on 15 February; a late meeting of 26 March reaches us too.
    await council.end("Ola", "member", date(2026, 2, 15))
    late_meeting = await council.meeting("municipal-council", council.oslo(2026, 3, 26), ["Kari"])
    correction = await rem.post("/batches", {"period": "2026Q1"})
    lines = await lines_of(rem, correction)
    corrections = [line for line in lines if line["corrects"] is not None]
    olas = [c for c in corrections if c["recipient_id"] == ola and c["item_type"] == "phone_allowance"]
    assert len(olas) == 1 and olas[0]["corrects"] == olas_phone[0]["line_id"]
    assert olas[0]["amount"].startswith("-") and "Correction of line" in olas[0]["explanation"]
    new_fees = [line for line in lines if line["corrects"] is None and line["item_type"] == "meeting_fee"]
    assert [(n["earned_on"], n["sources"]) for n in new_fees] == [
        ("2026-03-26", [f"attendance:{council.attendance_events[(late_meeting, 'Kari')]}"])
    ]
    # The approved lines themselves are unchanged.
    assert await lines_of(rem, batch) == paid
    assert correction["totals"]["corrections"] == len(corrections)


async def test_rem05_marking_a_batch_paid_notifies_the_recipients(
    rem: Harness, council: Any, quarter: dict[str, Any]
) -> None:
    council.set_clock(council.oslo(2026, 4, 10, 12))
    kari = council.people["Kari"]
    as_kari = rem.headers("remuneration:read", sub=kari)
    claim = await rem.post(
        "/claims",
        {"kind": "travel", "day": "2026-02-05", "amount_claimed": "200.00", "documentation_ref": "Buss"},
        headers=as_kari,
    )
    await rem.post(f"/claims/{claim['id']}/approve", None, 200)
    batch = await rem.post("/batches", {"period": "2026Q1"})
    assert batch["totals"]["by_item_type"]["travel"]["amount"] == "200.00"
    await rem.post(f"/batches/{batch['id']}/paid", {}, 409)  # not approved yet
    await rem.post(f"/batches/{batch['id']}/approve", None, 200)
    # Paid on a day that has come, not before the approval.
    await rem.post(f"/batches/{batch['id']}/paid", {"paid_on": "2026-06-20"}, 422)
    await rem.post(f"/batches/{batch['id']}/paid", {"paid_on": "2026-04-09"}, 422)
    council.set_clock(council.oslo(2026, 6, 22, 9))
    paid = await rem.post(f"/batches/{batch['id']}/paid", {"paid_on": "2026-06-20"}, 200)
    assert (paid["status"], paid["paid_on"], paid["overdue"]) == ("paid", "2026-06-20", False)
    [event] = await council.outbox(PAID)
    karis = next(p for p in event["payouts"] if p["recipient_id"] == kari)
    own_total = next(r for r in batch["totals"]["by_recipient"] if r["recipient_id"] == kari)
    assert karis["amount"] == own_total["amount"] and karis["currency"] == "NOK"
    assert (await rem.client.get(f"/claims/{claim['id']}", headers=as_kari)).json()["status"] == "paid"


async def test_a_draft_can_be_discarded_and_computed_again(rem: Harness, quarter: dict[str, Any]) -> None:
    batch = await rem.post("/batches", {"period": "2026Q1"})
    assert (await rem.client.delete(f"/batches/{batch['id']}", headers=rem.headers())).status_code == 204
    assert (await rem.client.get(f"/batches/{batch['id']}", headers=rem.headers())).status_code == 404
    again = await rem.post("/batches", {"period": "2026Q1"})
    assert again["totals"] == batch["totals"]
    await rem.post(f"/batches/{again['id']}/approve", None, 200)
    assert (await rem.client.delete(f"/batches/{again['id']}", headers=rem.headers())).status_code == 409


async def test_an_official_reads_only_her_own_approved_lines(
    rem: Harness, council: Any, quarter: dict[str, Any]
) -> None:
    kari, ola = council.people["Kari"], council.people["Ola"]
    as_kari = rem.headers("remuneration:read", sub=kari)
    batch = await rem.post("/batches", {"period": "2026Q1"})
    assert (await rem.client.get(f"/people/{kari}/lines", headers=as_kari)).json()["items"] == []  # a draft
    await rem.post(f"/batches/{batch['id']}/approve", None, 200)
    own = (await rem.client.get(f"/people/{kari}/lines?period=2026Q1", headers=as_kari)).json()["items"]
    assert own and {line["recipient_id"] for line in own} == {kari}
    assert all(line["rule"] and line["explanation"] for line in own)
    assert (await rem.client.get(f"/people/{ola}/lines", headers=as_kari)).status_code == 403
    assert (await rem.client.get(f"/batches/{batch['id']}", headers=as_kari)).status_code == 403


async def test_a_batch_needs_a_quarter(rem: Harness) -> None:
    response = await rem.client.post("/batches", json={"period": "2026Q5"}, headers=rem.headers())
    assert response.status_code == 422 and response.json()["errors"][0]["field"].endswith("period")
    empty = await rem.client.post("/batches", json={"period": "2026Q2"}, headers=rem.headers())
    assert empty.status_code == 409
    assert (await rem.client.get(f"/batches/{uuid.uuid4()}", headers=rem.headers())).status_code == 404


async def test_rem03_without_a_secretariat_the_official_claims_the_fee_and_it_is_paid_once(
    rem: Harness, council: Any
) -> None:
    kari = await council.seat("Kari", "member")
    await council.seat("Kari", "member", "harbour-board", "harbour_board")
    await council.meeting("harbour-board", council.oslo(2026, 2, 10), ["Kari"], secretariat_present=False)
    await council.meeting("municipal-council", council.oslo(2026, 2, 12), ["Kari"])
    council.set_clock(council.oslo(2026, 3, 31))
    as_kari = rem.headers("remuneration:read", sub=kari)
    fee = {"kind": "meeting_fee", "meeting_ref": "Havnestyret 10.2.", "hours": "3"}
    claim = await rem.post("/claims", {**fee, "day": "2026-02-10", "body_key": "harbour-board"}, headers=as_kari)
    assert (claim["amount"], claim["rule"]) == ("400.00", "REM-30")
    # The council meeting had the secretariat: its fee is the administration's, not claimable again.
    twice = await rem.client.post(
        "/claims", json={**fee, "day": "2026-02-12", "body_key": "municipal-council"}, headers=as_kari
    )
    assert twice.status_code == 422 and twice.json()["rule"] == "REM-31", twice.text
    await rem.post(f"/claims/{claim['id']}/approve", None, 200)
    council.set_clock(council.oslo(2026, 4, 1, 8))  # REM-04: the quarter has ended
    batch = await rem.post("/batches", {"period": "2026Q1"})
    fees = [line for line in await lines_of(rem, batch) if line["item_type"] == "meeting_fee"]
    assert sorted((f["earned_on"], f["sources"][0].split(":")[0]) for f in fees) == [
        ("2026-02-10", "claim"),
        ("2026-02-12", "attendance"),
    ]
