"""Decisions for the case-management system, one or many at once, and the audit trail behind every decision
(ACC-70): who, what, when, why, the outcome; append-only, hash-chained, verifiable."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from access.audit.models import AuditEntry


async def test_acc70_may_x_see_y_by_id_or_archive_id_one_or_many(world: Any) -> None:
    kari = await world.seat("Kari", "member")
    await world.declare("Kari")
    await world.register_case("2026/600", finished_at=world.now.isoformat())
    one = await world.register_document(
        "2026/600", "600-1", restriction_code="UO", screening_basis=world.INTERNAL, screening_scope="whole"
    )
    two = await world.register_document(
        "2026/600", "600-2", restriction_code="UO", screening_basis=world.CONFIDENTIAL, screening_scope="whole"
    )
    client, headers = world.h.client, world.case_system
    by_id = world.ok(await client.get("/decisions", params={"person": kari, "document": one["id"]}, headers=headers))
    assert by_id["decision"]["outcome"] == "allow" and set(by_id["decision"]["rules"]) >= {"ACC-01", "ACC-11"}
    by_archive = world.ok(
        await client.get("/decisions", params={"person": kari, "external_id": "600-2"}, headers=headers)
    )
    assert by_archive["decision"]["outcome"] == "deny" and by_archive["decision"]["scope"] == "metadata"
    batch = world.ok(
        await client.post(
            "/decisions/batch",
            json={"person_id": kari, "document_ids": [two["id"]], "external_ids": ["600-1"]},
            headers=headers,
        )
    )
    assert [i["document_id"] for i in batch["items"]] == [two["id"], one["id"]]
    assert [i["decision"]["outcome"] for i in batch["items"]] == ["deny", "allow"]
    unknown = await client.post(
        "/decisions/batch",
        json={"person_id": kari, "document_ids": [one["id"], str(uuid.uuid4())], "external_ids": ["nope"]},
        headers=headers,
    )
    assert [e["field"] for e in world.problem(unknown, 422)["errors"]] == ["body.document_ids.1", "body.external_ids.0"]
    world.problem(await client.get("/decisions", params={"person": kari}, headers=headers), 422, field="document")
    world.problem(
        await client.get("/decisions", params={"person": kari, "document": one["id"]}, headers=world.official("Kari")),
        403,
    )


async def test_acc70_every_decision_is_in_the_audit_trail_which_verifies(world: Any) -> None:
    kari = await world.seat("Kari", "member")
    await world.register_case("2026/601", finished_at=world.now.isoformat())
    doc = await world.register_document(
        "2026/601", "601-1", restriction_code="UO", screening_basis=world.INTERNAL, screening_scope="whole"
    )
    await world.listing("Kari", "2026/601")
    await world.decide("Kari", doc["id"])
    client = world.h.client
    world.problem(await client.get("/audit", headers=world.official("Kari")), 403)
    trail = world.ok(await client.get("/audit", params={"person_id": kari}, headers=world.auditor))["items"]
    assert [e["action"] for e in trail] == ["decide", "list_case_documents"]
    decided = trail[0]
    assert (decided["actor"], decided["document_id"], decided["outcome"]) == (
        "case-management-system",
        doc["id"],
        "deny",
    )
    assert decided["rules"] == ["ACC-22"] and decided["reason"]
    everything = world.ok(await client.get("/audit", params={"limit": 2}, headers=world.auditor))
    rest = world.ok(
        await client.get(
            everything["next"].split("/audit", 1)[1] and "/audit",
            params={"limit": 500, "before_seq": everything["items"][-1]["seq"]},
            headers=world.auditor,
        )
    )
    seqs = [e["seq"] for e in everything["items"] + rest["items"]]
    assert seqs == list(range(len(seqs), 0, -1))
    verified = world.ok(await client.get("/audit/verify", headers=world.auditor))
    assert verified["valid"] and verified["entries"] == len(seqs) and verified["head"] == everything["items"][0]["hash"]


async def test_acc70_the_trail_refuses_update_and_delete_and_tampering_behind_its_back_is_found(
    world: Any, backend: str
) -> None:
    await world.register_case("2026/602")
    await world.register_case("2026/603")
    engine = world.h.app.state.db.engine
    for statement in ("UPDATE access_audit SET outcome = 'allow'", "DELETE FROM access_audit WHERE seq = 1"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as conn:
                await conn.execute(text(statement))
    assert await world.count(AuditEntry) == 2
    # Someone with the database owner's power switches the guard off and edits an entry: the chain shows it.
    async with engine.begin() as conn:
        if backend == "postgres":
            await conn.execute(text("ALTER TABLE access_audit DISABLE TRIGGER access_audit_append_only"))
        else:
            await conn.execute(text("DROP TRIGGER access_audit_no_update"))
        await conn.execute(text("UPDATE access_audit SET actor = 'someone-else' WHERE seq = 1"))
        if backend == "postgres":
            await conn.execute(text("ALTER TABLE access_audit ENABLE TRIGGER access_audit_append_only"))
    verified = world.ok(await world.h.client.get("/audit/verify", headers=world.auditor))
    assert (verified["valid"], verified["broken_at"], verified["entries"]) == (False, 1, 0)
    assert "altered" in verified["problem"]
