"""FBK-10..13: the routes the politician chooses — guidance, forwarding to the mayor and the chief executive
(a memo for oral input, the sender told), a meeting, a proxy on a written power of attorney."""

from __future__ import annotations

from datetime import timedelta

from feedback_api_support import A, B, C, World, oslo

from feedback.items.models import RouteAction
from feedback.proxies.models import Proxy

AUTHORIZED = "no.folkevalgt.feedback.proxy.authorized.v1"
REVOKED = "no.folkevalgt.feedback.proxy.revoked.v1"


def proxy_body(**fields: object) -> dict[str, object]:
    return {
        "power_of_attorney": {"written": True, "document_ref": "2026/311-1", "signed_on": "2026-03-04"},
        "case_numbers": ["2026/311"],
        "valid_from": "2026-03-04",
        "valid_to": "2026-12-31",
    } | fields


async def test_fbk10_guidance_for_a_resident_is_the_unit_and_the_web_form(world: World) -> None:
    item = await world.record(A)
    guidance = await world.call("GET", f"/items/{item['id']}/guidance", world.as_politician(A))
    assert [g["kind"] for g in guidance] == ["contact_unit", "web_form"]
    assert guidance[0]["title"] == "Ta kontakt med virksomheten: Helse og omsorg"
    assert guidance[0]["url"] == "https://www.sor-varanger.kommune.no/helse-og-omsorg"
    assert guidance[0]["contact"] == "postmottak@sor-varanger.kommune.no"


async def test_fbk10_guidance_for_an_employee_is_the_unit_whistleblowing_and_deviations(world: World) -> None:
    item = await world.record(A, sender={"kind": "employee", "name": "Per"})
    guidance = await world.call("GET", f"/items/{item['id']}/guidance", world.as_politician(A))
    assert [g["kind"] for g in guidance] == ["contact_unit", "whistleblowing", "deviation_system"]


async def test_fbk10_guiding_records_what_was_given_opens_no_case_and_closes_the_item(world: World) -> None:
    item = await world.record(A)
    guided = await world.call("POST", f"/items/{item['id']}/guide", world.as_politician(A), {"given_as": "email"})
    assert guided["status"] == "closed" and guided["routes"] == ["guide"] and guided["journal_number"] is None
    assert guided["next_step"] == {"owner": None, "due_on": None, "overdue": False}
    [route] = await world.call("GET", f"/items/{item['id']}/routes", world.as_politician(A))
    assert [g["kind"] for g in route["details"]["guidance"]] == ["contact_unit", "web_form"]
    assert await world.send_mail() == 1
    [sent] = world.sink.to("kari@example.no")
    assert "klage-og-innspill" in sent.get_body(("plain",)).get_content()
    # No case: it cannot be registered, and nothing more can be routed.
    await world.register(item["id"], status=422)
    await world.forward(A, item["id"], status=422)


async def test_fbk10_guidance_by_email_needs_the_senders_address(world: World) -> None:
    item = await world.record(A, sender={"kind": "resident", "name": "Ola"})
    problem = await world.call("POST", f"/items/{item['id']}/guide", world.as_politician(A), {"given_as": "email"}, 422)
    assert problem["errors"][0]["field"] == "given_as"
    assert await world.count(RouteAction) == 0


async def test_fbk10_a_forwarded_item_is_not_guided_instead(world: World) -> None:
    item = await world.record(A)
    await world.forward(A, item["id"])
    problem = await world.call("POST", f"/items/{item['id']}/guide", world.as_politician(A), {}, 422)
    assert problem["rule"] == "FBK-10"


