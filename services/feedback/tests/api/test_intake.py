"""FBK-01/02: recording input — who brought it, the channel, the unit, the text, attachments, whether it is
concrete — and who may see it."""

from __future__ import annotations

from feedback_api_support import A, B, World

from feedback.items.models import Item, StatusChange

ITEM_TABLES = (Item, StatusChange)


async def nothing_written(world: World) -> None:
    for table in ITEM_TABLES:
        assert await world.count(table) == 0
    assert await world.events("no.folkevalgt.feedback.item.status.changed.v1") == []


async def test_fbk01_records_who_channel_unit_text_and_attachments(world: World) -> None:
    item = await world.record(
        A,
        channel="email",
        sender={"kind": "employee", "name": "Per Ansatt", "email": "per@example.no"},
        text="Vaktlistene ved sykehjemmet i Bjørnevatn ble endret uten varsel 28. februar; to vakter sto tomme.",
        place="Bjørnevatn sykehjem",
        occurred_on="2026-02-28",
        attachments=[{"ref": "mail:abc123", "name": "vaktliste.pdf", "media_type": "application/pdf"}],
    )
    assert item["received_by"] == str(world.people[A])
    assert item["received_on"] == "2026-03-04"
    assert item["channel"] == "email"
    assert item["sender"] == {
        "kind": "employee",
        "anonymous": False,
        "name": "Per Ansatt",
        "email": "per@example.no",
        "postal_address": None,
    }
    assert item["unit_key"] == "helse-og-omsorg" and item["unit_name"] == "Helse og omsorg"
    assert item["attachments"] == [{"ref": "mail:abc123", "name": "vaktliste.pdf", "media_type": "application/pdf"}]
    assert item["concreteness"] == {"concrete": True, "missing": [], "questions": []}
    assert item["status"] == "received"
    # FBK-22: even before a route is chosen the item has an owner and a due day (5 working days).
    assert item["next_step"] == {"owner": "politician", "due_on": "2026-03-11", "overdue": False}
    changed = await world.events("no.folkevalgt.feedback.item.status.changed.v1")
    assert [(e["item_id"], e["status"], e["person_id"]) for e in changed] == [
        (item["id"], "received", str(world.people[A]))
    ]


async def test_fbk01_a_general_statement_is_accepted_flagged_with_the_questions_to_ask(world: World) -> None:
    item = await world.record(A, text="Eldreomsorgen i kommunen er dårlig.", unit_key=None, occurred_on=None)
    assert item["concreteness"]["concrete"] is False
    assert item["concreteness"]["missing"] == ["what", "time", "unit", "place"]
    assert item["concreteness"]["questions"] == [
        "Hva skjedde, konkret?",
        "Når skjedde det (dato, gjerne klokkeslett)?",
        "Hvilken virksomhet eller tjeneste gjelder det?",
        "Hvor skjedde det?",
    ]
    assert item["status"] == "received"


async def test_fbk01_a_place_stands_in_for_an_unknown_unit(world: World) -> None:
    item = await world.record(A, unit_key=None, place="Kirkenes sentrum")
    assert item["concreteness"]["concrete"] is True
    assert item["concreteness"]["missing"] == ["unit"]


async def test_fbk01_no_channel_is_refused_naming_the_field_and_nothing_is_written(world: World) -> None:
    body = {"sender": {"kind": "resident", "name": "Kari"}, "text": "Noe skjedde i går ved skolen i Pasvik."}
    problem = await world.call("POST", "/items", world.as_politician(A), body, 422)
    assert "body.channel" in [e["field"] for e in problem["errors"]]
    await nothing_written(world)


async def test_fbk01_empty_or_blank_text_is_refused_and_nothing_is_written(world: World) -> None:
    for text in ("", "   \n "):
        problem = await world.record(A, text=text, status=422)
        assert [e["field"] for e in problem["errors"]] == ["body.text"]
    await nothing_written(world)


async def test_fbk01_an_unnamed_sender_must_be_marked_anonymous(world: World) -> None:
    problem = await world.record(A, sender={"kind": "resident"}, status=422)
    assert [e["field"] for e in problem["errors"]] == ["body.sender"]
    await nothing_written(world)


async def test_fbk01_anonymous_only_on_channels_that_allow_it(world: World) -> None:
    problem = await world.record(A, channel="email", sender={"kind": "resident", "anonymous": True}, status=422)
    assert problem["rule"] == "FBK-01"
    assert problem["errors"][0]["field"] == "sender.anonymous"
    await nothing_written(world)
    item = await world.record(A, channel="letter", sender={"kind": "resident", "anonymous": True})
    assert item["sender"]["anonymous"] is True and item["sender"]["name"] is None


async def test_fbk01_an_unknown_unit_is_refused_but_a_unit_may_be_named(world: World) -> None:
    problem = await world.record(A, unit_key="brannvesenet", status=422)
    assert problem["errors"][0]["field"] == "unit_key"
    await nothing_written(world)
    item = await world.record(A, unit_key=None, unit_name="Øst-Finnmark brannvesen")
    assert item["unit_name"] == "Øst-Finnmark brannvesen" and item["concreteness"]["concrete"] is True


async def test_fbk01_input_is_not_received_in_the_future_nor_happened_after_receipt(world: World) -> None:
    assert (await world.record(A, received_on="2026-03-05", status=422))["errors"][0]["field"] == "received_on"
    assert (await world.record(A, occurred_on="2026-03-05", status=422))["errors"][0]["field"] == "occurred_on"
    await nothing_written(world)


