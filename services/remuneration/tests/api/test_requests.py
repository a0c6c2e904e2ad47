"""What a request may carry and how a client changes things safely: bounded numbers, periods and dates (422
naming the parameter, never a 500), strict booleans, a person the register knows, Idempotency-Key on every
POST that changes state (a retry replays the first answer), If-Match on every PUT and DELETE (412 when stale)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from folkevalgt_shared.contracts import PersonChangedV1
from folkevalgt_shared.inputs import INT64_MAX
from folkevalgt_shared.testing import Harness
from folkevalgt_shared.types import utcnow

POSITION_MAX = 2**31 - 1
TRAVEL = {"kind": "travel", "day": "2026-03-10", "amount_claimed": "412.50", "documentation_ref": "Kvittering 77"}
BASIS = "Avtale med Statens vegvesen om møtegodtgjørelse for trafikksikkerhetsutvalget"


def fields(response: httpx.Response) -> set[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return {e["field"] for e in response.json()["errors"]}


@pytest.fixture
async def kari(rem: Harness, council: Any) -> dict[str, Any]:
    """A council member, in the app as herself, on a day in April 2026 (Q1's claims are in time)."""
    person = await council.seat("Kari", "member")
    council.set_clock(datetime(2026, 4, 20, 10, tzinfo=UTC))
    return {"id": person, "headers": rem.headers("remuneration:read", sub=person)}


@pytest.fixture
async def held(council: Any) -> str:
    """Kari in the council and a council meeting she attended in February 2026: Q1 has fees to pay."""
    await council.seat("Kari", "member")
    return str(await council.meeting("municipal-council", council.oslo(2026, 2, 5), ["Kari"]))


# --- bounded input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parameter", "largest"),
    [
        ("/payroll/lines?after={}", "query.after", INT64_MAX),
        ("/payroll/lines.csv?after={}", "query.after", INT64_MAX),
        ("/payroll/lines.csv?limit={}", "query.limit", INT64_MAX),
        ("/batches/{batch}/lines?after={}", "query.after", POSITION_MAX),  # a position within one batch
        ("/people/{person}/lines?after={}", "query.after", INT64_MAX),
    ],
)
async def test_a_cursor_or_limit_beyond_its_column_is_refused_naming_it_and_the_largest_is_read(
    rem: Harness, held: str, path: str, parameter: str, largest: int
) -> None:
    batch = await rem.post("/batches", {"period": "2026Q1"})
    url = path.replace("{batch}", batch["id"]).replace("{person}", str(uuid.uuid4()))
    headers = rem.headers("payroll:read", "remuneration:write")
    assert fields(await rem.client.get(url.format(largest + 1), headers=headers)) == {parameter}
    response = await rem.client.get(url.format(largest), headers=headers)
    assert response.status_code == 200, response.text


async def test_rem34_what_if_names_an_empty_period_or_model_and_computes_nothing(rem: Harness) -> None:
    admin = rem.headers("remuneration:write")
    assert fields(await rem.client.get("/what-if?model=1&period=", headers=admin)) == {"query.period"}
    assert fields(await rem.client.get("/what-if?model=&period=2026Q1", headers=admin)) == {"query.model"}
    assert fields(await rem.client.get("/what-if?model=1&period=0000Q1", headers=admin)) == {"query.period"}
    assert (await rem.client.get("/what-if?model=1&period=2026Q1", headers=admin)).status_code == 200


@pytest.mark.parametrize("period", ["0000Q1", "1899Q4", "2100Q1", "99999Q1", "2026Q5", "2026-13", "١٩٩٩Q1", ""])
async def test_rem04_a_batch_for_a_period_outside_the_platforms_years_is_refused_and_nothing_is_computed(
    rem: Harness, period: str
) -> None:
    response = await rem.client.post("/batches", json={"period": period}, headers=rem.headers())
    assert fields(response) == {"body.period"}
    assert (await rem.client.get("/batches", headers=rem.headers())).json() == []


@pytest.mark.parametrize("path", ["/claims?period={}", "/batches?period={}", "/attendance?period={}"])
async def test_a_period_filter_outside_the_platforms_years_is_refused_naming_it(rem: Harness, path: str) -> None:
    for period in ("0000Q1", "2100Q1"):
        assert fields(await rem.client.get(path.format(period), headers=rem.headers())) == {"query.period"}
    assert (await rem.client.get(path.format("2099Q4"), headers=rem.headers())).status_code == 200


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
async def test_rem12_whether_the_mayor_has_a_job_to_return_to_is_a_boolean_not_a_number_or_text(
    rem: Harness, council: Any, value: Any
) -> None:
    mayor = await council.seat("Kari", "mayor")
    case = {"person_id": mayor, "role": "mayor", "last_day_in_office": "2026-01-31", "has_job_to_return_to": value}
    response = await rem.client.post("/severance-cases", json=case, headers=rem.headers())
    assert fields(response) == {"body.has_job_to_return_to"}
    assert (await rem.client.get("/severance-cases", headers=rem.headers())).json() == []


