"""The facts access decides by come from events, through the real inbox: signed, idempotent, order-free
(case.presented, member.disqualified, decision.made, attendance.recorded, deputy.summoned, proxy.*)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from access.cases.models import CasePresentation
from access.documents.models import AccessDocument
from access.facts.models import Disqualification
from folkevalgt_shared.contracts import CasePresentedV1
from folkevalgt_shared.events.envelope import build_envelope, signed_headers


async def test_acc10_case_presented_opens_the_case_and_a_redelivery_changes_nothing(world: Any) -> None:
    await world.seat("Kari", "member", "living-conditions-committee")
    await world.declare("Kari")
    event = CasePresentedV1(
        case_number="2026/300",
        title="Barnehagebehovsplan",
        meeting_id=uuid.uuid4(),
        body_id=world.body_id("living-conditions-committee"),
        body_key="living-conditions-committee",
        agenda_item_id=uuid.uuid4(),
        closed=False,
        documents=[world.doc("Behovsplan"), world.doc("Notat", exempt=True, basis=world.INTERNAL)],
        presented_at=world.now - timedelta(minutes=5),
    )
    event_id, payload = build_envelope(event, subject="2026/300")
    for expected in ("processed", "duplicate"):
        response = await world.h.client.post(
            "/events", content=payload, headers=signed_headers("whsec_ZGV2LXNlY3JldC1kZXYtc2VjcmV0", event_id, payload)
        )
        assert world.ok(response)["status"] == expected
    assert await world.count(AccessDocument) == 2 and await world.count(CasePresentation) == 1
    listing = await world.listing("Kari", "2026/300")
    assert [i["decision"]["outcome"] for i in listing["items"]] == ["allow", "allow"]
    # A forged event is refused and leaves nothing.
    forged = await world.h.client.post(
        "/events",
        content=payload,
        headers=signed_headers("whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==", "forged", payload),
    )
    world.problem(forged, 401)


async def test_acc65_the_agenda_adds_to_the_archives_screening_and_never_lifts_it(world: Any) -> None:
    await world.seat("Kari", "member")
    await world.declare("Kari")
    await world.register_case("2026/301")
    registered = await world.register_document(
        "2026/301",
        "2026/301-2",
        title="Klage",
        restriction_code="UO",
        screening_basis=world.INTERNAL,
        screening_scope="whole",
    )
    await world.present(
        "2026/301",
        "municipal-council",
        [
            world.doc("Klage", exempt=False, external_id="2026/301-2"),
            world.doc("Politirapport", exempt=True, basis=world.CONFIDENTIAL),
        ],
    )
    rows = {
        d["external_id"]: d
        for d in world.ok(
            await world.h.client.get("/documents", params={"case_number": "2026/301"}, headers=world.case_system)
        )["items"]
    }
    assert rows["2026/301-2"]["id"] == registered["id"] and rows["2026/301-2"]["restriction_code"] == "UO"
    listing = await world.listing("Kari", "2026/301")
    # The archive's screening stands though the agenda marks it public; the agenda's secret one is hidden.
    assert [(i["id"], i["decision"]["outcome"]) for i in listing["items"]] == [(registered["id"], "allow")]
    assert "ACC-60" not in listing["items"][0]["decision"]["rules"]


async def test_acc40_acc41_member_disqualified_closes_the_case_and_its_competition_group(world: Any) -> None:
    await world.seat("Kari", "member")
    await world.declare("Kari")
    for number in ("2026/310", "2026/311", "2026/312"):
        await world.register_case(number, competition_group="tomt-kirkenes" if number != "2026/312" else None)
        await world.register_document(
            number, f"{number}-1", restriction_code="UO", screening_basis=world.INTERNAL, screening_scope="whole"
        )
        await world.present(number, "municipal-council")
    ruling = uuid.uuid4()
    await world.disqualify("Kari", "2026/310", "municipal-council", agenda_item_id=ruling)
    await world.disqualify("Kari", "2026/310", "municipal-council", agenda_item_id=ruling)  # told again, new event id
    assert await world.count(Disqualification) == 1
    own = (await world.listing("Kari", "2026/310"))["items"][0]["decision"]
    parallel = (await world.listing("Kari", "2026/311"))["items"][0]["decision"]
    other = (await world.listing("Kari", "2026/312"))["items"][0]["decision"]
    assert own["outcome"] == "deny" and own["rules"][0] == "ACC-40"
    assert parallel["outcome"] == "deny" and "ACC-41" in parallel["rules"]
    assert other["outcome"] == "allow"


async def test_acc04_a_deputy_summoned_or_attending_sees_that_meetings_cases(world: Any) -> None:
    for name in ("Vara", "Vara2", "Vara3"):
        await world.seat(name, "deputy", "living-conditions-committee")
        await world.declare(name)
    meeting = uuid.uuid4()
    await world.register_case("2026/320")
    await world.register_document(
        "2026/320", "d", restriction_code="UO", screening_basis=world.INTERNAL, screening_scope="whole"
    )
    await world.present("2026/320", "living-conditions-committee", meeting_id=meeting)

    async def outcome(name: str) -> str:
        return str((await world.listing(name, "2026/320"))["items"][0]["decision"]["outcome"])

    assert await outcome("Vara") == "deny"
    await world.summon("Vara", "living-conditions-committee", meeting)
    await world.attend("Vara2", "living-conditions-committee", meeting)
    await world.attend("Vara3", "living-conditions-committee", meeting, as_deputy=False)
    assert (await outcome("Vara"), await outcome("Vara2"), await outcome("Vara3")) == ("allow", "allow", "deny")


async def test_acc50_a_proxy_opens_the_residents_case_until_revoked_and_versions_are_order_free(world: Any) -> None:
    await world.seat("Per", "member")
    await world.declare("Per")
    for number in ("2026/330", "2026/331"):
        await world.register_case(number)
        await world.register_document(
            number, f"{number}-1", restriction_code="KL", screening_basis=world.CONFIDENTIAL, screening_scope="whole"
        )
    proxy_id = uuid.uuid4()
    await world.deliver(world.proxy_event("Per", ["2026/330"], proxy_id=proxy_id))

    async def decision(number: str) -> dict[str, Any]:
        listing = world.ok(
            await world.h.client.get(
                f"/cases/{number}/documents", params={"person": world.person("Per")}, headers=world.case_system
            )
        )
        return dict(listing["items"][0]["decision"]) if listing["items"] else {"outcome": "hidden"}

    assert (await decision("2026/330"))["rules"] == ["ACC-50"]
    assert (await decision("2026/331"))["outcome"] == "deny"  # another resident's case, still under preparation
    await world.deliver(
        world.proxy_event(
            "Per", ["2026/330"], proxy_id=proxy_id, version=3, revoked_at=world.now - timedelta(minutes=1)
        )
    )
    # An older version arriving late does not bring the proxy back.
    await world.deliver(world.proxy_event("Per", ["2026/330"], proxy_id=proxy_id, version=2))
    revoked = await decision("2026/330")
    assert revoked["outcome"] == "deny" and {"ACC-40", "ACC-50"} <= set(revoked["rules"])
    # The disqualification stays even once the case is presented, where a council member would see it.
    await world.present("2026/330", "municipal-council")
    assert (await decision("2026/330"))["outcome"] == "deny"


async def test_acc05_acc21_a_grant_is_checked_when_meetings_publishes_the_decision_whatever_the_order(
    world: Any,
) -> None:
    await world.seat("Kari", "member", "living-conditions-committee")
    await world.declare("Kari")
    meeting = uuid.uuid4()
    await world.present(
        "2026/340",
        "living-conditions-committee",
        [world.doc("Legeerklæring", exempt=True, basis=world.CONFIDENTIAL)],
        meeting_id=meeting,
    )
    grant = world.ok(
        await world.h.client.post(
            "/grants",
            json={
                "kind": "majority",
                "body_key": "living-conditions-committee",
                "decision_ref": "LEV 012/26",
                "decided_on": world.now.date().isoformat(),
                "meeting_id": str(meeting),
                "case_number": "2026/340",
            },
            headers=world.secretariat,
        ),
        201,
    )
    assert grant["status"] == "unverified"

    async def outcome() -> str:
        listing = await world.listing("Kari", "2026/340")
        return str(listing["items"][0]["decision"]["outcome"]) if listing["items"] else "hidden"

    assert await outcome() == "allow"
    await world.decision(
        "living-conditions-committee", meeting, "2026/340", adopted=False, votes_for=2, votes_against=3
    )
    checked = world.ok(await world.h.client.get(f"/grants/{grant['id']}", headers=world.secretariat))
    assert checked["status"] == "contradicted" and checked["vote_event_id"] is not None
    assert await outcome() == "hidden"
