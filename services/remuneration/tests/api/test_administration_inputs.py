"""What the administration records that the register does not hold: severance cases (REM-12) and the
approved lists without a council seat (REM-60). Both enter the quarter's batch."""

from __future__ import annotations

from datetime import date
from typing import Any

from folkevalgt_shared.testing import Harness


async def test_rem60_an_unrepresented_list_gets_support_in_the_election_year(rem: Harness, council: Any) -> None:
    admin = rem.headers("remuneration:write", sub="saksbehandler-7")
    response = await rem.client.put("/party-lists/2027", json={"unrepresented": ["Rødt"]}, headers=admin)
    assert response.status_code == 200 and response.json()["version"] == 1, response.text
    council.set_clock(council.oslo(2027, 10, 1, 8))  # REM-04: paid once the quarter has ended
    batch = await rem.post("/batches", {"period": "2027Q3"})
    lines = (await rem.client.get(f"/batches/{batch['id']}/lines", headers=admin)).json()["items"]
    assert [
        (line["recipient_kind"], line["recipient_id"], line["item_type"], line["amount"], line["rule"])
        for line in lines
    ] == [("organisation", "Rødt", "party_support", "10000.00", "REM-60")]
    trail = (await rem.client.get("/audit?entity=party_lists&entity_id=2027", headers=admin)).json()
    assert [e["actor"] for e in trail] == ["saksbehandler-7"]
    kari = await council.seat("Kari", "member")
    politician = rem.headers("remuneration:read", sub=kari)
    assert (
        await rem.client.put("/party-lists/2027", json={"unrepresented": []}, headers=politician)
    ).status_code == 403


async def test_rem12_severance_waits_for_the_reference_salary_and_is_never_paid_as_zero(
    rem: Harness, council: Any
) -> None:
    mayor = await council.seat("Kari", "mayor")
    await council.end("Kari", "mayor", date(2026, 1, 31))
    case = {"person_id": mayor, "role": "mayor", "last_day_in_office": "2026-01-31", "has_job_to_return_to": True}
    recorded = await rem.post("/severance-cases", case)
    assert recorded["recorded_by"]
    await rem.post("/severance-cases", case, 409)
    batch = await rem.post("/batches", {"period": "2026Q1"})
    pending = {(p["item_type"], p["rule"]) for p in batch["rate_pending"]}
    # Model 1 pays the mayor a share of the chief executive's base salary, which is not set yet (REM-10).
    assert ("severance", "REM-12") in pending and ("fixed_pay", "REM-10") in pending
    lines = (await rem.client.get(f"/batches/{batch['id']}/lines", headers=rem.headers())).json()["items"]
    assert not [line for line in lines if line["item_type"] in ("severance", "fixed_pay")]
    listed = (await rem.client.get(f"/severance-cases?person_id={mayor}", headers=rem.headers())).json()
    assert [c["id"] for c in listed] == [recorded["id"]]
