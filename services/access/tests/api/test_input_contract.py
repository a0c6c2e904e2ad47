"""What the API promises in its OpenAPI document, held to it: dates are ISO dates in range and booleans and
counts are JSON's own (never 0 for a date or "yes" for true); a method a resource lacks answers 405 with
that resource's Allow; every route needs a token and says which answers it gives; every POST takes an
Idempotency-Key and a retry with it changes nothing again."""

from __future__ import annotations

import uuid
from typing import Any

from access.cases.models import AccessCase
from access.declarations.models import Declaration
from access.documents.models import AccessDocument
from access.grants.models import Grant


async def test_acc22_a_declaration_is_signed_on_an_iso_date_not_a_number_and_nothing_is_written(world: Any) -> None:
    client, headers = world.h.client, world.secretariat
    person = await world.seat("Kari")
    for signed_on in (0, 1700000000, 0.5, "0", "1700000000", "2026-1-5", "1899-12-31", "2100-01-01", True):
        refused = await client.post(
            "/declarations", json={"person_id": person, "signed_on": signed_on}, headers=headers
        )
        world.problem(refused, 422, field="body.signed_on")
    refused = await client.post(
        "/declarations", json={"person_id": person, "signed_on": "2026-01-05", "valid_until": 20270105}, headers=headers
    )
    world.problem(refused, 422, field="body.valid_until")
    assert await world.count(Declaration) == 0
    # The boundary of the range is a date like any other.
    world.ok(
        await client.post("/declarations", json={"person_id": person, "signed_on": "1900-01-01"}, headers=headers), 201
    )


async def test_booleans_and_counts_are_json_booleans_and_integers(world: Any) -> None:
    await world.register_case("2026/118")
    client, headers = world.h.client, world.case_system
    document = {"case_number": "2026/118", "external_id": "2026/118-1", "title": "Brev"}
    for value in (0, 1, "true", "yes"):
        refused = await client.post("/documents", json={**document, "exempt_from_party_access": value}, headers=headers)
        world.problem(refused, 422, field="body.exempt_from_party_access")
        world.problem(
            await client.patch("/cases/2026/118", json={"title_screened": value}, headers=headers),
            422,
            field="body.title_screened",
        )
        world.problem(
            await client.post(
                f"/requests/{uuid.uuid4()}/assessment",
                json={"disqualified": value, "reason": "Nær slekt av part."},
                headers=headers,
            ),
            422,
            field="body.disqualified",
        )
    world.problem(
        await client.post("/documents", json={**document, "document_date": 20260201}, headers=headers),
        422,
        field="body.document_date",
    )
    grant = {
        "kind": "third",
        "body_key": "living-conditions-committee",
        "decision_ref": "LK 012/26",
        "decided_on": world.now.date().isoformat(),
        "target_body": "executive-committee",
        "body_seats": 9,
    }
    for votes in ("3", 3.0, True):
        refused = await client.post("/grants", json={**grant, "votes_for": votes}, headers=world.secretariat)
        world.problem(refused, 422, field="body.votes_for")
    assert await world.count(AccessDocument) == 0 and await world.count(Grant) == 0
    case = world.ok(await client.get("/cases/2026/118", headers=headers))
    assert case["version"] == 1 and case["title_screened"] is False


async def test_acc70_the_audit_trail_is_filtered_from_a_moment_with_its_offset_never_a_number(world: Any) -> None:
    client, headers = world.h.client, world.auditor
    for since in ("0.5", "1700000000", "0", "2026-01-01T00:00:00", "2026-01-01", "1899-12-31T23:00:00Z"):
        world.problem(await client.get("/audit", params={"since": since}, headers=headers), 422, field="query.since")
    world.problem(await client.get("/audit", params={"before_seq": 2**63}, headers=headers), 422, field="before_seq")
    world.problem(await client.get("/audit", params={"before_seq": 0}, headers=headers), 422, field="before_seq")
    assert world.ok(await client.get("/audit", params={"since": "2026-01-01T00:00:00+01:00"}, headers=headers)) == {
        "items": [],
        "next": None,
    }


