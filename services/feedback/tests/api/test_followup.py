"""FBK-20..22: the journal post of forwarded input, its status to the politician, and due dates."""

from __future__ import annotations

import asyncio

import pytest
from feedback_api_support import A, B, World, oslo

from feedback.items.models import StatusChange
from feedback.registry.models import JournalEntry

CHANGED = "no.folkevalgt.feedback.item.status.changed.v1"
OVERDUE = "no.folkevalgt.feedback.item.overdue.v1"


async def forwarded(world: World, name: str = A, **fields: object) -> dict[str, object]:
    item = await world.record(name, **fields)
    await world.forward(name, str(item["id"]))
    return item


async def test_fbk20_journal_numbers_follow_each_other_within_a_year_and_restart_with_the_next(world: World) -> None:
    numbers = []
    for _ in range(3):
        item = await forwarded(world)
        numbers.append((await world.register(str(item["id"])))["journalnummer"])
    assert numbers == ["2026/1", "2026/2", "2026/3"]
    world.set_clock(oslo(2026, 12, 31, 23))  # 31 December, Oslo
    late = await forwarded(world)
    assert (await world.register(str(late["id"])))["journalnummer"] == "2026/4"
    world.set_clock(oslo(2027, 1, 1, 0))
    new_year = await forwarded(world)
    entry = await world.register(str(new_year["id"]))
    assert (entry["journalnummer"], entry["journaldato"]) == ("2027/1", "2027-01-01")


async def test_fbk20_the_entry_follows_noark_5_and_is_published(world: World) -> None:
    item = await forwarded(world, attachments=[{"ref": "arkiv:9", "name": "bilde.jpg"}])
    entry = await world.register(str(item["id"]))
    assert entry["journalposttype"] == "inngående dokument"
    assert entry["korrespondansepart"] == [
        {"korrespondanseparttype": "avsender", "korrespondansepartNavn": "Kari Nordmann"}
    ]
    assert [(d["dokumenttype"], d["tilknyttetRegistreringSom"]) for d in entry["dokumentbeskrivelse"]] == [
        ("Notat", "Hoveddokument"),
        ("Vedlegg", "Vedlegg"),
    ]
    assert "skjerming" not in entry
    [event] = await world.events("no.folkevalgt.feedback.item.registered.v1")
    assert (event["journal_number"], event["direction"], event["sender"]) == ("2026/1", "incoming", "Kari Nordmann")
    exported = await world.call("GET", "/registry/export", world.as_post(), params={"year": 2026})
    assert exported["antallJournalposter"] == 1
    assert exported["journalposter"][0]["journalnummer"] == "2026/1"
    assert exported["journalposter"][0]["eksternID"] == item["id"]


async def test_fbk20_sensitive_input_has_title_and_sender_screened(world: World) -> None:
    item = await forwarded(world, sensitive_categories=["health"])
    entry = await world.register(str(item["id"]))
    assert entry["skjerming"] == {
        "tilgangsrestriksjon": "UO",
        "skjermingshjemmel": "Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
        "skjermingMetadata": ["tittel", "avsender"],
    }
    assert entry["offentligTittel"] == "Innspill om Helse og omsorg – *****"
    public = await world.call("GET", "/registry/export", world.as_post(), params={"public": True})
    journal = public["journalposter"][0]
    assert journal["tittel"] == "Innspill om Helse og omsorg – *****"
    assert journal["korrespondansepart"][0]["korrespondansepartNavn"] == "*****"
    assert "Kari" not in str(public) and "Hjemmetjenesten" not in str(public)
    [event] = await world.events("no.folkevalgt.feedback.item.registered.v1")
    assert event["sender"] == "*****" and "Hjemmetjenesten" not in event["title"]


async def test_fbk20_the_post_reception_may_screen_what_is_not_marked(world: World) -> None:
    item = await forwarded(world)
    entry = await world.register(str(item["id"]), screen=True, screening_basis="Offl. § 13 jf. fvl. § 13")
    assert entry["skjerming"]["skjermingshjemmel"] == "Offl. § 13 jf. fvl. § 13"


async def test_fbk20_only_forwarded_input_is_registered_once_and_by_the_post_reception(world: World) -> None:
    item = await world.record(A)
    assert (await world.register(str(item["id"]), status=422))["rule"] == "FBK-20"
    await world.forward(A, str(item["id"]))
    await world.call("POST", f"/items/{item['id']}/register", world.as_politician(A), {}, 403)
    await world.register(str(item["id"]))
    await world.register(str(item["id"]), status=409)
    assert await world.count(JournalEntry) == 1


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
async def test_fbk20_concurrent_registrations_leave_no_gap_and_no_number_twice(world: World) -> None:
    """SQLite lets one writer in at a time; the counter's row lock is what PostgreSQL needs."""
    items = [await forwarded(world) for _ in range(24)]
    await world.register(str(items[0]["id"]))  # one already taken
    responses = await asyncio.gather(
        *(world.h.client.post(f"/items/{i['id']}/register", json={}, headers=world.as_post()) for i in items[1:]),
        *(world.h.client.post(f"/items/{items[0]['id']}/register", json={}, headers=world.as_post()) for _ in range(3)),
    )
    assert sorted(r.status_code for r in responses) == [201] * 23 + [409] * 3
    numbers = sorted(int(r.json()["journalnummer"].split("/")[1]) for r in responses if r.status_code == 201)
    assert numbers == list(range(2, 25))


