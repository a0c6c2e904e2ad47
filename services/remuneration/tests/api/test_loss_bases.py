"""Each official's lost-earnings rate for buyout (REM-40 at the REM-20 rates), recorded by the administration:
what may be recorded, who may read it, and the buyout the quarter's batch pays from it."""

from __future__ import annotations

from typing import Any

import pytest

from folkevalgt_shared.testing import Harness

ADMIN = ("remuneration:read", "remuneration:write")


@pytest.fixture
async def chair(rem: Harness, council: Any) -> dict[str, Any]:
    """Kari leads the harbour board (§7 b: bought out one day a month) and is a wage earner."""
    kari = await council.seat("Kari", "chair", "harbour-board", "harbour_board")
    response = await rem.client.put(
        f"/officials/{kari}", json={"earner_category": "wage_earner"}, headers=rem.headers()
    )
    assert response.status_code == 200, response.text
    council.set_clock(council.oslo(2026, 4, 2, 9))
    return {"id": kari, "headers": rem.headers("remuneration:read", sub=kari)}


def documented(person: str, **fields: Any) -> dict[str, Any]:
    return {
        "person_id": person,
        "kind": "documented",
        "day_loss": "2180.00",
        "documentation_kind": "employer_statement",
        "documentation_ref": "Arbeidsgivers bekreftelse, Sydvaranger",
        "start_date": "2026-01-01",
        **fields,
    }


async def buyout_lines(rem: Harness) -> list[dict[str, Any]]:
    batch = await rem.post("/batches", {"period": "2026Q1"})
    lines = (await rem.client.get(f"/batches/{batch['id']}/lines", headers=rem.headers())).json()["items"]
    return [line for line in lines if line["item_type"] == "buyout"]


async def test_rem40_the_batch_pays_buyout_at_the_officials_recorded_rate(
    rem: Harness, council: Any, chair: dict[str, Any]
) -> None:
    admin = rem.headers(*ADMIN, sub="lonnskontoret")
    basis = await rem.post("/loss-bases", documented(chair["id"]), headers=admin)
    assert (basis["day_loss"], basis["recorded_by"]) == ("2180.00", "lonnskontoret")
    lines = await buyout_lines(rem)
    assert [(line["earned_on"], line["amount"], line["rule"]) for line in lines] == [
        ("2026-01-01", "2180.00", "REM-40"),
        ("2026-02-01", "2180.00", "REM-40"),
        ("2026-03-01", "2180.00", "REM-40"),
    ]
    assert f"loss-basis:{basis['id']}" in lines[0]["sources"]


async def test_rem40_without_a_recorded_rate_the_buyout_waits_and_is_never_paid_flat(
    rem: Harness, chair: dict[str, Any]
) -> None:
    batch = await rem.post("/batches", {"period": "2026Q1"})
    pending = [p for p in batch["rate_pending"] if p["item_type"] == "buyout"]
    assert len(pending) == 3 and all(p["recipient_id"] == chair["id"] and p["rule"] == "REM-40" for p in pending)
    assert "buyout" not in batch["totals"]["by_item_type"]


async def test_rem40_no_loss_no_buyout_and_a_withdrawn_rate_is_taken_back(
    rem: Harness, council: Any, chair: dict[str, Any]
) -> None:
    basis = await rem.post("/loss-bases", documented(chair["id"]))
    batch = await rem.post("/batches", {"period": "2026Q1"})
    await rem.post(f"/batches/{batch['id']}/approve", None, 200)
    # The employer in fact released her with pay: no loss, so the buyout paid is taken back (REM-22, REM-90).
    admin = rem.headers(*ADMIN, sub="lonnskontoret")
    withdrawn = (await rem.client.delete(f"/loss-bases/{basis['id']}", headers=admin)).json()
    assert withdrawn["withdrawn_by"] == "lonnskontoret"
    await rem.post("/loss-bases", {"person_id": chair["id"], "kind": "no_loss", "start_date": "2026-01-01"})
    correction = await rem.post("/batches", {"period": "2026Q1"})
    lines = (await rem.client.get(f"/batches/{correction['id']}/lines", headers=rem.headers())).json()["items"]
    assert sorted(line["amount"] for line in lines if line["item_type"] == "buyout") == ["-2180.00"] * 3
    assert all(line["corrects"] for line in lines if line["item_type"] == "buyout")
    assert (await rem.client.delete(f"/loss-bases/{basis['id']}", headers=rem.headers())).status_code == 409


