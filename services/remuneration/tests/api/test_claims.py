"""Claims raised by officials (REM-03): assessment, the quarter's deadline in Oslo time (REM-04/05), the
audited override, the rules that refuse a claim (REM-20, REM-70, REM-11), the same claim sent twice (409),
the bought-out day (REM-40), and who may see what."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness

REJECTED = "no.folkevalgt.remuneration.claim.rejected.v1"
TRAVEL = {"kind": "travel", "day": "2026-03-10", "amount_claimed": "412.50", "documentation_ref": "Kvittering 77"}


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="notifications", url="http://notifications/events", types=[REJECTED])]


@pytest.fixture
async def kari(rem: Harness, council: Any) -> dict[str, Any]:
    """A council member, in the app as herself, on a day in May 2026."""
    person = await council.seat("Kari", "member")
    council.set_clock(datetime(2026, 4, 20, 10, tzinfo=UTC))
    return {"id": person, "headers": rem.headers("remuneration:read", sub=person)}


async def profile(rem: Harness, who: dict[str, Any], category: str) -> None:
    response = await rem.client.put(
        f"/officials/{who['id']}", json={"earner_category": category}, headers=who["headers"]
    )
    assert response.status_code == 200, response.text


async def test_rem05_a_q1_claim_received_on_1_may_oslo_time_is_rejected(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    # 22:30 UTC on 30 April is 00:30 on 1 May in Oslo (summer time): one day after Q1's deadline.
    council.set_clock(datetime(2026, 4, 30, 22, 30, tzinfo=UTC))
    late = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    assert (late["status"], late["rule"], late["amount"]) == ("rejected", "REM-05", None)
    assert late["claim_deadline"] == "2026-04-30" and "2026-05-01" in late["explanation"]
    assert [(e["claim_id"], e["rule"]) for e in await council.outbox(REJECTED)] == [(late["id"], "REM-05")]


async def test_rem05_a_q1_claim_received_at_23_59_on_30_april_oslo_time_is_in_time(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    council.set_clock(datetime(2026, 4, 30, 21, 59, tzinfo=UTC))
    claim = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    assert (claim["status"], claim["rule"], claim["amount"], claim["currency"]) == (
        "assessed",
        "REM-03",
        "412.50",
        "NOK",
    )
    assert await council.outbox(REJECTED) == []


async def test_rem05_an_override_admits_a_late_claim_with_who_when_and_why_audited(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    council.set_clock(datetime(2026, 5, 3, 9, tzinfo=UTC))
    late = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    reason = {"reason": "Kvitteringen kom bort i posten; dokumentert av sekretariatet"}
    # The official cannot admit her own late claim.
    await rem.post(f"/claims/{late['id']}/override", reason, 403, headers=kari["headers"])
    admin = rem.headers("remuneration:write", sub="saksbehandler-7")
    admitted = await rem.post(f"/claims/{late['id']}/override", reason, 200, headers=admin)
    assert (admitted["status"], admitted["amount"], admitted["rule"]) == ("assessed", "412.50", "REM-03")
    assert admitted["override"]["reason"] == reason["reason"]
    assert admitted["override"]["granted_by"] == "saksbehandler-7"
    assert admitted["override"]["granted_at"].startswith("2026-05-03T09:00")
    # The official sees the override on her claim; the audit trail keeps it.
    seen = (await rem.client.get(f"/claims/{late['id']}", headers=kari["headers"])).json()
    assert seen["override"] == admitted["override"]
    trail = (await rem.client.get(f"/audit?entity=claim&entity_id={late['id']}", headers=admin)).json()
    assert [(e["action"], e["actor"], e["reason"]) for e in trail] == [
        ("late_claim_admitted", "saksbehandler-7", reason["reason"])
    ]
    # An override is for late claims only, and only once.
    await rem.post(f"/claims/{late['id']}/override", reason, 409, headers=admin)
    approved = await rem.post(f"/claims/{late['id']}/approve", None, 200, headers=admin)
    assert approved["status"] == "approved" and approved["decided_by"] == "saksbehandler-7"


async def test_rem20_undocumented_lost_earnings_are_refused_to_a_wage_earner(
    rem: Harness, kari: dict[str, Any]
) -> None:
    await profile(rem, kari, "wage_earner")
    undocumented = {
        "kind": "lost_earnings",
        "day": "2026-03-10",
        "hours": "3",
        "justification": "Tok fri fra jobben for møtet",
    }
    response = await rem.client.post("/claims", json=undocumented, headers=kari["headers"])
    assert response.status_code == 422 and response.json()["rule"] == "REM-20", response.text
    assert (await rem.client.get("/claims", headers=kari["headers"])).json()["items"] == []


async def test_rem20_documented_lost_earnings_are_paid_up_to_the_day_cap(rem: Harness, kari: dict[str, Any]) -> None:
    await profile(rem, kari, "wage_earner")
    documented = {
        "kind": "lost_earnings",
        "day": "2026-03-10",
        "documented": True,
        "documentation_kind": "employer_statement",
        "documentation_ref": "Lønnstrekk mars, Varanger Kraft",
        "amount_claimed": "3100.00",
    }
    claim = await rem.post("/claims", documented, headers=kari["headers"])
    assert (claim["status"], claim["amount"], claim["rule"]) == ("assessed", "2500.00", "REM-20")
    assert "employer statement" in claim["explanation"] and "2500.00" in claim["explanation"]
    assert claim["rate_version"].startswith("Reglement for godtgjøring")
    # The day cap holds across claims: nothing is left for a second claim the same day, from a second job.
    second_job = {**documented, "documentation_ref": "Lønnstrekk mars, Sør-Varanger Avis"}
    again = await rem.client.post("/claims", json=second_job, headers=kari["headers"])
    assert again.status_code == 422 and again.json()["rule"] == "REM-20"


async def test_rem20_undocumented_lost_earnings_of_a_self_employed_are_paid_by_the_hour(
    rem: Harness, kari: dict[str, Any]
) -> None:
    await profile(rem, kari, "self_employed")
    claim = await rem.post(
        "/claims",
        {"kind": "lost_earnings", "day": "2026-03-10", "hours": "3", "justification": "Stengte butikken"},
        headers=kari["headers"],
    )
    assert (claim["amount"], claim["rule"]) == ("360.00", "REM-20")


async def test_rem20_lost_earnings_need_the_earner_category(rem: Harness, kari: dict[str, Any]) -> None:
    response = await rem.client.post(
        "/claims",
        json={"kind": "lost_earnings", "day": "2026-03-10", "hours": "3", "justification": "Stengte butikken"},
        headers=kari["headers"],
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "earner_category"


async def test_rem70_childcare_is_capped_per_day_and_only_for_children_under_12(
    rem: Harness, kari: dict[str, Any]
) -> None:
    care = {
        "kind": "care_expenses",
        "day": "2026-02-02",
        "documented": True,
        "documentation_ref": "Faktura barnevakt",
        "care_kind": "child",
        "child_age": 7,
        "amount_claimed": "650.00",
    }
    claim = await rem.post("/claims", care, headers=kari["headers"])
    assert (claim["item_type"], claim["amount"], claim["rule"]) == ("care_expenses", "500.00", "REM-70")
    other_child = {**care, "day": "2026-02-03", "child_age": 12, "documentation_ref": "Faktura barnevakt 2"}
    too_old = await rem.client.post("/claims", json=other_child, headers=kari["headers"])
    assert too_old.status_code == 422 and too_old.json()["rule"] == "REM-70"


async def test_rem03_a_meeting_fee_is_claimed_where_no_secretariat_was_present(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    await council.seat("Ola", "member", "harbour-board", "harbour_board")
    await council.seat("Kari", "member", "harbour-board", "harbour_board")
    fee = {
        "kind": "meeting_fee",
        "day": "2026-03-12",
        "meeting_ref": "Befaring havna",
        "body_key": "harbour-board",
        "hours": "2",
    }
    claim = await rem.post("/claims", fee, headers=kari["headers"])
    assert (claim["item_type"], claim["amount"], claim["rule"]) == ("meeting_fee", "400.00", "REM-30")
    assert claim["details"]["body_type"] == "harbour_board"


async def test_a_claim_is_for_a_day_that_has_come(rem: Harness, kari: dict[str, Any]) -> None:
    response = await rem.client.post("/claims", json={**TRAVEL, "day": "2026-04-21"}, headers=kari["headers"])
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "day"


async def test_an_official_sees_only_her_own_claims(rem: Harness, council: Any, kari: dict[str, Any]) -> None:
    ola = await council.seat("Ola", "member")
    as_ola = rem.headers("remuneration:read", sub=ola)
    karis = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    olas = await rem.post("/claims", TRAVEL, headers=as_ola)
    # Another official's claim does not exist for her (404, not 403: its id reveals nothing).
    assert (await rem.client.get(f"/claims/{olas['id']}", headers=kari["headers"])).status_code == 404
    assert (await rem.client.get(f"/claims?person_id={ola}", headers=kari["headers"])).status_code == 403
    own = (await rem.client.get("/claims", headers=kari["headers"])).json()["items"]
    assert [c["id"] for c in own] == [karis["id"]]
    # She cannot claim for him, nor approve her own claim.
    await rem.post("/claims", {**TRAVEL, "person_id": ola}, 403, headers=kari["headers"])
    await rem.post(f"/claims/{karis['id']}/approve", None, 403, headers=kari["headers"])
    everyone = (await rem.client.get("/claims", headers=rem.headers("remuneration:write"))).json()["items"]
    assert {c["id"] for c in everyone} == {karis["id"], olas["id"]}


async def test_a_rejection_by_the_administration_names_the_reason_and_is_published(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    claim = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    admin = rem.headers("remuneration:write")
    rejected = await rem.post(
        f"/claims/{claim['id']}/reject", {"reason": "Reisen var ikke i kommunens regi"}, 200, headers=admin
    )
    assert (rejected["status"], rejected["explanation"]) == ("rejected", "Reisen var ikke i kommunens regi")
    assert [e["reason"] for e in await council.outbox(REJECTED)] == ["Reisen var ikke i kommunens regi"]
    await rem.post(f"/claims/{claim['id']}/approve", None, 409, headers=admin)


async def test_an_idempotency_key_replays_the_first_claim(rem: Harness, kari: dict[str, Any]) -> None:
    headers = {**kari["headers"], "Idempotency-Key": "travel-2026-03-10"}
    first = await rem.post("/claims", TRAVEL, headers=headers)
    again = await rem.client.post("/claims", json=TRAVEL, headers=headers)
    assert again.status_code == 201 and again.json()["id"] == first["id"]
    assert len((await rem.client.get("/claims", headers=kari["headers"])).json()["items"]) == 1


async def test_rem20_two_claims_sent_at_once_share_the_day_cap(rem: Harness, kari: dict[str, Any]) -> None:
    await profile(rem, kari, "self_employed")
    documented = {
        "kind": "lost_earnings",
        "day": "2026-03-10",
        "documented": True,
        "documentation_kind": "tax_assessment",
        "documentation_ref": "Skattemelding 2025",
        "amount_claimed": "2000.00",
    }
    two_clients = [documented, {**documented, "documentation_ref": "Timeliste, oppdrag Bugøynes"}]
    responses = await asyncio.gather(
        *(rem.client.post("/claims", json=claim, headers=kari["headers"]) for claim in two_clients)
    )
    assert sorted(r.json()["amount"] for r in responses) == ["2000.00", "500.00"]


# -- The same claim twice --------------------------------------------------------------------------


async def test_rem03_the_same_claim_sent_twice_without_an_idempotency_key_is_refused(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    first = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    # The same receipt for the same day, even with another amount or spacing: 409, nothing stored.
    again = await rem.client.post(
        "/claims",
        json={**TRAVEL, "amount_claimed": "99.00", "documentation_ref": " kvittering  77"},
        headers=kari["headers"],
    )
    assert again.status_code == 409 and again.headers["content-type"] == "application/problem+json"
    assert again.json()["existing_claim_id"] == first["id"]
    # Two sent at once: one is stored.
    other_day = {**TRAVEL, "day": "2026-03-11"}
    both = await asyncio.gather(
        *(rem.client.post("/claims", json=other_day, headers=kari["headers"]) for _ in range(2))
    )
    assert sorted(r.status_code for r in both) == [201, 409]
    assert len((await rem.client.get("/claims", headers=kari["headers"])).json()["items"]) == 2
    # Another official's claim on the same receipt is hers, not a duplicate; another receipt is another claim.
    ola = await council.seat("Ola", "member")
    await rem.post("/claims", TRAVEL, headers=rem.headers("remuneration:read", sub=ola))
    await rem.post("/claims", {**TRAVEL, "documentation_ref": "Kvittering 78"}, headers=kari["headers"])


async def test_rem03_a_claim_rejected_by_the_administration_can_be_sent_again(
    rem: Harness, kari: dict[str, Any]
) -> None:
    first = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    admin = rem.headers("remuneration:write")
    await rem.post(f"/claims/{first['id']}/reject", {"reason": "Beløpet mangler mva-spesifikasjon"}, 200, headers=admin)
    again = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    assert again["status"] == "assessed" and again["id"] != first["id"]


async def test_rem05_a_late_claim_sent_again_is_the_same_claim(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    council.set_clock(datetime(2026, 5, 3, 9, tzinfo=UTC))
    late = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    assert late["rule"] == "REM-05"
    # Two copies of a late claim could be admitted twice by overrides: the copy is refused.
    assert (await rem.client.post("/claims", json=TRAVEL, headers=kari["headers"])).status_code == 409


# -- REM-20: the documentation fits the earner category -------------------------------------------


async def test_rem20_a_wage_earners_loss_is_documented_by_the_employers_statement(
    rem: Harness, kari: dict[str, Any]
) -> None:
    await profile(rem, kari, "wage_earner")
    claim = {
        "kind": "lost_earnings",
        "day": "2026-03-10",
        "documented": True,
        "documentation_kind": "tax_assessment",
        "documentation_ref": "Skattemelding 2025",
        "amount_claimed": "1800.00",
    }
    refused = await rem.client.post("/claims", json=claim, headers=kari["headers"])
    assert refused.status_code == 422 and refused.json()["rule"] == "REM-20"
    assert refused.json()["errors"][0]["field"] == "documentation_kind"
    without = await rem.client.post("/claims", json={**claim, "documentation_kind": None}, headers=kari["headers"])
    assert without.status_code == 422 and without.json()["errors"][0]["field"] == "documentation_kind"
    assert (await rem.client.get("/claims", headers=kari["headers"])).json()["items"] == []
    paid = await rem.post("/claims", {**claim, "documentation_kind": "employer_statement"}, headers=kari["headers"])
    assert (paid["amount"], paid["rule"]) == ("1800.00", "REM-20")


# -- REM-70: two caps ----------------------------------------------------------------------------------


async def test_rem70_childcare_and_other_care_are_capped_apart_and_other_care_adds_its_hours(
    rem: Harness, kari: dict[str, Any]
) -> None:
    care = {"kind": "care_expenses", "day": "2026-02-02", "documented": True, "documentation_kind": "receipt"}
    child = {**care, "care_kind": "child", "child_age": 7}
    other = {**care, "care_kind": "other"}
    first = await rem.post(
        "/claims", {**child, "documentation_ref": "Barnevakt 1", "amount_claimed": "300.00"}, headers=kari["headers"]
    )
    second = await rem.post(
        "/claims", {**child, "documentation_ref": "Barnevakt 2", "amount_claimed": "300.00"}, headers=kari["headers"]
    )
    assert (first["amount"], second["amount"]) == ("300.00", "200.00")  # one day cap of 500 for childcare
    # Other care has its own cap: 120 an hour, the hours of the day's claims added.
    morning = await rem.post(
        "/claims",
        {**other, "documentation_ref": "Avlastning 1", "hours": "2", "amount_claimed": "200.00"},
        headers=kari["headers"],
    )
    evening = await rem.post(
        "/claims",
        {**other, "documentation_ref": "Avlastning 2", "hours": "2", "amount_claimed": "300.00"},
        headers=kari["headers"],
    )
    assert (morning["amount"], evening["amount"]) == ("200.00", "280.00")  # 120 × 4 h = 480, less 200
    full = await rem.client.post(
        "/claims",
        json={**child, "documentation_ref": "Barnevakt 3", "amount_claimed": "50.00"},
        headers=kari["headers"],
    )
    assert full.status_code == 422 and full.json()["rule"] == "REM-70"


# -- REM-11: the mayor's loss of pension ---------------------------------------------------------------


async def test_rem11_the_mayors_documented_pension_loss_is_paid_in_full_and_nobody_elses(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    mayor = await council.seat("Berit", "mayor")
    claim = {
        "kind": "pension_loss",
        "day": "2026-03-31",
        "documented": True,
        "documentation_kind": "pension_statement",
        "documentation_ref": "KLP: tapt opptjening 2026 Q1",
        "amount_claimed": "14850.00",
    }
    paid = await rem.post("/claims", claim, headers=rem.headers("remuneration:read", sub=mayor))
    assert (paid["item_type"], paid["amount"], paid["rule"], paid["status"]) == (
        "pension_loss",
        "14850.00",
        "REM-11",
        "assessed",
    )
    member = await rem.client.post("/claims", json=claim, headers=kari["headers"])
    assert member.status_code == 422 and member.json()["rule"] == "REM-11"
    terms = (await rem.client.get(f"/officials/{mayor}/terms?on=2026-03-31", headers=rem.headers())).json()
    assert terms["pension_loss"] == {"rule": "REM-11", "claim_kind": "pension_loss"}
    assert terms["sick_pay"]["weeks"] == 52 and terms["sick_pay"]["leave_reasons"] == ["health"]


# -- REM-40: a bought-out day is not also paid as lost earnings -----------------------------------------


async def test_rem40_the_first_day_claimed_in_a_month_is_the_bought_out_day(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    await council.seat("Kari", "member", "executive-committee", "executive_committee")  # §7 c: one day a month
    await profile(rem, kari, "wage_earner")
    claim = {
        "kind": "lost_earnings",
        "documented": True,
        "documentation_kind": "employer_statement",
        "amount_claimed": "1800.00",
    }
    march_5 = await rem.post(
        "/claims", {**claim, "day": "2026-03-05", "documentation_ref": "Trekk 5.3."}, headers=kari["headers"]
    )
    assert (march_5["status"], march_5["rule"], march_5["amount"]) == ("rejected", "REM-40", None)
    assert "bought-out day" in march_5["explanation"] and "1 day in 2026-03" in march_5["explanation"]
    assert [e["claim_id"] for e in await council.outbox(REJECTED)] == [march_5["id"]]
    # The second meeting day of March is paid; a second claim for 5 March is still the bought-out day.
    march_12 = await rem.post(
        "/claims", {**claim, "day": "2026-03-12", "documentation_ref": "Trekk 12.3."}, headers=kari["headers"]
    )
    assert (march_12["status"], march_12["amount"]) == ("assessed", "1800.00")
    again_5 = await rem.post(
        "/claims", {**claim, "day": "2026-03-05", "documentation_ref": "Trekk 5.3. kveld"}, headers=kari["headers"]
    )
    assert again_5["rule"] == "REM-40"
    # February is a month of its own; a council member without buyout is paid from the first day.
    feb = await rem.post(
        "/claims", {**claim, "day": "2026-02-05", "documentation_ref": "Trekk 5.2."}, headers=kari["headers"]
    )
    assert feb["rule"] == "REM-40"
    ola = await council.seat("Ola", "member")
    as_ola = {"id": ola, "headers": rem.headers("remuneration:read", sub=ola)}
    await profile(rem, as_ola, "wage_earner")
    olas = await rem.post(
        "/claims", {**claim, "day": "2026-03-05", "documentation_ref": "Trekk 5.3."}, headers=as_ola["headers"]
    )
    assert (olas["status"], olas["amount"]) == ("assessed", "1800.00")