async def test_fbk21_each_status_change_is_published_and_visible_to_the_politician(world: World) -> None:
    item = await forwarded(world)
    iid = str(item["id"])
    await world.register(iid)
    post = world.as_post()
    await world.call("POST", f"/items/{iid}/status", post, {"status": "assigned", "unit": "Hjemmetjenesten Sør"})
    await world.call("POST", f"/items/{iid}/status", post, {"status": "answered", "note": "Besvart i brev 10.3."})
    await world.call("POST", f"/items/{iid}/status", post, {"status": "closed"})
    statuses = [(e["previous_status"], e["status"]) for e in await world.events(CHANGED)]
    assert statuses == [
        (None, "received"),
        ("received", "registered"),
        ("registered", "assigned"),
        ("assigned", "answered"),
        ("answered", "closed"),
    ]
    assert all(e["person_id"] == str(world.people[A]) for e in await world.events(CHANGED))
    assert [e["version"] for e in await world.events(CHANGED)] == [1, 3, 4, 5, 6]
    history = await world.call("GET", f"/items/{iid}/history", world.as_politician(A))
    assert [h["status"] for h in history] == ["received", "registered", "assigned", "answered", "closed"]
    assert history[2]["unit"] == "Hjemmetjenesten Sør" and history[3]["note"] == "Besvart i brev 10.3."
    listed = (await world.call("GET", "/items", world.as_politician(A), params={"status": "closed"}))["items"]
    assert [(i["id"], i["journal_number"]) for i in listed] == [(iid, "2026/1")]


async def test_fbk21_a_step_is_not_skipped_nor_taken_back(world: World) -> None:
    item = await forwarded(world)
    iid, post = str(item["id"]), world.as_post()
    problem = await world.call("POST", f"/items/{iid}/status", post, {"status": "assigned", "unit": "X"}, 422)
    assert problem["rule"] == "FBK-21"
    await world.register(iid)
    assert (await world.call("POST", f"/items/{iid}/status", post, {"status": "answered"}, 422))["rule"] == "FBK-21"
    problem = await world.call("POST", f"/items/{iid}/status", post, {"status": "assigned"}, 422)
    assert problem["errors"][0]["field"] == "unit"
    await world.call("POST", f"/items/{iid}/status", post, {"status": "assigned", "unit": "A"})
    await world.call("POST", f"/items/{iid}/status", post, {"status": "assigned", "unit": "B"})  # reassigned
    await world.call("POST", f"/items/{iid}/status", post, {"status": "answered"})
    await world.call("POST", f"/items/{iid}/status", post, {"status": "closed"})
    assert (await world.call("POST", f"/items/{iid}/status", post, {"status": "closed"}, 422))["rule"] == "FBK-21"


async def test_fbk21_a_forwarded_item_is_moved_on_by_the_post_reception_only(world: World) -> None:
    item = await forwarded(world)
    problem = await world.call("POST", f"/items/{item['id']}/status", world.as_politician(A), {"status": "closed"}, 422)
    assert problem["rule"] == "FBK-21"
    other = await world.record(A)
    await world.call("POST", f"/items/{other['id']}/status", world.as_politician(B), {"status": "closed"}, 404)
    closed = await world.call("POST", f"/items/{other['id']}/status", world.as_politician(A), {"status": "closed"})
    assert closed["status"] == "closed"


async def test_fbk21_confidential_notes_reach_only_the_residents_proxy(world: World) -> None:
    item = await forwarded(world)
    iid = str(item["id"])
    await world.register(iid)
    await world.call(
        "POST",
        f"/items/{iid}/status",
        world.as_post(),
        {
            "status": "assigned",
            "unit": "Tildelingskontoret",
            "note": "Til behandling",
            "confidential_note": "Diagnose X",
        },
    )
    [assigned] = [
        h for h in await world.call("GET", f"/items/{iid}/history", world.as_politician(A)) if h["status"] == "assigned"
    ]
    assert assigned["note"] == "Til behandling" and assigned["confidential_note"] is None
    assert "Diagnose X" not in str(await world.events(CHANGED))
    body = {
        "power_of_attorney": {"written": True, "document_ref": "fullmakt-1"},
        "case_numbers": ["2026/50"],
        "valid_from": "2026-03-04",
    }
    proxy = await world.call("POST", f"/items/{iid}/proxy", world.as_politician(A), body, 201)
    history = await world.call("GET", f"/items/{iid}/history", world.as_politician(A))
    assert [h["confidential_note"] for h in history if h["status"] == "assigned"] == ["Diagnose X"]
    await world.call("POST", f"/proxies/{proxy['id']}/revoke", world.as_politician(A), {})
    history = await world.call("GET", f"/items/{iid}/history", world.as_politician(A))
    assert [h["confidential_note"] for h in history if h["status"] == "assigned"] == [None]
    problem = await world.call(
        "POST", f"/items/{iid}/status", world.as_politician(A), {"status": "closed", "confidential_note": "x"}, 422
    )
    assert problem["rule"] == "FBK-21"


