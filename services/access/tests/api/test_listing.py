"""A case's documents as each person may see them (ACC-10, ACC-60, ACC-71): what is screened and not theirs is
left out, and not counted; titles screened from them stay hidden."""

from __future__ import annotations

from typing import Any

CASE = "2026/200"


async def case_with_documents(world: Any) -> dict[str, str]:
    """A personnel case before the administration committee: a public, an internal and a confidential
    document, a partly screened one, and one whose title alone gives away whom it concerns."""
    await world.register_case(CASE, title="Omorganisering av renholdstjenesten", owning_body="administration-committee")
    ids = {}
    for external, fields in {
        "public": {"title": "Saksframlegg"},
        "internal": {
            "title": "Drøftingsnotat",
            "restriction_code": "UO",
            "screening_basis": world.INTERNAL,
            "screening_scope": "whole",
        },
        "secret": {
            "title": "Sykemelding for Ola Nordmann",
            "public_title": "Sykemelding for ****",
            "restriction_code": "P",
            "screening_basis": world.CONFIDENTIAL,
            "screening_scope": "whole",
            "screened_fields": ["title"],
        },
        "partly": {
            "title": "Tilsettingsrapport",
            "restriction_code": "UO",
            "screening_basis": world.CONFIDENTIAL,
            "screening_scope": "partial",
        },
        "named": {
            "title": "Oppsigelse av NN",
            "public_title": "Oppsigelse av ****",
            "restriction_code": "UO",
            "screening_basis": world.INTERNAL,
            "screening_scope": "partial",
            "screened_fields": ["title"],
            "correspondent": "NN",
        },
    }.items():
        ids[external] = (await world.register_document(CASE, f"{CASE}-{external}", **fields))["id"]
    await world.present(CASE, "administration-committee")
    return ids


def by_id(listing: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in listing["items"]}


async def test_acc71_each_person_sees_the_list_the_rules_give_them(world: Any) -> None:
    await world.seat("Ansattrepresentant", "member", "administration-committee")
    await world.seat("Kommunestyremedlem", "member")
    await world.seat("Utenforstående", "member", "planning-transport-committee")
    for name in ("Ansattrepresentant", "Kommunestyremedlem", "Utenforstående"):
        await world.declare(name)
    ids = await case_with_documents(world)

    member = await world.listing("Ansattrepresentant", CASE)
    items = by_id(member)
    # ACC-71: the confidential document with a screened title is neither listed nor counted.
    assert ids["secret"] not in items and member["count"] == len(member["items"]) == 4
    assert items[ids["public"]]["decision"]["rules"] == ["ACC-60"]
    assert items[ids["internal"]]["decision"]["outcome"] == "allow"
    assert set(items[ids["internal"]]["decision"]["rules"]) >= {"ACC-04", "ACC-06", "ACC-10", "ACC-22"}
    partly = items[ids["partly"]]
    assert (partly["decision"]["outcome"], partly["decision"]["scope"]) == ("partial", "redacted")
    assert partly["title"] == "Tilsettingsrapport" and "ACC-20" in partly["decision"]["rules"]
    assert items[ids["named"]]["decision"]["outcome"] == "allow" and items[ids["named"]]["title"] == "Oppsigelse av NN"
    assert member["case"]["title"] == "Omorganisering av renholdstjenesten" and member["case"]["stage"] == "presented"

    outsider = await world.listing("Utenforstående", CASE)
    items = by_id(outsider)
    assert ids["secret"] not in items and outsider["count"] == 4
    internal = items[ids["internal"]]
    assert (internal["decision"]["outcome"], internal["decision"]["scope"]) == ("deny", "metadata")
    assert internal["title"] == "Drøftingsnotat" and internal["decision"]["rules"] == ["ACC-04"]
    named = items[ids["named"]]
    assert named["decision"]["scope"] == "redacted" and named["title"] == "Oppsigelse av ****"
    assert named["title_screened"] and named["correspondent"] == "NN"  # only the title is screened

    council = by_id(await world.listing("Kommunestyremedlem", CASE))
    assert council[ids["internal"]]["decision"]["outcome"] == "allow" and ids["secret"] not in council


