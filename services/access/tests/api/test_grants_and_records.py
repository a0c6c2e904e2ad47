"""What the secretariat records: grants (ACC-04/05/21) checked against the published decision, declarations
(ACC-22), joint demands (ACC-01); withdrawn where the rules allow; bad input refused, nothing written."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event

from access.grants.models import Grant
from access.joint_demands.models import JointDemand

BODY = "living-conditions-committee"


def grant(world: Any, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "majority",
        "body_key": BODY,
        "decision_ref": "LEV 014/26",
        "decided_on": world.now.date().isoformat(),
        **fields,
    }


async def test_acc21_a_majority_grant_opens_confidential_information_to_that_body_only_until_withdrawn(
    world: Any,
) -> None:
    await world.seat("Kari", "member", BODY)
    await world.seat("Per", "member")
    for name in ("Kari", "Per"):
        await world.declare(name)
    meeting = uuid.uuid4()
    await world.present(
        "2026/500", BODY, [world.doc("Barnevernsrapport", exempt=True, basis=world.CONFIDENTIAL)], meeting_id=meeting
    )
    vote = await world.decision(BODY, meeting, "2026/500", adopted=True, votes_for=4, votes_against=1)
    client = world.h.client
    assert (await world.listing("Kari", "2026/500"))["count"] == 0
    recorded = world.ok(
        await client.post(
            "/grants", json=grant(world, meeting_id=str(meeting), case_number="2026/500"), headers=world.secretariat
        ),
        201,
    )
    assert recorded["status"] == "verified" and recorded["vote_event_id"] == str(vote)
    [item] = (await world.listing("Kari", "2026/500"))["items"]
    assert item["decision"]["outcome"] == "allow" and "ACC-21" in item["decision"]["rules"]
    assert (await world.listing("Per", "2026/500"))["count"] == 0  # a council member outside the body
    world.ok(
        await client.post(
            f"/grants/{recorded['id']}/withdraw", json={"reason": "Vedtaket ble omgjort."}, headers=world.secretariat
        )
    )
    assert (await world.listing("Kari", "2026/500"))["count"] == 0
    world.problem(
        await client.post(f"/grants/{recorded['id']}/withdraw", json={"reason": "Igjen."}, headers=world.secretariat),
        409,
    )


async def test_acc21_a_grant_naming_a_decision_not_adopted_is_refused_and_nothing_is_written(world: Any) -> None:
    meeting = uuid.uuid4()
    await world.present("2026/501", BODY, meeting_id=meeting)
    vote = await world.decision(BODY, meeting, "2026/501", adopted=False, votes_for=2, votes_against=3)
    client = world.h.client
    world.problem(
        await client.post(
            "/grants", json=grant(world, meeting_id=str(meeting), case_number="2026/501"), headers=world.secretariat
        ),
        422,
        rule="ACC-21",
        field="vote_event_id",
    )
    world.problem(
        await client.post(
            "/grants",
            json=grant(world, vote_event_id=str(vote), case_number="2026/501", body_key="executive-committee"),
            headers=world.secretariat,
        ),
        422,
        field="body_key",
    )
    # Two votes in the case: the grant must name which one.
    await world.decision(BODY, meeting, "2026/501", adopted=True)
    world.problem(
        await client.post(
            "/grants", json=grant(world, meeting_id=str(meeting), case_number="2026/501"), headers=world.secretariat
        ),
        422,
        field="vote_event_id",
    )
    for bad, field in (
        ({"case_number": None}, "case_number"),
        ({"body_key": "harbour"}, "body.body_key"),
        ({"kind": "third", "case_number": "2026/501"}, "target_body"),
        ({"decided_on": "2099-01-01", "case_number": "2026/501"}, "decided_on"),
    ):
        world.problem(
            await client.post("/grants", json=grant(world, **bad), headers=world.secretariat), 422, field=field
        )
    assert await world.count(Grant) == 0


async def test_acc05_a_third_of_the_members_not_a_majority_and_counted_on_all_seats(world: Any) -> None:
    client = world.h.client
    body = grant(world, kind="third", body_key="executive-committee", target_body=BODY, decision_ref="FSK 020/26")
    world.problem(
        await client.post("/grants", json={**body, "votes_for": 2}, headers=world.secretariat),
        422,
        rule="ACC-05",
        field="votes_for",
    )  # 2 of the executive committee's 9 seats
    world.problem(await client.post("/grants", json=body, headers=world.secretariat), 422, field="votes_for")
    recorded = world.ok(await client.post("/grants", json={**body, "votes_for": 3}, headers=world.secretariat), 201)
    assert (recorded["status"], recorded["body_seats"]) == ("unverified", 9)


async def test_acc04_only_the_bodys_chair_registers_its_demand_outside_the_remit(world: Any) -> None:
    chair = await world.seat("Leder", "chair", BODY)
    member = await world.seat("Medlem", "member", BODY)
    await world.declare("Medlem")
    await world.register_case("2026/502", owning_body="planning-transport-committee", finished_at=world.now.isoformat())
    await world.register_document(
        "2026/502", "plan-1", restriction_code="UO", screening_basis=world.INTERNAL, screening_scope="whole"
    )
    body = grant(world, kind="body_demand", case_number="2026/510", case_numbers=["2026/502"])
    client = world.h.client
    world.problem(
        await client.post("/grants", json={**body, "chair_id": member}, headers=world.secretariat),
        422,
        rule="ACC-04",
        field="chair_id",
    )
    assert (await world.listing("Medlem", "2026/502"))["items"][0]["decision"]["outcome"] == "deny"
    world.ok(await client.post("/grants", json={**body, "chair_id": chair}, headers=world.secretariat), 201)
    assert (await world.listing("Medlem", "2026/502"))["items"][0]["decision"]["outcome"] == "allow"


async def test_acc22_a_declaration_is_recorded_checked_and_withdrawn(world: Any) -> None:
    kari = await world.seat("Kari", "member")
    await world.register_case("2026/503", finished_at=world.now.isoformat())
    await world.register_document(
        "2026/503", "d", restriction_code="UO", screening_basis=world.INTERNAL, screening_scope="whole"
    )
    client = world.h.client

    async def outcome() -> str:
        return str((await world.listing("Kari", "2026/503"))["items"][0]["decision"]["outcome"])

    assert await outcome() == "deny"
    for bad, field in (
        ({"signed_on": "2099-01-01"}, "signed_on"),
        ({"signed_on": "2024-01-02", "valid_until": "2024-01-01"}, "valid_until"),
    ):
        world.problem(
            await client.post("/declarations", json={"person_id": kari, **bad}, headers=world.secretariat),
            422,
            field=field,
        )
    world.problem(
        await client.post(
            "/declarations", json={"person_id": kari, "signed_on": "2024-01-02"}, headers=world.official("Kari")
        ),
        403,
    )
    declaration = await world.declare("Kari")
    assert await outcome() == "allow"
    mine = world.ok(await client.get("/declarations", headers=world.official("Kari")))["items"]
    assert [d["id"] for d in mine] == [declaration["id"]]
    world.problem(
        await client.get("/declarations", params={"person_id": str(uuid.uuid4())}, headers=world.official("Kari")), 403
    )
    world.ok(
        await client.post(
            f"/declarations/{declaration['id']}/withdraw",
            json={"reason": "Registrert feil."},
            headers=world.secretariat,
        )
    )
    assert await outcome() == "deny"


async def test_acc01_a_joint_demand_needs_three_council_members_and_never_a_deputy(world: Any) -> None:
    members = [await world.seat(name, "member") for name in ("A", "B", "C")]
    deputy = await world.seat("Vara", "deputy")
    committee = await world.seat("Utvalg", "member", BODY)
    client = world.h.client
    body = {"case_numbers": ["2026/504"], "demanded_on": world.now.date().isoformat()}
    for signatories, field in (
        (members[:2], "signatories"),
        ([*members[:2], members[0]], "signatories"),
        ([*members[:2], deputy], "signatories[2]"),
        ([committee, *members[:2]], "signatories[0]"),
    ):
        world.problem(
            await client.post("/joint-demands", json={**body, "signatories": signatories}, headers=world.secretariat),
            422,
            rule="ACC-01",
            field=field,
        )
    assert await world.count(JointDemand) == 0
    demand = world.ok(
        await client.post("/joint-demands", json={**body, "signatories": members}, headers=world.secretariat), 201
    )
    assert sorted(demand["signatories"]) == sorted(members)
    assert [d["id"] for d in world.ok(await client.get("/joint-demands", headers=world.official("B")))["items"]] == [
        demand["id"]
    ]
    assert world.ok(await client.get("/joint-demands", headers=world.official("Vara")))["items"] == []


async def test_acc01_joint_demands_are_listed_with_their_signatories_in_the_same_queries_for_many(world: Any) -> None:
    members = [await world.seat(name, "member") for name in ("A", "B", "C", "D")]
    client = world.h.client
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    async def demand(signatories: list[str], case_number: str) -> None:
        body = {"signatories": signatories, "case_numbers": [case_number], "demanded_on": world.now.date().isoformat()}
        world.ok(await client.post("/joint-demands", json=body, headers=world.secretariat), 201)

    async def listed() -> tuple[list[dict[str, Any]], int]:
        statements.clear()
        items = world.ok(await client.get("/joint-demands", params={"limit": 50}, headers=world.secretariat))["items"]
        return items, len(statements)

    engine = world.h.app.state.db.engine.sync_engine
    await demand(members[:3], "2026/600")
    event.listen(engine, "before_cursor_execute", count)
    try:
        one, queries_for_one = await listed()
        for n in range(601, 606):
            await demand(members[n % 2 : n % 2 + 3], f"2026/{n}")
        many, queries_for_many = await listed()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(one) == 1 and len(many) == 6 and queries_for_many == queries_for_one
    signed = {d["case_numbers"][0]: sorted(d["signatories"]) for d in many}
    assert signed["2026/600"] == sorted(members[:3]) and signed["2026/601"] == sorted(members[1:4])
