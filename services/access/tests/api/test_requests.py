"""Requests for access (ACC-30, ACC-31, ACC-42): decided at once by the rules, or pending with a due time
when a person must act; published, audited, and only ever about the person asking."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from access.requests.models import AccessRequest

GRANTED = "no.folkevalgt.access.access.granted.v1"
DENIED = "no.folkevalgt.access.access.denied.v1"
OVERDUE = "no.folkevalgt.access.access.request.overdue.v1"


async def personnel_case(world: Any) -> dict[str, str]:
    await world.register_case("2026/400", owning_body="administration-committee")
    internal = await world.register_document(
        "2026/400", "i", restriction_code="UO", screening_basis=world.INTERNAL, screening_scope="whole"
    )
    secret = await world.register_document(
        "2026/400",
        "s",
        restriction_code="UO",
        screening_basis=world.CONFIDENTIAL,
        screening_scope="whole",
        screened_fields=["title"],
    )
    await world.present("2026/400", "administration-committee")
    return {"internal": internal["id"], "secret": secret["id"]}


async def test_acc30_a_request_is_decided_at_once_with_its_times_and_published(world: Any) -> None:
    await world.seat("Kari", "member", "administration-committee")
    await world.declare("Kari")
    ids = await personnel_case(world)
    allowed = await world.ask("Kari", case_number="2026/400", document_id=ids["internal"])
    assert (allowed["status"], allowed["outcome"], allowed["scope"]) == ("decided", "allow", "full")
    assert allowed["received_at"] == allowed["decided_at"] and allowed["due_at"] > allowed["received_at"]
    assert "ACC-04" in allowed["rules"] and allowed["documents"][0]["document_id"] == ids["internal"]
    denied = await world.ask("Kari", case_number="2026/400", document_id=ids["secret"])
    # ACC-71: a screened-title document the person may not see answers like one that does not exist.
    unknown = await world.ask("Kari", case_number="2026/400", document_id=str(uuid.uuid4()))
    for answer in (denied, unknown):
        assert (answer["outcome"], answer["scope"], answer["rules"], answer["documents"]) == (
            "deny",
            "none",
            ["ACC-71"],
            [],
        )
        assert answer["reason"] == "There is no document under this reference that you may see."
    whole = await world.ask("Kari", case_number="2026/400")
    assert whole["outcome"] == "allow" and [d["document_id"] for d in whole["documents"]] == [ids["internal"]]
    granted, refused = await world.outbox(GRANTED), await world.outbox(DENIED)
    assert [e["request_id"] for e in granted] == [allowed["id"], whole["id"]]
    assert [e["document_ids"] for e in refused] == [[], []]  # what the person may not know of never travels
    # The secretariat sees the whole truth of the same request.
    full = world.ok(await world.h.client.get(f"/requests/{denied['id']}", headers=world.secretariat))
    assert full["documents"][0]["listed"] is False and "ACC-20" in full["documents"][0]["decision"]["rules"]


async def test_an_official_asks_only_for_themself_and_sees_only_their_own_requests(world: Any) -> None:
    kari = await world.seat("Kari", "member")
    await world.seat("Per", "member")
    await world.register_case("2026/401")
    client = world.h.client
    world.problem(
        await client.post(
            "/requests", json={"case_number": "2026/401", "person_id": kari}, headers=world.official("Per")
        ),
        403,
    )
    assert await world.count(AccessRequest) == 0
    mine = await world.ask("Kari", case_number="2026/401")
    world.problem(await client.get(f"/requests/{mine['id']}", headers=world.official("Per")), 404)
    assert world.ok(await client.get("/requests", headers=world.official("Per")))["items"] == []
    assert [r["id"] for r in world.ok(await client.get("/requests", headers=world.official("Kari")))["items"]] == [
        mine["id"]
    ]
    world.problem(
        await client.post("/requests", json={"case_number": "2026/999"}, headers=world.official("Kari")),
        422,
        field="body.case_number",
    )
    world.problem(
        await client.post(
            "/requests",
            json={"case_number": "2026/401", "document_id": str(uuid.uuid4()), "question": "Når?"},
            headers=world.official("Kari"),
        ),
        422,
    )


async def test_acc42_a_disclosure_waits_for_the_assessment_then_the_mayor_decides_a_dispute(world: Any) -> None:
    kari = await world.seat("Kari", "member", "administration-committee")
    mayor = await world.seat("Ordfører", "mayor")
    deputy_mayor = await world.seat("Varaordfører", "deputy_mayor")
    await world.declare("Kari")
    ids = await personnel_case(world)
    pending = await world.ask(
        "Kari",
        case_number="2026/400",
        document_id=ids["internal"],
        disclosure="Søsteren min er en av de ansatte saken gjelder.",
    )
    assert (pending["status"], pending["awaiting"], pending["outcome"], pending["rules"]) == (
        "pending",
        "assessment",
        None,
        ["ACC-42"],
    )
    # While the disclosure awaits assessment the whole case is closed to her (ACC-42).
    assert (await world.listing("Kari", "2026/400"))["items"][0]["decision"]["rules"] == ["ACC-42"]
    client = world.h.client
    assessed = world.ok(
        await client.post(
            f"/requests/{pending['id']}/assessment",
            json={"disqualified": True, "reason": "Nær slekt av part, fvl § 6 b."},
            headers=world.secretariat,
        )
    )
    assert (assessed["status"], assessed["outcome"]) == ("decided", "deny") and "ACC-40" in assessed["rules"]
    world.problem(
        await client.post(
            f"/requests/{pending['id']}/assessment",
            json={"disqualified": False, "reason": "Igjen."},
            headers=world.secretariat,
        ),
        409,
    )
    disputed = world.ok(
        await client.post(
            f"/requests/{pending['id']}/dispute",
            json={"reason": "Søsteren er ikke part i saken."},
            headers=world.official("Kari"),
        )
    )
    assert (disputed["status"], disputed["awaiting"]) == ("pending", "mayor")
    body = {
        "person_id": kari,
        "case_number": "2026/400",
        "request_id": pending["id"],
        "disqualified": False,
        "reason": "Søsteren er ikke part; ikke inhabil.",
        "decided_on": world.now.date().isoformat(),
    }
    for wrong in (deputy_mayor, kari):
        world.problem(
            await client.post("/dispute-decisions", json={**body, "decided_by": wrong}, headers=world.secretariat),
            422,
            rule="ACC-42",
        )
    world.ok(
        await client.post("/dispute-decisions", json={**body, "decided_by": mayor}, headers=world.secretariat), 201
    )
    decided = world.ok(await client.get(f"/requests/{pending['id']}", headers=world.official("Kari")))
    assert (decided["status"], decided["outcome"]) == ("decided", "allow")


async def test_acc42_the_mayor_concerned_is_decided_by_the_deputy_mayor_and_a_bodys_ruling_stands(world: Any) -> None:
    mayor = await world.seat("Ordfører", "mayor")
    deputy_mayor = await world.seat("Varaordfører", "deputy_mayor")
    await world.register_case("2026/402")
    client = world.h.client
    body = {
        "person_id": mayor,
        "case_number": "2026/402",
        "disqualified": True,
        "reason": "Eier naboeiendommen.",
        "decided_on": world.now.date().isoformat(),
    }
    world.problem(
        await client.post("/dispute-decisions", json={**body, "decided_by": mayor}, headers=world.secretariat),
        422,
        rule="ACC-42",
    )
    recorded = world.ok(
        await client.post("/dispute-decisions", json={**body, "decided_by": deputy_mayor}, headers=world.secretariat),
        201,
    )
    assert recorded["decider_role"] == "deputy_mayor"
    await world.disqualify("Varaordfører", "2026/402", "municipal-council")
    world.problem(
        await client.post(
            "/dispute-decisions",
            json={**body, "person_id": deputy_mayor, "decided_by": mayor, "disqualified": False},
            headers=world.secretariat,
        ),
        422,
        rule="ACC-42",
        field="disqualified",
    )


async def test_acc31_a_question_about_a_case_under_preparation_is_answered(world: Any) -> None:
    await world.seat("Kari", "member")
    asked = await world.ask("Kari", case_number="2026/403", question="Når kommer saken om ny skole?")
    assert (asked["status"], asked["awaiting"], asked["rules"]) == ("pending", "answer", ["ACC-31"])
    answered = world.ok(
        await world.h.client.post(
            f"/requests/{asked['id']}/answer",
            json={"answer": "Saken utredes nå; den legges fram for utvalget i mai."},
            headers=world.secretariat,
        )
    )
    assert answered["status"] == "answered" and answered["answer"].startswith("Saken utredes")
    world.problem(
        await world.h.client.post(
            f"/requests/{asked['id']}/answer", json={"answer": "Igjen og igjen"}, headers=world.official("Kari")
        ),
        403,
    )


async def test_acc30_overdue_requests_are_swept_and_published_once_and_listed_for_operators(world: Any) -> None:
    await world.seat("Kari", "member")
    world.set_clock(datetime(2026, 1, 5, 9, tzinfo=UTC))  # a Monday
    old = await world.ask("Kari", case_number="2026/404", question="Hvordan behandles saken videre?")
    world.set_clock(datetime.now(UTC))
    fresh = await world.ask("Kari", case_number="2026/405", question="Hvem er saksbehandler her?")
    client = world.h.client
    listed = world.ok(await client.get("/requests/overdue", headers=world.h.headers("ops:read", sub="operator")))
    assert [r["id"] for r in listed] == [old["id"]] and "question" not in listed[0]
    world.problem(await client.get("/requests/overdue", headers=world.official("Kari")), 403)
    for runs in (1, 0):
        ran = world.ok(await client.post("/ops/jobs/access-requests-overdue/run", headers=world.admin))
        assert ran == {"job": "access-requests-overdue", "done": runs}
    [event] = await world.outbox(OVERDUE)
    assert event["request_id"] == old["id"] and event["awaiting"] == "answer"
    assert event["due_at"].startswith("2026-01-08T23:00:00")  # the end of Thursday, three working days on
    assert fresh["id"] != old["id"]
    mine = world.ok(await client.get(f"/requests/{old['id']}", headers=world.official("Kari")))
    assert mine["overdue"] is True


async def test_a_request_replayed_by_its_key_is_one_request(world: Any) -> None:
    await world.seat("Kari", "member")
    await world.register_case("2026/406")
    headers = {**world.official("Kari"), "Idempotency-Key": "k1"}
    first = await world.h.client.post("/requests", json={"case_number": "2026/406"}, headers=headers)
    again = await world.h.client.post("/requests", json={"case_number": "2026/406"}, headers=headers)
    assert first.json() == again.json() and await world.count(AccessRequest) == 1
    assert len(await world.outbox(DENIED)) == 1
    assert (
        timedelta(0)
        <= datetime.fromisoformat(first.json()["due_at"]) - datetime.fromisoformat(first.json()["received_at"])
        <= timedelta(days=6)
    )