async def test_acc10_acc12_before_presentation_the_list_shows_what_the_public_may_see(world: Any) -> None:
    await world.seat("Kari", "member")
    await world.declare("Kari")
    await world.register_case("2026/201", owning_body="administration-committee")
    doc = await world.register_document(
        "2026/201", "x1", restriction_code="UO", screening_basis=world.INTERNAL, screening_scope="whole"
    )
    listing = await world.listing("Kari", "2026/201")
    assert listing["case"]["stage"] == "under_preparation"
    [item] = listing["items"]
    assert item["id"] == doc["id"] and item["decision"]["outcome"] == "deny" and "ACC-12" in item["decision"]["rules"]
    status = world.ok(await world.h.client.get("/cases/2026/201", headers=world.official("Kari")))
    assert status["stage"] == "under_preparation" and "ACC-31" in status["note"]


async def test_acc23_acc71_a_closed_cases_title_and_documents_are_hidden_from_those_without_a_right(world: Any) -> None:
    await world.seat("Kari", "member")
    await world.seat("Per", "member", "planning-transport-committee")
    await world.declare("Kari")
    await world.declare("Per")
    await world.present(
        "2026/202",
        "municipal-council",
        [world.doc("Søkerliste kommunedirektør"), world.doc("Referanser", exempt=True, basis="Offl. § 25")],
        closed=True,
        closed_basis="Offl. § 25, kommuneloven § 11-5",
        title="Tilsetting av kommunedirektør",
    )
    outsider = await world.listing("Per", "2026/202")
    assert outsider["count"] == 0 and outsider["items"] == [] and outsider["case"]["title"] is None
    assert outsider["case"]["title_screened"] and outsider["case"]["closed"]
    per_status = world.ok(await world.h.client.get("/cases/2026/202", headers=world.official("Per")))
    assert per_status["title"] is None
    council = await world.listing("Kari", "2026/202")
    assert council["count"] == 2 and council["case"]["title"] == "Tilsetting av kommunedirektør"
    assert all("ACC-23" in i["decision"]["rules"] for i in council["items"])


async def test_the_list_is_paged_over_what_the_person_may_see(world: Any) -> None:
    await world.seat("Kari", "member")
    await world.declare("Kari")
    await world.register_case("2026/203")
    for n in range(5):
        await world.register_document("2026/203", f"p{n}", document_date=f"2026-01-0{n + 1}")
        await world.register_document(
            "2026/203",
            f"s{n}",
            restriction_code="KL",
            screening_basis=world.CONFIDENTIAL,
            screening_scope="whole",
            screened_fields=["title"],
        )
    await world.present("2026/203", "municipal-council")
    client, headers = world.h.client, world.official("Kari")
    first = world.ok(await client.get("/cases/2026/203/documents", params={"limit": 3}, headers=headers))
    assert first["count"] == 5 and len(first["items"]) == 3 and first["next"]
    rest = world.ok(await client.get(f"/cases/2026/203/documents{first['next']}", headers=headers))
    assert rest["next"] is None and len(rest["items"]) == 2
    titles = [i["title"] for i in first["items"] + rest["items"]]
    assert titles == ["p0", "p1", "p2", "p3", "p4"]


async def test_an_official_lists_only_for_themself_and_the_case_system_for_anyone(world: Any) -> None:
    kari = await world.seat("Kari", "member")
    await world.seat("Per", "member")
    await world.register_case("2026/204")
    client = world.h.client
    world.problem(
        await client.get("/cases/2026/204/documents", params={"person": kari}, headers=world.official("Per")), 403
    )
    listing = world.ok(
        await client.get("/cases/2026/204/documents", params={"person": kari}, headers=world.case_system)
    )
    assert listing["person_id"] == kari
    world.problem(await client.get("/cases/2026/999/documents", headers=world.official("Per")), 404)
    machine = world.h.headers("access:read", sub="some-system")
    world.problem(await client.get("/cases/2026/204/documents", headers=machine), 403)
