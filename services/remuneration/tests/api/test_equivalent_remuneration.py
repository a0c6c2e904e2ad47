"""Equivalent remuneration under law or special agreement (REM-31): recorded by the administration, audited;
the meeting fee lapses in the batch, in what-if and for claims; withdrawn, the fee is owed again through a
correction line (REM-90). Lost earnings are not affected."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from folkevalgt_shared.testing import Harness

BASIS = "Avtale med Statens vegvesen om møtegodtgjørelse for trafikksikkerhetsutvalget"


@pytest.fixture
async def quarter(rem: Harness, council: Any) -> dict[str, str]:
    """Kari and Ola in the council, Kari also on the harbour board; one council meeting (both) and one harbour
    board meeting (Kari) in February 2026."""
    await council.seat("Kari", "member")
    await council.seat("Ola", "member")
    await council.seat("Kari", "member", "harbour-board", "harbour_board")
    return {
        "council": await council.meeting("municipal-council", council.oslo(2026, 2, 5), ["Kari", "Ola"]),
        "harbour": await council.meeting("harbour-board", council.oslo(2026, 2, 10), ["Kari"]),
    }


async def fee_lines(rem: Harness, batch: dict[str, Any]) -> list[dict[str, Any]]:
    response = await rem.client.get(f"/batches/{batch['id']}/lines", headers=rem.headers("remuneration:write"))
    assert response.status_code == 200, response.text
    return [line for line in response.json()["items"] if line["item_type"] == "meeting_fee"]


async def active_fees(rem: Harness) -> str:
    response = await rem.client.get("/what-if?period=2026Q1&model=1", headers=rem.headers("remuneration:write"))
    assert response.status_code == 200, response.text
    return str(next(i["active"] for i in response.json()["by_item_type"] if i["item_type"] == "meeting_fee"))


async def test_rem31_a_recorded_meeting_pays_no_fee_in_the_batch_nor_in_what_if(
    rem: Harness, council: Any, quarter: dict[str, str]
) -> None:
    kari, ola = council.people["Kari"], council.people["Ola"]
    assert await active_fees(rem) == "1200.00"
    admin = rem.headers("remuneration:write", sub="saksbehandler-3")
    record = await rem.post(
        "/equivalent-remuneration", {"person_id": kari, "meeting_id": quarter["council"], "basis": BASIS}, headers=admin
    )
    assert (record["recorded_by"], record["withdrawn_at"], record["basis"]) == ("saksbehandler-3", None, BASIS)
    assert await active_fees(rem) == "800.00"
    batch = await rem.post("/batches", {"period": "2026Q1"})
    paid = sorted((f["recipient_id"], f["earned_on"]) for f in await fee_lines(rem, batch))
    assert paid == sorted([(ola, "2026-02-05"), (kari, "2026-02-10")])
    listed = (await rem.client.get(f"/equivalent-remuneration?person_id={kari}", headers=admin)).json()
    assert [r["id"] for r in listed] == [record["id"]]
    assert (await rem.client.get(f"/equivalent-remuneration?person_id={ola}", headers=admin)).json() == []
    trail = (await rem.client.get(f"/audit?entity=official&entity_id={kari}", headers=admin)).json()
    assert [(e["action"], e["actor"], e["details"]["basis"]) for e in trail] == [
        ("equivalent_remuneration_recorded", "saksbehandler-3", BASIS)
    ]


async def test_rem31_a_paid_fee_is_taken_back_with_the_reason_and_owed_again_once_withdrawn(
    rem: Harness, council: Any, quarter: dict[str, str]
) -> None:
    kari = council.people["Kari"]
    first = await rem.post("/batches", {"period": "2026Q1"})
    await rem.post(f"/batches/{first['id']}/approve", None, 200)
    (harbour_fee,) = [f for f in await fee_lines(rem, first) if f["earned_on"] == "2026-02-10"]
    span = {"person_id": kari, "body_key": "harbour-board", "start_date": "2026-01-01", "basis": BASIS}
    record = await rem.post("/equivalent-remuneration", span)

    # REM-90/91: the approved line stays; a correction takes it back and says why.
    second = await rem.post("/batches", {"period": "2026Q1"})
    (taken_back,) = await fee_lines(rem, second)
    assert (taken_back["corrects"], taken_back["amount"]) == (harbour_fee["line_id"], "-400.00")
    assert "REM-31" in taken_back["explanation"] and BASIS in taken_back["explanation"]
    assert second["totals"]["lines"] == 1
    await rem.post(f"/batches/{second['id']}/approve", None, 200)

    response = await rem.client.delete(f"/equivalent-remuneration/{record['id']}", headers=rem.headers())
    assert response.status_code == 200 and response.json()["withdrawn_by"], response.text
    third = await rem.post("/batches", {"period": "2026Q1"})
    (owed_again,) = await fee_lines(rem, third)
    assert (owed_again["corrects"], owed_again["amount"]) == (taken_back["line_id"], "400.00")
    assert owed_again["sources"] == harbour_fee["sources"]
    again = await rem.client.delete(f"/equivalent-remuneration/{record['id']}", headers=rem.headers())
    assert again.status_code == 409, again.text
    missing = await rem.client.delete(f"/equivalent-remuneration/{uuid.uuid4()}", headers=rem.headers())
    assert missing.status_code == 404
    trail = (await rem.client.get(f"/audit?entity=official&entity_id={kari}", headers=rem.headers())).json()
    assert [e["action"] for e in trail] == ["equivalent_remuneration_withdrawn", "equivalent_remuneration_recorded"]


async def test_rem31_no_fee_is_claimed_for_a_body_whose_fees_lapse_but_lost_earnings_are(
    rem: Harness, council: Any
) -> None:
    kari = await council.seat("Kari", "member", "harbour-board", "harbour_board")
    await council.meeting("harbour-board", council.oslo(2026, 2, 10), ["Kari"], secretariat_present=False)
    await rem.post(
        "/equivalent-remuneration",
        {"person_id": kari, "body_key": "harbour-board", "start_date": "2026-02-01", "end_date": "2026-02-28"}
        | {"basis": BASIS},
    )
    council.set_clock(council.oslo(2026, 3, 31))
    as_kari = rem.headers("remuneration:read", sub=kari)
    await rem.client.put(f"/officials/{kari}", json={"earner_category": "self_employed"}, headers=as_kari)
    claim = {"kind": "meeting_fee", "day": "2026-02-10", "body_key": "harbour-board", "meeting_ref": "Havnestyret"}
    refused = await rem.client.post("/claims", json={**claim, "hours": "3"}, headers=as_kari)
    assert refused.status_code == 422 and refused.json()["rule"] == "REM-31", refused.text
    assert BASIS in refused.json()["detail"]
    lost = {"kind": "lost_earnings", "day": "2026-02-10", "hours": "3", "justification": "Havnestyret, 3 t"}
    assert (await rem.post("/claims", lost, headers=as_kari))["amount"] == "360.00"


async def test_rem31_only_the_administration_records_equivalent_remuneration(
    rem: Harness, council: Any, quarter: dict[str, str]
) -> None:
    kari = council.people["Kari"]
    politician = rem.headers("remuneration:read", sub=kari)
    body = {"person_id": kari, "meeting_id": quarter["council"], "basis": BASIS}
    assert (await rem.client.post("/equivalent-remuneration", json=body, headers=politician)).status_code == 403
    assert (await rem.client.get("/equivalent-remuneration", headers=politician)).status_code == 403
    assert (await rem.client.get("/equivalent-remuneration", headers=rem.headers())).json() == []


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"body_key": "harbour-board", "start_date": "2026-01-01"}, {"meeting_id", "body_key"}),  # both
        ({"meeting_id": None}, {"meeting_id", "body_key"}),  # neither
        ({"start_date": "2026-01-01"}, {"start_date"}),  # a span with one meeting
        ({"meeting_id": None, "body_key": "harbour-board"}, {"start_date"}),  # a body without its first day
        (
            {"meeting_id": None, "body_key": "harbour-board", "start_date": "2026-03-01", "end_date": "2026-02-01"},
            {"end_date"},
        ),
        ({"basis": "   "}, {"body.basis"}),
        ({"person_id": "kari"}, {"body.person_id"}),
    ],
)
async def test_rem31_invalid_equivalent_remuneration_names_the_field_and_stores_nothing(
    rem: Harness, council: Any, quarter: dict[str, str], change: dict[str, Any], fields: set[str]
) -> None:
    body = {"person_id": council.people["Kari"], "meeting_id": quarter["council"], "basis": BASIS} | change
    response = await rem.client.post("/equivalent-remuneration", json=body, headers=rem.headers())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert {e["field"] for e in response.json()["errors"]} == fields
    assert (await rem.client.get("/equivalent-remuneration", headers=rem.headers())).json() == []
    assert (await rem.client.get("/audit?entity=official", headers=rem.headers())).json() == []