@pytest.mark.parametrize("value", [0, 1, "false", "no"])
async def test_rem60_whether_a_year_had_an_election_is_a_boolean_or_null(rem: Harness, value: Any) -> None:
    body = {"unrepresented": ["Rødt"], "election_year": value}
    assert fields(await rem.client.put("/party-lists/2027", json=body, headers=rem.headers())) == {"body.election_year"}
    assert (await rem.client.get("/party-lists/2027", headers=rem.headers())).status_code == 404
    stored = await rem.client.put("/party-lists/2027", json={**body, "election_year": None}, headers=rem.headers())
    assert stored.status_code == 200 and stored.json()["election_year"] is None


@pytest.mark.parametrize(
    "change",
    [
        {"remote": 0},
        {"documented": "true"},
        {"child_age": "7"},
        {"day": "0001-01-01"},
        {"amount_claimed": "１２３"},
        {"attended_from": "2026-03-10T18:00:00", "attended_to": "2026-03-10T21:00:00+01:00"},
    ],
)
async def test_a_claim_with_lax_or_out_of_range_fields_is_refused_naming_them(
    rem: Harness, kari: dict[str, Any], change: dict[str, Any]
) -> None:
    response = await rem.client.post("/claims", json={**TRAVEL, **change}, headers=kari["headers"])
    named = fields(response)
    assert named and named <= {f"body.{name}" for name in change}, named
    assert (await rem.client.get("/claims", headers=kari["headers"])).json()["items"] == []


# --- a person the register knows -------------------------------------------------------------------------------


def _severance(person: str) -> dict[str, Any]:
    return {"person_id": person, "role": "mayor", "last_day_in_office": "2026-01-31", "has_job_to_return_to": True}


def _equivalent(person: str) -> dict[str, Any]:
    return {"person_id": person, "body_key": "municipal-council", "start_date": "2026-01-01", "basis": BASIS}


def _loss_basis(person: str) -> dict[str, Any]:
    return {"person_id": person, "kind": "no_loss", "start_date": "2026-01-01"}


def _claim(person: str) -> dict[str, Any]:
    return {**TRAVEL, "person_id": person}


@pytest.mark.parametrize(
    ("path", "body", "listing"),
    [
        ("/severance-cases", _severance, "/severance-cases"),
        ("/equivalent-remuneration", _equivalent, "/equivalent-remuneration"),
        ("/loss-bases", _loss_basis, "/loss-bases"),
        ("/claims", _claim, "/claims"),
    ],
)
async def test_a_person_unknown_to_the_register_is_refused_naming_body_person_id_and_nothing_is_written(
    rem: Harness, council: Any, kari: dict[str, Any], path: str, body: Any, listing: str
) -> None:
    admin = rem.headers("remuneration:read", "remuneration:write")
    stranger = str(uuid.uuid4())
    response = await rem.client.post(path, json=body(stranger), headers=admin)
    assert fields(response) == {"body.person_id"}
    assert stranger in response.json()["detail"]
    assert [e["code"] for e in response.json()["errors"]] == ["unknown_reference"]
    listed = (await rem.client.get(listing, headers=admin)).json()
    assert (listed["items"] if isinstance(listed, dict) else listed) == []
    assert (await rem.client.get("/audit?entity=official", headers=admin)).json() == []
    # The same request for a person the register knows (from her seat in the council) is taken.
    assert (await rem.client.post(path, json=body(kari["id"]), headers=admin)).status_code == 201


async def test_a_person_known_only_from_person_changed_is_known(rem: Harness, council: Any) -> None:
    person = uuid.uuid4()
    await council.deliver(PersonChangedV1(person_id=person, name="Randi Store", version=1, changed_at=utcnow()))
    await rem.post("/loss-bases", _loss_basis(str(person)))


# --- Idempotency-Key ----------------------------------------------------------------------------------------------


async def _twice(rem: Harness, path: str, body: Any, key: str, status: int) -> tuple[Any, Any]:
    headers = {**rem.headers(), "Idempotency-Key": key}
    first = await rem.client.post(path, json=body, headers=headers)
    again = await rem.client.post(path, json=body, headers=headers)
    assert first.status_code == again.status_code == status, (first.text, again.text)
    assert "Idempotent-Replayed" not in first.headers and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    return first.json(), again.json()