async def test_fbk21_a_stale_if_match_is_refused(world: World) -> None:
    item = await world.record(A)
    response = await world.h.client.get(f"/items/{item['id']}", headers=world.as_politician(A))
    assert response.headers["ETag"] == '"1"'
    await world.call("POST", f"/items/{item['id']}/forward", world.as_politician(A) | {"If-Match": '"1"'}, {})
    await world.call(
        "POST",
        f"/items/{item['id']}/meeting",
        world.as_politician(A) | {"If-Match": '"1"'},
        {"meeting_on": "2026-03-10", "participants": ["Kari"], "purpose": "Avklare"},
        412,
    )


async def test_fbk22_a_due_date_in_the_past_is_refused_and_nothing_written(world: World) -> None:
    item = await forwarded(world)
    iid = str(item["id"])
    await world.register(iid)
    before = await world.count(StatusChange)
    problem = await world.call(
        "POST",
        f"/items/{iid}/status",
        world.as_post(),
        {"status": "assigned", "unit": "X", "due_on": "2026-03-03"},
        422,
    )
    assert problem["rule"] == "FBK-22" and problem["errors"][0]["field"] == "due_on"
    assert await world.count(StatusChange) == before
    today = await world.call(
        "POST", f"/items/{iid}/status", world.as_post(), {"status": "assigned", "unit": "X", "due_on": "2026-03-04"}
    )
    assert today["next_step"]["due_on"] == "2026-03-04"


async def test_fbk22_each_hand_over_has_an_owner_and_a_due_day_in_working_days(world: World) -> None:
    world.set_clock(oslo(2026, 4, 1))  # Wednesday before Easter: 2, 3 and 6 April are holidays
    item = await forwarded(world)
    iid = str(item["id"])
    got = await world.call("GET", f"/items/{iid}", world.as_politician(A))
    assert got["next_step"] == {"owner": "post_reception", "due_on": "2026-04-08", "overdue": False}
    await world.register(iid)
    got = await world.call("GET", f"/items/{iid}", world.as_politician(A))
    assert got["next_step"]["owner"] == "post_reception" and got["next_step"]["due_on"] == "2026-04-09"
    assigned = await world.call("POST", f"/items/{iid}/status", world.as_post(), {"status": "assigned", "unit": "X"})
    assert assigned["next_step"]["owner"] == "unit" and assigned["next_step"]["due_on"] == "2026-04-27"


async def test_fbk22_the_sweep_publishes_an_overdue_item_once_and_not_on_its_due_day(world: World) -> None:
    item = await forwarded(world)  # due 6 March
    closed = await world.record(A)
    await world.call("POST", f"/items/{closed['id']}/status", world.as_politician(A), {"status": "closed"})
    world.set_clock(oslo(2026, 3, 6, 23))
    assert await world.sweep() == 0
    assert (await world.call("GET", "/overdue", world.as_ops()))["items"] == []
    world.set_clock(oslo(2026, 3, 9, 8))
    assert await world.sweep() == 1
    [event] = await world.events(OVERDUE)
    assert (event["item_id"], event["owner"], event["due_on"]) == (item["id"], "post_reception", "2026-03-06")
    assert await world.sweep() == 0
    overdue = (await world.call("GET", "/overdue", world.as_ops()))["items"]
    assert [(o["id"], o["owner"], o["title"]) for o in overdue] == [(item["id"], "post_reception", item["title"])]
    got = await world.call("GET", f"/items/{item['id']}", world.as_politician(A))
    assert got["next_step"]["overdue"] is True
    await world.call("GET", "/overdue", world.as_politician(A), status=403)
    # Registered late, it has a new due day, reported again only when that one passes.
    await world.register(str(item["id"]))
    assert await world.sweep() == 0


async def test_fbk22_operators_read_no_more_than_the_public_title_of_sensitive_input(world: World) -> None:
    item = await forwarded(world, sensitive_categories=["health"])
    world.set_clock(oslo(2026, 3, 9, 8))
    [seen] = (await world.call("GET", "/overdue", world.as_ops()))["items"]
    assert seen["id"] == item["id"] and seen["title"] == "Innspill om Helse og omsorg"
    [post] = (await world.call("GET", "/overdue", world.as_post()))["items"]
    assert post["title"] == item["title"]