async def test_fbk11_oral_input_becomes_a_memo_to_the_mayor_and_the_chief_executive(world: World) -> None:
    item = await world.record(
        A, place="Bjørnevatn", attachments=[{"ref": "arkiv:77", "name": "bilde.jpg"}], occurred_on="2026-03-03"
    )
    forwarded = await world.call(
        "POST", f"/items/{item['id']}/forward", world.as_politician(A), {"note": "Haster <b>litt</b>"}
    )
    assert forwarded["routes"] == ["forward"] and forwarded["status"] == "received"
    assert forwarded["next_step"]["owner"] == "post_reception"
    assert forwarded["next_step"]["due_on"] == "2026-03-06"  # 2 working days
    assert await world.send_mail() == 1
    [sent] = world.sink.messages
    assert {a.strip() for a in str(sent["To"]).split(",")} == {
        "ordforer@sor-varanger.kommune.no",
        "radmann@sor-varanger.kommune.no",
        "postmottak@sor-varanger.kommune.no",
    }
    assert sent["Subject"].startswith("Notat: Hjemmetjenesten kom ikke")
    text = sent.get_body(("plain",)).get_content()
    html = sent.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Ordfører og Rådmann" in body and "Aud Politiker" in body
        assert "Hjemmetjenesten kom ikke til min mor" in body
        assert "03.03.2026" in body and "Bjørnevatn" in body and "Helse og omsorg" in body
        assert "bilde.jpg" in body
    assert "Haster &lt;b&gt;litt&lt;/b&gt;" in html  # the politician's words are escaped
    memo = await world.h.client.get(f"/items/{item['id']}/memo?format=html", headers=world.as_politician(A))
    assert memo.headers["content-type"].startswith("text/html")
    assert memo.text.split() == html.split()  # as sent, but for SMTP line endings
    [event] = await world.events("no.folkevalgt.feedback.item.forwarded.v1")
    assert event["memo"] is True and event["recipients"] == ["Ordfører", "Rådmann"]
    assert event["due_on"] == "2026-03-06"
    messages = await world.call("GET", f"/items/{item['id']}/messages", world.as_politician(A))
    assert [(m["purpose"], m["status"]) for m in messages] == [("memo", "sent")]


async def test_fbk11_a_letter_is_forwarded_as_received(world: World) -> None:
    item = await world.record(
        A, channel="letter", sender={"kind": "resident", "name": "Ola", "postal_address": "Storgata 1"}
    )
    await world.forward(A, item["id"])
    memo = await world.call("GET", f"/items/{item['id']}/memo", world.as_politician(A))
    assert memo["subject"].startswith("Videresendt henvendelse")
    assert (await world.events("no.folkevalgt.feedback.item.forwarded.v1"))[0]["memo"] is False


async def test_fbk11_an_item_is_forwarded_once(world: World) -> None:
    item = await world.record(A)
    await world.forward(A, item["id"])
    problem = await world.forward(A, item["id"], status=422)
    assert problem["rule"] == "FBK-11"
    assert len(await world.events("no.folkevalgt.feedback.item.forwarded.v1")) == 1


async def test_fbk11_the_sender_is_told_by_email_with_the_journal_number(world: World) -> None:
    item = await world.record(A)
    await world.forward(A, item["id"])
    entry = await world.register(item["id"])
    assert await world.send_mail() == 2
    [notice] = world.sink.to("kari@example.no")
    assert entry["journalnummer"] in notice["Subject"]
    assert "sendt videre til ordfører og rådmann" in notice.get_body(("plain",)).get_content()
    got = await world.call("GET", f"/items/{item['id']}", world.as_politician(A))
    assert got["sender_informed"] == "email"


async def test_fbk11_a_sender_without_email_gets_a_letter_through_the_case_management_system(world: World) -> None:
    item = await world.record(
        A, channel="letter", sender={"kind": "resident", "name": "Ola", "postal_address": "Storgata 1, 9900 Kirkenes"}
    )
    await world.forward(A, item["id"])
    entry = await world.register(item["id"])
    [letter] = await world.events("no.folkevalgt.feedback.letter.requested.v1")
    assert letter["recipient_name"] == "Ola" and letter["recipient_address"] == "Storgata 1, 9900 Kirkenes"
    assert letter["journal_number"] == entry["journalnummer"] and entry["journalnummer"] in letter["text"]
    assert "Hjemmetjenesten" not in letter["text"]  # the notice, not the input
    await world.send_mail()
    assert world.sink.to("Ola") == []