async def test_rem12_a_retried_severance_case_with_its_key_is_recorded_once(rem: Harness, council: Any) -> None:
    mayor = await council.seat("Kari", "mayor")
    first, _ = await _twice(rem, "/severance-cases", _severance(mayor), "severance-kari", 201)
    assert [c["id"] for c in (await rem.client.get("/severance-cases", headers=rem.headers())).json()] == [first["id"]]
    assert len((await rem.client.get("/audit?entity=official", headers=rem.headers())).json()) == 1
    # Without the key the same departure is a conflict, not a second case; the key with another body is refused.
    await rem.post("/severance-cases", _severance(mayor), 409)
    reused = await rem.client.post(
        "/severance-cases",
        json={**_severance(mayor), "has_job_to_return_to": False},
        headers={**rem.headers(), "Idempotency-Key": "severance-kari"},
    )
    assert fields(reused) == {"Idempotency-Key"}


async def test_rem31_a_retried_record_of_equivalent_remuneration_with_its_key_is_recorded_once(
    rem: Harness, council: Any
) -> None:
    kari = await council.seat("Kari", "member")
    await _twice(rem, "/equivalent-remuneration", _equivalent(kari), "equivalent-kari", 201)
    assert len((await rem.client.get("/equivalent-remuneration", headers=rem.headers())).json()) == 1


