"""A body that refers to another record by id — a person, a request, a case, a document — is refused with a 422
naming that body field when the record is unknown, and nothing is written; a 404 would say the route itself
does not exist. The one exception is an official's own request for a document, where an unknown document is
treated like a hidden one (ACC-71)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from access.audit.models import AuditEntry
from access.declarations.models import Declaration
from access.disputes.models import DisputeDecision
from access.facts.models import Disqualification
from access.grants.models import Grant
from access.requests.models import AccessRequest

BODY = "living-conditions-committee"


def only_field(body: dict[str, Any]) -> list[str]:
    return [e["field"] for e in body["errors"]]


async def test_acc22_a_declaration_names_a_person_the_register_knows(world: Any) -> None:
    client = world.h.client
    stranger = str(uuid.uuid4())
    refused = await client.post(
        "/declarations", json={"person_id": stranger, "signed_on": "2026-01-05"}, headers=world.secretariat
    )
    assert only_field(world.problem(refused, 422)) == ["body.person_id"]
    assert await world.count(Declaration) == 0 and await world.count(AuditEntry) == 0
    # Known from a membership that has ended: still the person the declaration is about.
    former = await world.seat("Tidligere", end=world.now.date() - timedelta(days=400))
    world.ok(
        await client.post(
            "/declarations", json={"person_id": former, "signed_on": "2023-10-02"}, headers=world.secretariat
        ),
        201,
    )


async def test_acc30_a_request_names_a_known_case_and_for_the_secretariat_a_known_person_and_document(
    world: Any,
) -> None:
    kari = await world.seat("Kari")
    await world.register_case("2026/118")
    other_case = await world.register_case("2026/119")
    document = await world.register_document(str(other_case["case_number"]), "2026/119-1")
    client = world.h.client
    audited = await world.count(AuditEntry)
    refused = await client.post("/requests", json={"case_number": "2026/999"}, headers=world.official("Kari"))
    assert only_field(world.problem(refused, 422)) == ["body.case_number"]
    for body, field in (
        ({"person_id": str(uuid.uuid4()), "case_number": "2026/118"}, "body.person_id"),
        ({"person_id": kari, "case_number": "2026/118", "document_id": str(uuid.uuid4())}, "body.document_id"),
        ({"person_id": kari, "case_number": "2026/118", "document_id": document["id"]}, "body.document_id"),
        ({"person_id": kari, "case_number": "2026/118", "external_id": "2026/118-77"}, "body.external_id"),
    ):
        refused = await client.post("/requests", json=body, headers=world.secretariat)
        assert only_field(world.problem(refused, 422)) == [field], body
    assert await world.count(AccessRequest) == 0 and await world.count(AuditEntry) == audited
    # ACC-71: an official cannot tell an unknown document from one screened from them; it is denied, not named.
    hidden = await world.ask("Kari", case_number="2026/118", document_id=str(uuid.uuid4()))
    assert hidden["outcome"] == "deny" and hidden["documents"] == []


async def test_acc42_a_dispute_decision_names_a_known_request_official_and_decider(world: Any) -> None:
    kari = await world.seat("Kari", "member", "administration-committee")
    mayor = await world.seat("Ordfører", "mayor")
    await world.register_case("2026/400")
    asked = await world.ask("Kari", case_number="2026/400", disclosure="Søsteren min er part i saken.")
    client = world.h.client
    body = {
        "person_id": kari,
        "case_number": "2026/400",
        "request_id": asked["id"],
        "decided_by": mayor,
        "disqualified": True,
        "reason": "Nær slekt av part, fvl § 6 b.",
        "decided_on": world.now.date().isoformat(),
    }
    for changes, fields in (
        ({"request_id": str(uuid.uuid4())}, ["body.request_id"]),
        ({"person_id": str(uuid.uuid4())}, ["body.person_id"]),
        ({"decided_by": str(uuid.uuid4())}, ["body.decided_by"]),
        ({"person_id": str(uuid.uuid4()), "decided_by": str(uuid.uuid4())}, ["body.person_id", "body.decided_by"]),
    ):
        refused = await client.post("/dispute-decisions", json={**body, **changes}, headers=world.secretariat)
        assert only_field(world.problem(refused, 422)) == fields, changes
    assert await world.count(DisputeDecision) == 0 and await world.count(Disqualification) == 0
    still = world.ok(await client.get(f"/requests/{asked['id']}", headers=world.secretariat))
    assert (still["status"], still["awaiting"]) == ("pending", "assessment")
    world.ok(await client.post("/dispute-decisions", json=body, headers=world.secretariat), 201)


async def test_acc70_a_batch_of_decisions_is_for_a_person_the_register_knows(world: Any) -> None:
    await world.register_case("2026/118")
    document = await world.register_document("2026/118", "2026/118-1")
    refused = await world.h.client.post(
        "/decisions/batch",
        json={"person_id": str(uuid.uuid4()), "document_ids": [document["id"]]},
        headers=world.case_system,
    )
    assert only_field(world.problem(refused, 422)) == ["body.person_id"]
    trail = world.ok(await world.h.client.get("/audit", params={"action": "decide_batch"}, headers=world.auditor))
    assert trail["items"] == []


async def test_acc04_acc21_a_grant_names_a_known_chair_and_known_documents(world: Any) -> None:
    await world.seat("Leder", "chair", BODY)
    await world.register_case("2026/500")
    known = await world.register_document("2026/500", "2026/500-1")
    client = world.h.client
    majority = {
        "kind": "majority",
        "body_key": BODY,
        "decision_ref": "LEV 014/26",
        "decided_on": world.now.date().isoformat(),
        "case_number": "2026/500",
    }
    stranger = str(uuid.uuid4())
    refused = await client.post(
        "/grants", json={**majority, "document_ids": [known["id"], stranger, known["id"]]}, headers=world.secretariat
    )
    assert only_field(world.problem(refused, 422)) == ["body.document_ids.1"]
    demand = {**majority, "kind": "body_demand", "case_numbers": ["2026/502"], "chair_id": stranger}
    refused = await client.post("/grants", json=demand, headers=world.secretariat)
    assert only_field(world.problem(refused, 422)) == ["body.chair_id"]
    assert await world.count(Grant) == 0
    world.ok(
        await client.post("/grants", json={**majority, "document_ids": [known["id"]]}, headers=world.secretariat), 201
    )