async def test_fbk11_an_anonymous_sender_cannot_be_told(world: World) -> None:
    item = await world.record(A, sender={"kind": "resident", "anonymous": True})
    await world.forward(A, item["id"])
    await world.register(item["id"])
    got = await world.call("GET", f"/items/{item['id']}", world.as_post())
    assert got["sender_informed"] == "not_possible"
    assert await world.events("no.folkevalgt.feedback.letter.requested.v1") == []


async def test_fbk12_a_meeting_is_recorded_without_access_to_confidential_information(world: World) -> None:
    item = await world.record(A)
    body = {"meeting_on": "2026-03-10", "participants": ["Kari Nordmann", "Enhetsleder"], "purpose": "Avklare vedtaket"}
    met = await world.call("POST", f"/items/{item['id']}/meeting", world.as_politician(A), body)
    assert "taushetsbelagte" in met["reminder"]
    assert met["next_step"] == {"owner": "politician", "due_on": "2026-03-17", "overdue": False}
    [route] = await world.call("GET", f"/items/{item['id']}/routes", world.as_politician(A))
    assert route["details"]["confidential_access"] is False
    assert await world.events(AUTHORIZED) == []
    problem = await world.call(
        "POST", f"/items/{item['id']}/meeting", world.as_politician(A), body | {"participants": []}, 422
    )
    assert problem["errors"][0]["field"] == "body.participants"


async def test_fbk13_a_proxy_publishes_proxy_authorized_per_the_contract(world: World) -> None:
    item = await world.record(A)
    proxy = await world.call("POST", f"/items/{item['id']}/proxy", world.as_politician(A), proxy_body(), 201)
    assert proxy["person_id"] == str(world.people[A]) and proxy["in_force"] is True
    assert "inhabil" in proxy["reminder"]
    [event] = await world.events(AUTHORIZED)
    assert event == {
        "proxy_id": proxy["id"],
        "person_id": str(world.people[A]),
        "resident_ref": f"feedback-item:{item['id']}",
        "case_numbers": ["2026/311"],
        "power_of_attorney_ref": "2026/311-1",
        "valid_from": "2026-03-04",
        "valid_to": "2026-12-31",
        "version": 1,
        "changed_at": event["changed_at"],
    }
    revoked = await world.call(
        "POST", f"/proxies/{proxy['id']}/revoke", world.as_politician(A), {"reason": "Saken er avsluttet"}
    )
    assert revoked["status"] == "revoked" and revoked["in_force"] is False
    [ended] = await world.events(REVOKED)
    assert ended["version"] == 2 and ended["proxy_id"] == proxy["id"] and ended["revoked_at"]
    await world.call("POST", f"/proxies/{proxy['id']}/revoke", world.as_politician(A), {}, 409)
    assert len(await world.events(REVOKED)) == 1


async def test_fbk13_a_proxy_without_a_written_power_of_attorney_is_refused_and_nothing_written(world: World) -> None:
    item = await world.record(A)
    path, me = f"/items/{item['id']}/proxy", world.as_politician(A)
    missing = {k: v for k, v in proxy_body().items() if k != "power_of_attorney"}
    problem = await world.call("POST", path, me, missing, 422)
    assert [e["field"] for e in problem["errors"]] == ["body.power_of_attorney"]
    oral = proxy_body(power_of_attorney={"written": False, "document_ref": "muntlig"})
    problem = await world.call("POST", path, me, oral, 422)
    assert problem["rule"] == "FBK-13" and problem["errors"][0]["field"] == "power_of_attorney.written"
    blank = proxy_body(power_of_attorney={"written": True, "document_ref": "  "})
    assert (await world.call("POST", path, me, blank, 422))["errors"][0]["field"] == "power_of_attorney.document_ref"
    no_case = proxy_body(case_numbers=[])
    assert (await world.call("POST", path, me, no_case, 422))["errors"][0]["field"] == "case_numbers"
    backwards = proxy_body(valid_from="2026-05-01", valid_to="2026-04-30")
    assert (await world.call("POST", path, me, backwards, 422))["errors"][0]["field"] == "valid_to"
    ended = proxy_body(valid_from="2026-01-01", valid_to="2026-03-03")
    assert (await world.call("POST", path, me, ended, 422))["errors"][0]["field"] == "valid_to"
    assert await world.count(Proxy) == 0 and await world.events(AUTHORIZED) == []
    assert (await world.call("GET", f"/items/{item['id']}", me))["routes"] == []