async def test_fbk01_a_politician_records_only_input_they_received(world: World) -> None:
    await world.record(A, received_by=str(world.people[B]), status=403)
    await nothing_written(world)


async def test_fbk01_the_receiver_must_be_a_politician_in_the_register(world: World) -> None:
    world.people["Ukjent"] = __import__("uuid").uuid4()
    problem = await world.record("Ukjent", status=422)
    assert problem["errors"][0]["field"] == "received_by"
    await nothing_written(world)


async def test_fbk01_the_post_reception_records_for_a_named_politician(world: World) -> None:
    body = {
        "channel": "letter",
        "sender": {"kind": "resident", "name": "Ola", "postal_address": "Storgata 1, 9900 Kirkenes"},
        "text": "Brøytingen i Storgata ble ikke gjort mandag morgen, og bussen kom ikke fram.",
    }
    problem = await world.call("POST", "/items", world.as_post(), body, 422)
    assert problem["errors"][0]["field"] == "received_by"
    item = await world.call("POST", "/items", world.as_post(), body | {"received_by": str(world.people[B])}, 201)
    assert item["received_by"] == str(world.people[B])


async def test_fbk01_a_retry_with_the_same_idempotency_key_records_once(world: World) -> None:
    body = {
        "channel": "oral",
        "sender": {"kind": "resident", "name": "Kari"},
        "text": "Veien til Neiden er full av hull.",
    }
    headers = world.as_politician(A) | {"Idempotency-Key": "intake-1"}
    first = await world.call("POST", "/items", headers, body, 201)
    again = await world.h.client.post("/items", json=body, headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first["id"]
    assert await world.count(Item) == 1


async def test_fbk01_bola_another_politician_neither_sees_nor_routes_the_item(world: World) -> None:
    item = await world.record(A)
    other = world.as_politician(B)
    await world.call("GET", f"/items/{item['id']}", other, status=404)
    await world.call("POST", f"/items/{item['id']}/forward", other, {}, 404)
    await world.call("POST", f"/items/{item['id']}/guide", other, {}, 404)
    await world.call("GET", f"/items/{item['id']}/history", other, status=404)
    assert (await world.call("GET", "/items", other))["items"] == []
    mine = await world.call("GET", "/items", world.as_politician(A))
    assert [i["id"] for i in mine["items"]] == [item["id"]]
    assert (await world.call("GET", f"/items/{item['id']}", world.as_politician(A)))["version"] == 1


async def test_fbk02_sensitive_data_is_marked_and_never_shown_to_another_politician(world: World) -> None:
    item = await world.record(
        A, sensitive_categories=["health"], text="Min mor med demens fikk feil medisin på Wessel-heimen 2. mars."
    )
    assert item["sensitive"] is True and item["sensitive_categories"] == ["health"]
    await world.call("GET", f"/items/{item['id']}", world.as_politician(B), status=404)
    # The published events carry no text; the forwarded title is screened.
    await world.forward(A, item["id"])
    forwarded = (await world.events("no.folkevalgt.feedback.item.forwarded.v1"))[0]
    assert forwarded["title"] == "Innspill om Helse og omsorg"
    assert forwarded["sensitive"] is True
    assert "demens" not in str(await world.events("no.folkevalgt.feedback.item.status.changed.v1"))


async def test_fbk02_input_with_sensitive_data_is_not_sent_by_email(world: World) -> None:
    item = await world.record(
        A, sensitive=True, text="Sønnen min får ikke den spesialundervisningen vedtaket sier, skrev hun."
    )
    await world.forward(A, item["id"])
    assert await world.send_mail() == 1
    [sent] = world.sink.messages
    assert "spesialundervisningen" not in sent.as_string()
    assert item["id"] in sent.get_body(("plain",)).get_content()
    memo = await world.call("GET", f"/items/{item['id']}/memo", world.as_post())
    assert "spesialundervisningen" in memo["text"]


async def test_fbk01_what_asking_back_brings_is_added_and_the_input_judged_again(world: World) -> None:
    item = await world.record(A, text="Eldreomsorgen er dårlig.", unit_key=None, occurred_on=None)
    path = f"/items/{item['id']}"
    await world.call("PATCH", path, world.as_politician(B), {"occurred_on": "2026-03-02"}, 404)
    stale = world.as_politician(A) | {"If-Match": '"7"'}
    await world.call("PATCH", path, stale, {"occurred_on": "2026-03-02"}, 412)
    partly = await world.call("PATCH", path, world.as_politician(A), {"occurred_on": "2026-03-02"})
    assert partly["concreteness"]["missing"] == ["what", "unit", "place"] and partly["version"] == 2
    amended = await world.call(
        "PATCH",
        path,
        world.as_politician(A) | {"If-Match": '"2"'},
        {
            "text": "Hjemmetjenesten glemte medisinene til far min mandag kveld, og ingen ringte.",
            "unit_key": "helse-og-omsorg",
        },
    )
    assert amended["concreteness"] == {"concrete": True, "missing": [], "questions": []}
    assert amended["title"].startswith("Hjemmetjenesten glemte")
    assert (await world.call("PATCH", path, world.as_politician(A), {"unit_key": "ukjent"}, 422))["errors"][0][
        "field"
    ] == "unit_key"
    await world.forward(A, item["id"])
    problem = await world.call("PATCH", path, world.as_politician(A), {"place": "Hesseng"}, 422)
    assert problem["rule"] == "FBK-01"
