"""The speakers' list through the API: a politician's app asks for the floor, the chair gives it in order with
the seed's time limits (MTG-19), interpellations and questions (MTG-31), rights to speak without a vote
(MTG-03) and the case rapporteur in turn (MTG-18)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from folkevalgt_shared.testing import Harness


async def get(h: Harness, path: str) -> Any:
    response = await h.client.get(path, headers=h.headers())
    assert response.status_code == 200, response.text
    return response.json()


def rule(problem: dict[str, Any], rule_id: str) -> None:
    assert problem.get("rule") == rule_id, problem


async def test_mtg19_the_floor_in_order_of_signing_up_with_replies_and_the_time_limits(
    meetings: Harness, build: Any
) -> None:
    board = await build.body(["chair", "member", "member", "member"], names=["Leder", "Anne", "Bjørn", "Cato"])
    m = await build.meeting(board, constituted=True)
    speakers = f"{m.base}/agenda/{m.items[0]['id']}/speakers"
    anne, bjorn, cato, chair = (board.people[n] for n in ("Anne", "Bjørn", "Cato", "Leder"))

    async def ask(person: str, status: int = 201, **details: Any) -> Any:
        return await meetings.post(speakers, {"person_id": person, **details}, status)

    async def give(request: dict[str, Any], status: int = 200) -> Any:
        return await meetings.post(f"{speakers}/{request['id']}/floor", status=status)

    async def end(request: dict[str, Any]) -> Any:
        return await meetings.post(f"{speakers}/{request['id']}/end", status=200)

    first = await ask(anne)
    second = await ask(bjorn)
    assert first["limit_seconds"] == 300 and first["state"] == "waiting" and second["number"] == 2
    rule(await give(second, 422), "MTG-19")  # not before the one who signed up first
    given = await give(first)
    ends_by = datetime.fromisoformat(given["ends_by"]) - datetime.fromisoformat(given["given_at"])
    assert given["state"] == "speaking" and ends_by.total_seconds() == 300
    await give(second, 409)  # one speaker at a time
    # Replies are signed up for during the speech, to the speech, 1 minute each.
    reply = await ask(cato, kind="reply", reply_to=first["id"])
    assert reply["limit_seconds"] == 60
    rule(await ask(anne, 422, kind="reply", reply_to=first["id"]), "MTG-19")  # not to one's own speech
    rule(await ask(bjorn, 422, kind="reply", reply_to=reply["id"]), "MTG-19")  # not to a reply
    rule(await ask(cato, 422, kind="reply", reply_to=first["id"]), "MTG-19")  # not twice
    rule(await ask(chair, 422, kind="reply", reply_to=first["id"]), "MTG-19")  # the chair hands over first
    await end(first)
    rule(await ask(bjorn, 422, kind="reply", reply_to=first["id"]), "MTG-19")  # too late: the speech is over
    rule(await give(second, 422), "MTG-19")  # the reply round comes before the next speech
    await give(reply)
    closing = await ask(anne, kind="closing_reply", reply_to=first["id"])
    assert closing["limit_seconds"] == 60
    await end(reply)
    rule(await ask(anne, 422, kind="closing_reply", reply_to=first["id"]), "MTG-19")  # once
    rule(await give(second, 422), "MTG-19")
    await give(closing)
    await end(closing)
    await give(second)
    await end(second)
    # A second speech has 2 minutes; a third too (the rules set no other limit).
    again = await ask(anne)
    assert again["limit_seconds"] == 120
    await give(again)
    await end(again)
    assert (await ask(anne))["limit_seconds"] == 120
    # The chair takes part in the debate only after handing the chair over.
    rule(await ask(chair, 422), "MTG-19")
    listed = await get(meetings, speakers)
    assert [r["number"] for r in listed["requests"]] == list(range(1, 7))
    assert [r["state"] for r in listed["requests"]] == ["done"] * 5 + ["waiting"]
    assert not any(r["over_time"] for r in listed["requests"])


async def test_mtg19_no_new_speakers_and_no_replies_after_the_list_is_closed(meetings: Harness, build: Any) -> None:
    board = await build.body(["chair", "member", "member"], names=["Leder", "Anne", "Bjørn"])
    m = await build.meeting(board, constituted=True)
    speakers = f"{m.base}/agenda/{m.items[0]['id']}/speakers"
    anne, bjorn = board.people["Anne"], board.people["Bjørn"]
    signed = await meetings.post(speakers, {"person_id": anne})
    closed = await meetings.post(f"{speakers}/close", status=200)
    assert closed["closed_at"] and [r["id"] for r in closed["requests"]] == [signed["id"]]
    await meetings.post(f"{speakers}/close", status=409)
    rule(await meetings.post(speakers, {"person_id": bjorn}, 422), "MTG-19")
    await meetings.post(f"{speakers}/{signed['id']}/floor", status=200)  # those signed up keep their place
    rule(await meetings.post(speakers, {"person_id": bjorn, "kind": "reply", "reply_to": signed["id"]}, 422), "MTG-19")


async def test_mtg19_a_politician_asks_for_the_floor_only_for_themself_and_only_while_the_meeting_sits(
    meetings: Harness, build: Any
) -> None:
    board = await build.body(["chair", "member", "member"], names=["Leder", "Anne", "Bjørn"])
    m = await build.meeting(board)
    speakers = f"{m.base}/agenda/{m.items[0]['id']}/speakers"
    anne, bjorn = board.people["Anne"], board.people["Bjørn"]
    await meetings.post(speakers, {"person_id": anne}, 409)  # not constituted yet
    await meetings.post(
        f"{m.base}/roll-call", {"present": board.voting, "notice_approved": True, "agenda_approved": True}, 200
    )
    app = meetings.headers("meetings:read", sub=anne)
    other = await meetings.client.post(speakers, json={"person_id": bjorn}, headers=app)
    assert other.status_code == 403
    own = await meetings.client.post(speakers, json={"person_id": anne}, headers=app)
    assert own.status_code == 201 and own.json()["person_id"] == anne
    # Giving the floor is the chair's console's (the secretariat's scope), not the app's.
    given = await meetings.client.post(f"{speakers}/{own.json()['id']}/floor", headers=app)
    assert given.status_code == 403


async def test_mtg03_rights_to_speak_without_a_vote_are_recorded_per_body_and_enforced(
    meetings: Harness, build: Any
) -> None:
    committee = await build.body(
        ["chair", "member", "member"], key="living-conditions-committee", body_type="standing_committee"
    )
    planning = await build.body(["chair", "member"], key="planning-committee", body_type="standing_committee")
    chief, elderly, outsider, agreed = [
        (await meetings.post("/people", {"name": n}))["id"] for n in ("Rådmann", "Eldrerådsleder", "Utenfor", "Avtale")
    ]

    async def grant(body: Any, person: str, capacity: str, status: int = 201, **extra: Any) -> Any:
        right = {"person_id": person, "capacity": capacity, "start_date": "2023-10-01", **extra}
        return await meetings.post(f"/bodies/{body.id}/rights", right, status)

    recorded = await grant(committee, chief, "chief_executive")
    assert recorded["attend"] and recorded["speak"] and not recorded["propose"] and not recorded["duty_to_attend"]
    await grant(committee, elderly, "elderly_council_leader")
    rule(await grant(planning, elderly, "elderly_council_leader", 422), "MTG-03")  # only in living conditions
    rule(await grant(planning, chief, "chief_executive", 422, rights={"propose": True}), "MTG-03")  # fixed by rules
    rule(await grant(planning, agreed, "other", 422, rights={"speak": True}), "MTG-03")  # no basis
    rule(await grant(planning, agreed, "other", 422, basis="Avtale 2024"), "MTG-03")  # no right stated
    await grant(planning, agreed, "other", rights={"attend": True, "speak": True}, basis="Avtale med NAV 2024")
    assert [r["capacity"] for r in await get(meetings, f"/bodies/{committee.id}/rights")] == [
        "chief_executive",
        "elderly_council_leader",
    ]
    m = await build.meeting(committee, constituted=True)
    speakers = f"{m.base}/agenda/{m.items[0]['id']}/speakers"
    assert (await meetings.post(speakers, {"person_id": chief}))["limit_seconds"] == 300
    await meetings.post(speakers, {"person_id": elderly})
    rule(await meetings.post(speakers, {"person_id": outsider}, 422), "MTG-03")
    # A member of another body has no right here either.
    rule(await meetings.post(speakers, {"person_id": planning.members[1]}, 422), "MTG-03")


async def interpellation_meeting(meetings: Harness, build: Any, kind: str) -> dict[str, Any]:
    council = await build.council(["mayor", "member", "member"], names=["Ordfører", "Spør", "Annen"])
    m = await build.meeting(council, days_ahead=20)
    asked = await meetings.post(
        f"{m.base}/questions", {"asker_id": council.people["Spør"], "kind": kind, "text": "Hva gjør kommunen?"}
    )
    roll_call = {"present": council.voting, "notice_approved": True, "agenda_approved": True}
    await meetings.post(f"{m.base}/roll-call", roll_call, 200)
    return {"speakers": f"{m.base}/questions/{asked['id']}/speakers", "people": council.people}


async def test_mtg31_interpellation_two_speeches_for_interpellant_and_mayor_one_for_others(
    meetings: Harness, build: Any
) -> None:
    i = await interpellation_meeting(meetings, build, "interpellation")
    speakers, people = i["speakers"], i["people"]

    async def speak(name: str, status: int = 201, **details: Any) -> Any:
        asked = await meetings.post(speakers, {"person_id": people[name], **details}, status)
        if status == 201:
            await meetings.post(f"{speakers}/{asked['id']}/floor", status=200)
            await meetings.post(f"{speakers}/{asked['id']}/end", status=200)
        return asked

    assert (await speak("Spør"))["limit_seconds"] == 300
    assert (await speak("Ordfører"))["limit_seconds"] == 300
    assert (await speak("Annen"))["limit_seconds"] == 300
    rule(await speak("Annen", 422), "MTG-31")  # others once
    assert (await speak("Spør"))["limit_seconds"] == 120
    assert (await speak("Ordfører"))["limit_seconds"] == 120
    rule(await speak("Spør", 422), "MTG-31")  # twice at most
    rule(await speak("Ordfører", 422), "MTG-31")
    listed = await get(meetings, speakers)
    assert listed["debate"] == "interpellation" and len(listed["requests"]) == 5
    assert listed["over_main_rule"] is False and listed["spoken_seconds"] < 30 * 60


async def test_mtg31_a_question_is_the_askers_and_the_mayors_one_speech_and_remark_each(
    meetings: Harness, build: Any
) -> None:
    q = await interpellation_meeting(meetings, build, "question")
    speakers, people = q["speakers"], q["people"]
    rule(await meetings.post(speakers, {"person_id": people["Annen"]}, 422), "MTG-31")  # nobody else
    speech = await meetings.post(speakers, {"person_id": people["Spør"]})
    assert speech["limit_seconds"] == 300
    await meetings.post(f"{speakers}/{speech['id']}/floor", status=200)
    await meetings.post(f"{speakers}/{speech['id']}/end", status=200)
    rule(await meetings.post(speakers, {"person_id": people["Spør"]}, 422), "MTG-31")  # one speech
    answer = await meetings.post(speakers, {"person_id": people["Ordfører"]})
    assert answer["limit_seconds"] == 300
    remark = await meetings.post(speakers, {"person_id": people["Spør"], "kind": "remark"})
    assert remark["limit_seconds"] == 60
    rule(await meetings.post(speakers, {"person_id": people["Spør"], "kind": "remark"}, 422), "MTG-31")
    rule(
        await meetings.post(
            speakers, {"person_id": people["Ordfører"], "kind": "reply", "reply_to": speech["id"]}, 422
        ),
        "MTG-31",
    )


async def test_mtg18_the_case_rapporteur_is_a_member_in_turn(meetings: Harness, build: Any) -> None:
    board = await build.body(["chair", "member", "member", "deputy"], names=["Leder", "Anne", "Bjørn", "Vara"])
    m = await build.meeting(board, notice=False, agenda=())
    outsider = (await meetings.post("/people", {"name": "Utenfor"}))["id"]
    for person in (outsider, board.people["Vara"]):  # not a member; a deputy is not a member either
        problem = await meetings.post(
            f"{m.base}/agenda", {"case_number": "001/26", "title": "Sak", "rapporteur_id": person}, 422
        )
        rule(problem, "MTG-18")
        assert problem["errors"][0]["field"] == "rapporteur_id"
    assert (await get(meetings, m.base))["agenda"] == []
    turns = []
    for n in range(1, 5):
        item = await meetings.post(f"{m.base}/agenda", {"case_number": f"00{n}/26", "title": f"Sak {n}"})
        turns.append(item["rapporteur_id"])
    leader, anne, bjorn = (board.people[n] for n in ("Leder", "Anne", "Bjørn"))
    assert turns == [leader, anne, bjorn, leader]
    # Appointed out of turn: the next in turn is then the one who has presented fewest.
    named = await meetings.post(f"{m.base}/agenda", {"case_number": "005/26", "title": "Sak 5", "rapporteur_id": bjorn})
    assert named["rapporteur_id"] == bjorn
    following = await meetings.post(f"{m.base}/agenda", {"case_number": "006/26", "title": "Sak 6"})
    assert following["rapporteur_id"] == anne