async def test_fbk13_no_proxy_for_anonymous_input(world: World) -> None:
    item = await world.record(A, sender={"kind": "resident", "anonymous": True})
    problem = await world.call("POST", f"/items/{item['id']}/proxy", world.as_politician(A), proxy_body(), 422)
    assert problem["rule"] == "FBK-13"


async def test_fbk13_one_proxy_at_a_time_and_another_after_revocation(world: World) -> None:
    item = await world.record(A)
    path, me = f"/items/{item['id']}/proxy", world.as_politician(A)
    first = await world.call("POST", path, me, proxy_body(), 201)
    assert (await world.call("POST", path, me, proxy_body(), 422))["rule"] == "FBK-13"
    await world.call("POST", f"/proxies/{first['id']}/revoke", me, {})
    await world.call("POST", path, me, proxy_body(), 201)


async def test_fbk13_another_politician_as_proxy_sees_the_item_only_while_in_force(world: World) -> None:
    item = await world.record(A)
    body = proxy_body(person_id=str(world.people[B]), valid_from="2026-03-05")
    proxy = await world.call("POST", f"/items/{item['id']}/proxy", world.as_politician(A), body, 201)
    assert proxy["in_force"] is False  # from tomorrow
    await world.call("GET", f"/items/{item['id']}", world.as_politician(B), status=404)
    world.set_clock(oslo(2026, 3, 5))
    assert (await world.call("GET", f"/items/{item['id']}", world.as_politician(B)))["proxy_person_ids"] == [
        str(world.people[B])
    ]
    assert [i["id"] for i in (await world.call("GET", "/items", world.as_politician(B)))["items"]] == [item["id"]]
    assert [p["id"] for p in (await world.call("GET", "/proxies", world.as_politician(B)))["items"]] == [proxy["id"]]
    assert (await world.call("GET", "/proxies", world.as_politician(C)))["items"] == []
    await world.call("GET", f"/items/{item['id']}", world.as_politician(C), status=404)  # the wrong person
    await world.call("GET", f"/proxies/{proxy['id']}", world.as_politician(C), status=404)
    # The proxy may not route the resident's item; that is the receiver's choice.
    await world.call("POST", f"/items/{item['id']}/forward", world.as_politician(B), {}, 403)
    await world.call("POST", f"/proxies/{proxy['id']}/revoke", world.as_politician(B), {})
    await world.call("GET", f"/items/{item['id']}", world.as_politician(B), status=404)


async def test_fbk13_a_power_of_attorney_past_its_last_day_ends_with_proxy_revoked(world: World) -> None:
    item = await world.record(A)
    proxy = await world.call(
        "POST", f"/items/{item['id']}/proxy", world.as_politician(A), proxy_body(valid_to="2026-03-06"), 201
    )
    world.set_clock(oslo(2026, 3, 6, 23))
    await world.sweep()
    assert await world.events(REVOKED) == []  # the last day is still in force
    world.set_clock(oslo(2026, 3, 6, 23) + timedelta(hours=2))
    await world.sweep()
    [ended] = await world.events(REVOKED)
    assert ended["proxy_id"] == proxy["id"] and ended["version"] == 2
    await world.sweep()
    assert len(await world.events(REVOKED)) == 1
    assert (await world.call("GET", f"/proxies/{proxy['id']}", world.as_politician(A)))["status"] == "ended"


async def test_fbk11_a_message_the_mail_server_refuses_is_kept_and_sent_later(world: World) -> None:
    item = await world.record(A)
    await world.forward(A, item["id"])
    world.sink.refuse = True
    assert await world.send_mail() == 0
    [message] = await world.call("GET", f"/items/{item['id']}/messages", world.as_politician(A))
    assert message["status"] == "pending" and world.sink.messages == []
    world.sink.refuse = False
    world.set_clock(oslo(2026, 3, 4, 11))  # past the retry's backoff
    assert await world.send_mail() == 1
    assert len(world.sink.messages) == 1
    assert await world.send_mail() == 0  # sent once
