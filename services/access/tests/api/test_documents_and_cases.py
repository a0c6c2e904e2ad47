"""The case-management system registers cases and documents (Noark 5 metadata, never the files): bad input
is refused naming the field and writes nothing; updates need the ETag; replays return the first answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from access.cases.models import AccessCase
from access.documents.models import AccessDocument


async def test_acc65_a_document_is_registered_with_its_screening_and_read_back(world: Any) -> None:
    case = await world.register_case(
        "2026/118", owning_body="living-conditions-committee", remit_areas=["kindergartens"]
    )
    assert case["registered"] and case["stage"] == "under_preparation" and case["version"] == 1
    document = await world.register_document(
        "2026/118",
        "2026/118-3",
        title="Legeerklæring for NN",
        public_title="Legeerklæring for ****",
        document_date="2026-02-01",
        direction="I",
        correspondent="Fastlege NN",
        restriction_code="UO",
        screening_basis=world.CONFIDENTIAL,
        screened_fields=["title", "correspondent"],
        screening_scope="whole",
        screening_ends_on="2086-02-01",
    )
    got = world.ok(await world.h.client.get(f"/documents/{document['id']}", headers=world.case_system))
    assert got == document and got["screened_fields"] == ["title", "correspondent"]


async def test_acc65_bad_registrations_are_refused_by_field_and_nothing_is_written(world: Any) -> None:
    await world.register_case("2026/118")
    client, headers = world.h.client, world.case_system
    base = {"case_number": "2026/118", "external_id": "2026/118-3", "title": "Brev"}
    for body, field in (
        (
            {**base, "restriction_code": "ZZ", "screening_basis": "Offl. § 14", "screening_scope": "whole"},
            "restriction_code",
        ),
        (
            {
                **base,
                "restriction_code": "UO",
                "screening_basis": "Offl. § 14",
                "screening_scope": "whole",
                "document_date": "2026-03-01",
                "screening_ends_on": "2026-02-28",
            },
            "screening_ends_on",
        ),
        ({**base, "restriction_code": "UO", "screening_scope": "whole"}, "screening_basis"),
        ({**base, "screened_fields": ["title"]}, "screened_fields"),
        ({**base, "direction": "Q"}, "direction"),
        ({**base, "case_number": "2026/999"}, "body.case_number"),
        ({**base, "screening_scope": "half"}, "screening_scope"),
    ):
        world.problem(await client.post("/documents", json=body, headers=headers), 422, field=field)
    assert await world.count(AccessDocument) == 0
    for body, field in (
        ({"case_number": "2026/119", "owning_body": "harbour-board"}, "owning_body"),
        ({"case_number": "2026/119", "remit_areas": ["the moon"]}, "remit_areas"),
        ({"case_number": "2026/119", "title_screened": True}, "title_basis"),
        ({"case_number": "a b"}, "case_number"),
    ):
        world.problem(await client.post("/cases", json=body, headers=headers), 422, field=field)
    assert await world.count(AccessCase) == 1


async def test_a_registration_is_replayed_by_its_idempotency_key_and_refused_a_second_time_without(world: Any) -> None:
    headers = {**world.case_system, "Idempotency-Key": "case-2026-118"}
    body = {"case_number": "2026/118", "title": "Barnehageopptak"}
    first = await world.h.client.post("/cases", json=body, headers=headers)
    again = await world.h.client.post("/cases", json=body, headers=headers)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert first.json() == again.json()
    world.problem(await world.h.client.post("/cases", json=body, headers=world.case_system), 409, field="case_number")
    assert await world.count(AccessCase) == 1


async def test_updates_need_the_current_etag_and_may_not_empty_what_cannot_be_empty(world: Any) -> None:
    await world.register_case("2026/118")
    client, headers = world.h.client, world.case_system
    got = await client.get("/cases/2026/118", headers=headers)
    etag = got.headers["ETag"]
    changed = await client.patch(
        "/cases/2026/118", json={"competition_group": "tomt-kirkenes"}, headers={**headers, "If-Match": etag}
    )
    assert world.ok(changed)["competition_group"] == "tomt-kirkenes" and changed.headers["ETag"] == '"2"'
    world.problem(
        await client.patch("/cases/2026/118", json={"competition_group": "x"}, headers={**headers, "If-Match": etag}),
        412,
    )
    world.problem(
        await client.patch("/cases/2026/118", json={"remit_areas": None}, headers=headers), 422, field="remit_areas"
    )
    world.problem(
        await client.patch("/cases/2026/118", json={"title_screened": True}, headers=headers), 422, field="title_basis"
    )
    doc = await world.register_document("2026/118", "2026/118-1")
    world.problem(
        await client.patch(f"/documents/{doc['id']}", json={"title": None}, headers=headers), 422, field="title"
    )
    world.problem(
        await client.patch(f"/documents/{doc['id']}", json={"screening_scope": "whole"}, headers=headers),
        422,
        field="screening_scope",
    )
    unchanged = world.ok(await client.get(f"/documents/{doc['id']}", headers=headers))
    assert unchanged["version"] == 1 and unchanged["screening_scope"] is None


async def test_a_document_first_seen_on_an_agenda_is_adopted_by_its_registration(world: Any) -> None:
    await world.present("2026/118", "living-conditions-committee", [world.doc("Vedtak", external_id="2026/118-4")])
    case = await world.register_case("2026/118", owning_body="living-conditions-committee")
    assert case["stage"] == "presented" and case["title"] == "Sak 2026/118" and len(case["presentations"]) == 1
    adopted = await world.register_document(
        "2026/118",
        "2026/118-4",
        title="Vedtak i sak 2026/118",
        restriction_code="UO",
        screening_basis=world.INTERNAL,
        screening_scope="whole",
    )
    assert adopted["meetings_document_id"] is not None and adopted["registered"] and adopted["version"] == 2
    assert await world.count(AccessDocument) == 1
    world.problem(
        await world.h.client.post(
            "/documents",
            json={"case_number": "2026/118", "external_id": "2026/118-4", "title": "x"},
            headers=world.case_system,
        ),
        409,
        field="external_id",
    )


async def test_only_the_case_management_system_and_the_secretariat_register(world: Any) -> None:
    await world.seat("Kari")
    client = world.h.client
    world.problem(await client.post("/cases", json={"case_number": "2026/1"}, headers=world.official("Kari")), 403)
    world.problem(await client.get("/documents", headers=world.official("Kari")), 403)
    world.problem(await client.get("/cases", headers=world.official("Kari")), 403)
    assert await world.count(AccessCase) == 0


async def test_the_case_list_reads_a_pages_presentations_at_once_not_case_by_case(world: Any) -> None:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    async def listed() -> tuple[list[dict[str, Any]], int]:
        statements.clear()
        page = world.ok(await world.h.client.get("/cases", params={"limit": 50}, headers=world.case_system))
        return page["items"], len(statements)

    engine = world.h.app.state.db.engine.sync_engine
    await world.register_case("2026/100")
    await world.present("2026/100", "living-conditions-committee")
    event.listen(engine, "before_cursor_execute", count)
    try:
        one, queries_for_one = await listed()
        for n in range(101, 111):
            await world.register_case(f"2026/{n}")
            await world.present(f"2026/{n}", "living-conditions-committee")
            await world.present(f"2026/{n}", "executive-committee")
        many, queries_for_many = await listed()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(one) == 1 and len(many) == 11
    assert queries_for_many == queries_for_one  # the same queries for 11 cases as for one
    presented = {c["case_number"]: [p["body_key"] for p in c["presentations"]] for c in many}
    assert presented["2026/100"] == ["living-conditions-committee"]
    assert sorted(presented["2026/105"]) == ["executive-committee", "living-conditions-committee"]