async def test_rem04_a_retried_batch_its_approval_and_its_payment_each_happen_once(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    council.set_clock(datetime(2026, 4, 20, 10, tzinfo=UTC))
    claim = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    approved, _ = await _twice(rem, f"/claims/{claim['id']}/approve", None, "approve-travel", 200)
    assert approved["status"] == "approved"
    await rem.post(f"/claims/{claim['id']}/approve", None, 409)  # without the key: already approved
    batch, _ = await _twice(rem, "/batches", {"period": "2026Q1"}, "batch-2026Q1", 201)
    assert [b["id"] for b in (await rem.client.get("/batches", headers=rem.headers())).json()] == [batch["id"]]
    approval, _ = await _twice(rem, f"/batches/{batch['id']}/approve", None, "approve-2026Q1", 200)
    assert approval["status"] == "approved"
    paid, _ = await _twice(rem, f"/batches/{batch['id']}/paid", {"paid_on": "2026-04-20"}, "paid-2026Q1", 200)
    assert paid["status"] == "paid"
    await rem.post(f"/batches/{batch['id']}/paid", {"paid_on": "2026-04-20"}, 409)  # without the key


async def test_rem05_a_retried_override_or_rejection_with_its_key_is_decided_once(
    rem: Harness, council: Any, kari: dict[str, Any]
) -> None:
    council.set_clock(datetime(2026, 5, 3, 9, tzinfo=UTC))
    late = await rem.post("/claims", TRAVEL, headers=kari["headers"])
    reason = {"reason": "Kvitteringen kom bort i posten; dokumentert av sekretariatet"}
    admitted, _ = await _twice(rem, f"/claims/{late['id']}/override", reason, "override-travel", 200)
    assert admitted["status"] == "assessed"
    trail = (await rem.client.get(f"/audit?entity=claim&entity_id={late['id']}", headers=rem.headers())).json()
    assert [e["action"] for e in trail] == ["late_claim_admitted"]
    refused = {"reason": "Reisen var ikke i kommunens regi"}
    rejected, _ = await _twice(rem, f"/claims/{late['id']}/reject", refused, "reject-travel", 200)
    assert rejected["status"] == "rejected"
    # A failed request stores nothing under its key: reassessing an assessed claim is a conflict each time.
    headers = {**rem.headers(), "Idempotency-Key": "assess-travel"}
    for _ in range(2):
        assert (await rem.client.post(f"/claims/{late['id']}/assess", headers=headers)).status_code == 409


# --- If-Match -----------------------------------------------------------------------------------------------------


async def test_an_earner_category_changed_since_the_etag_is_not_overwritten(rem: Harness, council: Any) -> None:
    kari = await council.seat("Kari", "member")
    admin = rem.headers()
    never = await rem.client.put(
        f"/officials/{kari}", json={"earner_category": "student"}, headers={**admin, "If-Match": '"1"'}
    )
    assert never.status_code == 412, never.text  # nothing recorded yet to match
    assert (await rem.client.get(f"/officials/{kari}", headers=admin)).status_code == 404
    first = await rem.client.put(f"/officials/{kari}", json={"earner_category": "student"}, headers=admin)
    assert first.status_code == 200 and first.headers["ETag"] == '"1"'
    read = await rem.client.get(f"/officials/{kari}", headers=admin)
    assert read.headers["ETag"] == '"1"'
    changed = await rem.client.put(
        f"/officials/{kari}", json={"earner_category": "pensioner"}, headers={**admin, "If-Match": read.headers["ETag"]}
    )
    assert changed.status_code == 200 and changed.headers["ETag"] == '"2"'
    stale = await rem.client.put(
        f"/officials/{kari}", json={"earner_category": "wage_earner"}, headers={**admin, "If-Match": '"1"'}
    )
    assert stale.status_code == 412 and stale.json()["current_version"] == 2
    assert (await rem.client.get(f"/officials/{kari}", headers=admin)).json()["earner_category"] == "pensioner"
    bad = await rem.client.put(
        f"/officials/{kari}", json={"earner_category": "wage_earner"}, headers={**admin, "If-Match": "yesterday"}
    )
    assert fields(bad) == {"If-Match"}


async def test_rem60_party_lists_changed_since_the_etag_are_not_overwritten(rem: Harness) -> None:
    admin = rem.headers()
    first = await rem.client.put("/party-lists/2027", json={"unrepresented": ["Rødt"]}, headers=admin)
    assert first.headers["ETag"] == '"1"'
    second = await rem.client.put(
        "/party-lists/2027", json={"unrepresented": ["Rødt", "MDG"]}, headers={**admin, "If-Match": 'W/"1"'}
    )
    assert second.status_code == 200 and second.json()["version"] == 2
    stale = await rem.client.put("/party-lists/2027", json={"unrepresented": []}, headers={**admin, "If-Match": '"1"'})
    assert stale.status_code == 412
    read = await rem.client.get("/party-lists/2027", headers=admin)
    assert read.json()["unrepresented"] == ["Rødt", "MDG"] and read.headers["ETag"] == '"2"'
    trail = (await rem.client.get("/audit?entity=party_lists&entity_id=2027", headers=admin)).json()
    assert len(trail) == 2


@pytest.mark.parametrize(("path", "body"), [("/equivalent-remuneration", _equivalent), ("/loss-bases", _loss_basis)])
async def test_a_record_is_withdrawn_only_at_the_version_the_client_saw(
    rem: Harness, council: Any, path: str, body: Any
) -> None:
    kari = await council.seat("Kari", "member")
    record = await rem.post(path, body(kari))
    assert record["version"] == 1
    stale = await rem.client.delete(f"{path}/{record['id']}", headers={**rem.headers(), "If-Match": '"2"'})
    assert stale.status_code == 412
    listed = (await rem.client.get(f"{path}?person_id={kari}", headers=rem.headers())).json()
    assert [(r["withdrawn_at"], r["version"]) for r in listed] == [(None, 1)]
    withdrawn = await rem.client.delete(f"{path}/{record['id']}", headers={**rem.headers(), "If-Match": '"1"'})
    assert withdrawn.status_code == 200 and withdrawn.json()["version"] == 2
    again = await rem.client.delete(f"{path}/{record['id']}", headers={**rem.headers(), "If-Match": '"1"'})
    assert again.status_code == 412


async def test_rem90_a_draft_batch_is_discarded_only_at_the_version_the_client_saw(rem: Harness, held: str) -> None:
    batch = await rem.post("/batches", {"period": "2026Q1"})
    read = await rem.client.get(f"/batches/{batch['id']}", headers=rem.headers())
    assert read.headers["ETag"] == '"1"' and read.json()["version"] == 1
    stale = await rem.client.delete(f"/batches/{batch['id']}", headers={**rem.headers(), "If-Match": '"0"'})
    assert stale.status_code == 412
    assert (await rem.client.get(f"/batches/{batch['id']}", headers=rem.headers())).status_code == 200
    gone = await rem.client.delete(f"/batches/{batch['id']}", headers={**rem.headers(), "If-Match": '"1"'})
    assert gone.status_code == 204


# --- who may read -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/rates", "/rates/versions", "/officials/{me}", "/attendance?period=2026Q1", "/claims", "/claims/{me}"]
)
async def test_reading_needs_remuneration_read_or_write(rem: Harness, path: str) -> None:
    me = str(uuid.uuid4())
    url = path.replace("{me}", me)
    assert (await rem.client.get(url)).status_code == 401
    other = await rem.client.get(url, headers=rem.headers("leave:read", sub=me))
    assert other.status_code == 403 and "remuneration:read" in other.json()["detail"]
    for scope in ("remuneration:read", "remuneration:write"):
        assert (await rem.client.get(url, headers=rem.headers(scope, sub=me))).status_code in (200, 403, 404)