async def test_rem20_what_may_be_recorded_fits_the_earner_category(
    rem: Harness, council: Any, chair: dict[str, Any]
) -> None:
    wrong_paper = await rem.client.post(
        "/loss-bases", json=documented(chair["id"], documentation_kind="tax_assessment"), headers=rem.headers()
    )
    assert wrong_paper.status_code == 422 and wrong_paper.json()["rule"] == "REM-20"
    undocumented = {
        "person_id": chair["id"],
        "kind": "undocumented",
        "justification": "Skift",
        "start_date": "2026-01-01",
    }
    refused = await rem.client.post("/loss-bases", json=undocumented, headers=rem.headers())
    assert refused.status_code == 422 and refused.json()["rule"] == "REM-20"
    nothing = await rem.client.post("/loss-bases", json=documented(chair["id"], day_loss="0.00"), headers=rem.headers())
    assert nothing.status_code == 422 and nothing.json()["rule"] == "REM-22"
    # A self-employed fisherman may have his undocumented loss paid, on application.
    ola = await council.seat("Ola", "member", "executive-committee", "executive_committee")
    await rem.client.put(f"/officials/{ola}", json={"earner_category": "self_employed"}, headers=rem.headers())
    await rem.post("/loss-bases", {**undocumented, "person_id": ola, "justification": "Fisker, taper fangstdager"})
    unknown = await council.seat("Per", "member", "executive-committee", "executive_committee")
    no_category = await rem.client.post("/loss-bases", json=documented(unknown), headers=rem.headers())
    assert no_category.status_code == 422 and no_category.json()["errors"][0]["field"] == "earner_category"
    backwards = await rem.client.post(
        "/loss-bases", json=documented(chair["id"], end_date="2025-12-31"), headers=rem.headers()
    )
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "end_date"
    lines = await buyout_lines(rem)
    assert {(line["recipient_id"], line["amount"]) for line in lines} == {(ola, "1000.00")}


async def test_rem40_an_official_reads_her_own_rate_and_nobody_elses_and_cannot_record_one(
    rem: Harness, council: Any, chair: dict[str, Any]
) -> None:
    await rem.post("/loss-bases", documented(chair["id"]))
    own = await rem.client.get(f"/loss-bases?person_id={chair['id']}", headers=chair["headers"])
    assert own.status_code == 200 and [b["day_loss"] for b in own.json()] == ["2180.00"]
    ola = await council.seat("Ola", "member")
    assert (await rem.client.get(f"/loss-bases?person_id={ola}", headers=chair["headers"])).status_code == 403
    assert (await rem.client.get("/loss-bases", headers=chair["headers"])).status_code == 403
    raised = await rem.client.post(
        "/loss-bases", json=documented(chair["id"], day_loss="2500.00"), headers=chair["headers"]
    )
    assert raised.status_code == 403


async def test_rem40_recording_a_rate_again_with_its_idempotency_key_records_it_once(
    rem: Harness, chair: dict[str, Any]
) -> None:
    headers = {**rem.headers(*ADMIN), "Idempotency-Key": "rate-kari-2026"}
    first = await rem.post("/loss-bases", documented(chair["id"]), headers=headers)
    again = await rem.post("/loss-bases", documented(chair["id"]), headers=headers)
    assert again["id"] == first["id"]
    assert len((await rem.client.get(f"/loss-bases?person_id={chair['id']}", headers=rem.headers())).json()) == 1
