"""Quarterly payout batches (REM-90): computed from attendance and offices, approved, paid; recomputation
after approval adds correction lines. Every line explains itself (REM-91)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from folkevalgt_shared.settings import REPO_ROOT, Subscription
from folkevalgt_shared.testing import Harness, ServiceFactory

APPROVED = "no.folkevalgt.remuneration.payout.batch.approved.v1"
PAID = "no.folkevalgt.remuneration.payout.paid.v1"


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="payroll-partner", url="http://payroll/events", types=[APPROVED, PAID])]


@pytest.fixture
def ceo_salary() -> bool:
    """A test that needs the mayor's pay priced parametrizes this to True."""
    return False


@pytest.fixture
async def rem(
    service_factory: ServiceFactory,
    subscriptions: list[Subscription],
    ceo_salary: bool,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Harness:
    """The service; with `ceo_salary`, the municipality's settings with the chief executive's base salary set
    (REM-10 model 1), in its file, as the municipality would."""
    if ceo_salary:
        config = yaml.safe_load((REPO_ROOT / "config" / "sor-varanger.yaml").read_text(encoding="utf-8"))
        for version in config["versions"]:
            section = version["sections"].get("remuneration")
            if section:
                section["reference_salaries"]["chief_executive_base"] = [
                    {"valid_from": "2012-01-01", "annual": 1_200_000, "source": "Arbeidsavtale (test)"}
                ]
        path = tmp_path / "municipality.yaml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("REMUNERATION_MUNICIPALITY_CONFIG", str(path))
    return await service_factory("remuneration", subscriptions=subscriptions)


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


# -- REM-04 / REM-10: only what has happened, monthly items by the month, the payout deadline ---------------


async def test_rem04_a_quarter_is_paid_only_once_it_has_ended(
    rem: Harness, council: Any, quarter: dict[str, Any]
) -> None:
    council.set_clock(council.oslo(2026, 3, 31, 23, 30))  # the last evening of the quarter, Oslo time
    running = await rem.client.post("/batches", json={"period": "2026Q1"}, headers=rem.headers())
    assert running.status_code == 422 and running.json()["rule"] == "REM-04", running.text
    assert running.json()["errors"][0]["field"] == "period"
    future = await rem.client.post("/batches", json={"period": "2026Q3"}, headers=rem.headers())
    assert future.status_code == 422 and future.json()["rule"] == "REM-04"
    assert (await rem.client.get("/batches", headers=rem.headers())).json() == []
    council.set_clock(council.oslo(2026, 4, 1, 0, 5))
    batch = await rem.post("/batches", {"period": "2026Q1"})
    assert (batch["payout_deadline"], batch["overdue"], batch["month"]) == ("2026-06-30", False, None)


async def test_rem04_the_payout_deadline_is_on_every_line_and_a_late_batch_is_overdue(
    rem: Harness, council: Any, quarter: dict[str, Any]
) -> None:
    council.set_clock(council.oslo(2026, 7, 1, 9))
    batch = await rem.post("/batches", {"period": "2026Q1"})
    assert batch["overdue"] is True  # 30 June has passed and nothing is paid
    await rem.post(f"/batches/{batch['id']}/approve", None, 200)
    pulled = (await rem.client.get("/payroll/lines", headers=rem.headers("payroll:read"))).json()["items"]
    assert pulled and {line["payout_deadline"] for line in pulled} == {"2026-06-30"}
    paid = await rem.post(f"/batches/{batch['id']}/paid", {"paid_on": "2026-07-01"}, 200)
    assert paid["overdue"] is True


@pytest.mark.parametrize("ceo_salary", [True])
async def test_rem10_fixed_pay_is_paid_by_the_month_once_the_month_has_ended(rem: Harness, council: Any) -> None:
    mayor = await council.seat("Berit", "mayor")
    await council.seat("Kari", "member")
    await council.meeting("municipal-council", council.oslo(2026, 1, 15), ["Berit", "Kari"])
    council.set_clock(council.oslo(2026, 1, 31, 12))
    running = await rem.client.post("/batches", json={"period": "2026-01"}, headers=rem.headers())
    assert running.status_code == 422 and running.json()["rule"] == "REM-10"
    council.set_clock(council.oslo(2026, 3, 1, 8))
    january = await rem.post("/batches", {"period": "2026-01"})
    assert (january["month"], january["period"], january["payout_deadline"]) == ("2026-01", "2026Q1", "2026-06-30")
    lines = (await rem.client.get(f"/batches/{january['id']}/lines", headers=rem.headers())).json()["items"]
    # Only January's fixed pay: no fee, phone allowance or support, which the quarter pays.
    assert [(line["recipient_id"], line["item_type"], line["earned_on"], line["amount"]) for line in lines] == [
        (mayor, "fixed_pay", "2026-01-01", "100000.00")
    ]
    # One draft at a time for the quarter; January again has nothing new once approved.
    await rem.post("/batches", {"period": "2026-02"}, 409)
    await rem.post(f"/batches/{january['id']}/approve", None, 200)
    await rem.post("/batches", {"period": "2026-01"}, 409)
    february = await rem.post("/batches", {"period": "2026-02"})
    assert february["totals"]["by_item_type"] == {"fixed_pay": {"lines": 1, "amount": "100000.00", "currency": "NOK"}}
    await rem.post(f"/batches/{february['id']}/approve", None, 200)
    council.set_clock(council.oslo(2026, 4, 1, 8))
    rest = await rem.post("/batches", {"period": "2026Q1"})
    rest_lines = (await rem.client.get(f"/batches/{rest['id']}/lines", headers=rem.headers())).json()["items"]
    fixed = [(line["earned_on"], line["amount"]) for line in rest_lines if line["item_type"] == "fixed_pay"]
    assert fixed == [("2026-03-01", "100000.00")]  # January and February are not paid twice
    assert "meeting_fee" in rest["totals"]["by_item_type"] and not any(line["corrects"] for line in rest_lines)


async def test_rem31_a_fee_claimed_first_keeps_its_place_against_fees_from_attendance(
    rem: Harness, council: Any
) -> None:
    kari = await council.seat("Kari", "member")
    for body, kind in (("harbour-board", "harbour_board"), ("executive-committee", "executive_committee")):
        await council.seat("Kari", "member", body, kind)
    council.set_clock(council.oslo(2026, 2, 10, 20))
    as_kari = rem.headers("remuneration:read", sub=kari)
    fee = {
        "kind": "meeting_fee",
        "day": "2026-02-10",
        "body_key": "harbour-board",
        "meeting_ref": "Befaring kaia",
        "hours": "2",
    }
    claim = await rem.post("/claims", fee, headers=as_kari)
    await rem.post(f"/claims/{claim['id']}/approve", None, 200)
    # The same day's council and executive committee meetings reach remuneration after the claim.
    await council.meeting("municipal-council", council.oslo(2026, 2, 10, 9), ["Kari"])
    await council.meeting("executive-committee", council.oslo(2026, 2, 10, 13), ["Kari"])
    council.set_clock(council.oslo(2026, 4, 1, 8))
    batch = await rem.post("/batches", {"period": "2026Q1"})
    fees = [line for line in await lines_of(rem, batch) if line["item_type"] == "meeting_fee"]
    assert len(fees) == 2 and sum(1 for f in fees if f["claim_id"] == claim["id"]) == 1  # 2 a day, not 3
    # A third fee claimed that day is refused: the day already has two.
    third = await rem.client.post(
        "/claims",
        json={**fee, "body_key": "elderly-council", "body_type": "elderly_council", "meeting_ref": "Eldrerådet"},
        headers=as_kari,
    )
    assert third.status_code == 422 and third.json()["rule"] == "REM-31"


@pytest.mark.parametrize("ceo_salary", [True])
async def test_rem11_a_benefit_in_kind_is_reported_but_not_paid(rem: Harness, council: Any) -> None:
    mayor = await council.seat("Berit", "mayor", start=date(2019, 10, 1))
    batch = await rem.post("/batches", {"period": "2021Q1"})
    totals = batch["totals"]
    phone = totals["by_item_type"]["benefit_in_kind"]
    assert phone["lines"] == 1 and phone["amount"] == "1082.96"  # 4 392 a year × 90/365
    [own] = [r for r in totals["by_recipient"] if r["recipient_id"] == mayor]
    assert own["amount"] == "300000.00"  # the three months' pay, not the phone
    paid_out = sum(Decimal(r["amount"]) for r in totals["by_recipient"])
    assert Decimal(totals["total"]) == paid_out == Decimal("300000.00") + Decimal("4438.36")  # + the group's support
    await rem.post(f"/batches/{batch['id']}/approve", None, 200)
    [approved] = await council.outbox(APPROVED)
    assert approved["total"] == totals["total"]
    council.set_clock(council.oslo(2026, 1, 5, 9))
    await rem.post(f"/batches/{batch['id']}/paid", {}, 200)
    [paid] = await council.outbox(PAID)
    assert [p["amount"] for p in paid["payouts"] if p["recipient_id"] == mayor] == ["300000.00"]
    lines = (await rem.client.get("/payroll/lines", headers=rem.headers("payroll:read"))).json()["items"]
    [benefit] = [line for line in lines if line["item_type"] == "benefit_in_kind"]
    assert (benefit["benefit_type"], benefit["reporting_code"]) == ("naturalytelse", "elektroniskKommunikasjon")
    terms = (await rem.client.get(f"/officials/{mayor}/terms?on=2021-03-01", headers=rem.headers())).json()
    kinds = {b["kind"]: (b["reportable"], b["yearly_value"]) for b in terms["benefits_in_kind"]}
    assert kinds == {"mobile_phone": (True, "4392.00"), "pc_and_ipad": (False, None), "subscription": (False, None)}
    today = (await rem.client.get(f"/officials/{mayor}/terms?on=2026-03-01", headers=rem.headers())).json()
    assert {b["kind"]: b["reportable"] for b in today["benefits_in_kind"]}["mobile_phone"] is False
    member = await council.seat("Kari", "member")
    as_kari = rem.headers("remuneration:read", sub=member)
    assert (await rem.client.get(f"/officials/{mayor}/terms", headers=as_kari)).status_code == 403
    own_terms = (await rem.client.get(f"/officials/{member}/terms?on=2026-03-01", headers=as_kari)).json()
    assert own_terms["sick_pay"] is None and own_terms["pension_loss"] is None