async def test_a_cases_document_listing_is_not_taken_for_a_case_numbered_with_documents(world: Any) -> None:
    await world.register_case("2026/118")
    client, headers = world.h.client, world.case_system
    for method in ("PATCH", "PUT", "DELETE", "POST"):
        refused = await client.request(method, "/cases/2026/118/documents", json={"title": "x"}, headers=headers)
        world.problem(refused, 405)
        assert refused.headers["Allow"] == "GET"
    # The case itself answers GET and PATCH, a case numbered with slashes too.
    options = await client.options("/cases/2026/118", headers=headers)
    assert options.status_code == 405 and options.headers["Allow"] == "GET, PATCH"
    changed = await client.patch("/cases/2026/118", json={"competition_group": "tomt"}, headers=headers)
    assert world.ok(changed)["competition_group"] == "tomt"
    listing = world.ok(
        await client.get("/cases/2026/118/documents", params={"person": world.person("Kari")}, headers=headers)
    )
    assert listing["case"]["case_number"] == "2026/118"
    # A case number that would end like the listing has no address of its own: refused, not stored.
    refused = await client.post("/cases", json={"case_number": "2026/documents", "title": "Sak"}, headers=headers)
    world.problem(refused, 422, field="body.case_number")
    assert await world.count(AccessCase) == 1
    # …while one that merely contains the word is a case like any other.
    await world.register_case("2026/documents-1")
    assert world.ok(await client.get("/cases/2026/documents-1", headers=headers))["case_number"] == "2026/documents-1"


async def test_every_route_needs_a_token_and_documents_401_and_403_and_every_post_its_idempotency_key(
    world: Any,
) -> None:
    document = world.h.app.openapi()
    checked = 0
    for path, item in document["paths"].items():
        if path == "/events" or path.startswith("/ops/") or path.startswith("/health"):
            continue
        for method, operation in item.items():
            checked += 1
            assert operation.get("security") == [{"bearer": []}], (method, path)
            assert {"401", "403"} <= set(operation["responses"]), (method, path)
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            if method == "post":
                assert "Idempotency-Key" in headers, path
    assert checked >= 30
    dispute = document["paths"]["/requests/{request_id}/dispute"]["post"]
    assert dispute["x-required-scopes"] == ["access:read", "access:decide", "access:write"]


async def test_acc42_only_the_official_concerned_disputes_and_the_refusal_is_the_documented_403(world: Any) -> None:
    await world.seat("Kari")
    await world.register_case("2026/118")
    asked = await world.ask("Kari", case_number="2026/118")
    client = world.h.client
    body = {"reason": "Jeg er uenig i vurderingen."}
    refused = await client.post(f"/requests/{asked['id']}/dispute", json=body, headers=world.secretariat)
    world.problem(refused, 403)
    # Another official's request does not exist for Per.
    await world.seat("Per")
    world.problem(await client.post(f"/requests/{asked['id']}/dispute", json=body, headers=world.official("Per")), 404)
    unchanged = world.ok(await client.get(f"/requests/{asked['id']}", headers=world.official("Kari")))
    assert unchanged["version"] == asked["version"] and unchanged["status"] == asked["status"]


async def test_a_withdrawal_retried_with_its_key_is_replayed_and_without_it_is_refused(world: Any) -> None:
    await world.seat("Kari")
    declaration = await world.declare("Kari")
    client = world.h.client
    headers = {**world.secretariat, "Idempotency-Key": f"withdraw-{declaration['id']}"}
    body = {"reason": "Registrert ved en feil."}
    first = await client.post(f"/declarations/{declaration['id']}/withdraw", json=body, headers=headers)
    again = await client.post(f"/declarations/{declaration['id']}/withdraw", json=body, headers=headers)
    assert first.status_code == again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert first.json() == again.json() and first.json()["version"] == 2
    other = await client.post(
        f"/declarations/{declaration['id']}/withdraw", json={"reason": "En annen grunn."}, headers=headers
    )
    world.problem(other, 422, field="Idempotency-Key")
    world.problem(
        await client.post(f"/declarations/{declaration['id']}/withdraw", json=body, headers=world.secretariat), 409
    )
    entries = world.ok(await client.get("/audit", params={"action": "declaration_withdrawn"}, headers=world.auditor))
    assert len(entries["items"]) == 1
