"""The treatment of a case: proposals (MTG-20), opening the vote (MTG-21), arrivals and leaves
(MTG-12, MTG-16), vote methods (MTG-29), test and item votes (MTG-23) and the budget (MTG-24)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="remuneration", url="http://remuneration/events", types=["*"])]


@pytest.fixture
async def council(build: Any) -> dict[str, Any]:
    """A body of 5 (quorum 3) with a deputy; two ordinary cases and a budget case; the notice published."""
    roles = ["chair", "member", "member", "member", "member", "deputy"]
    seated = await build.body(roles, key="council", name="Rådet", quorum=3, names=[f"Person {i}" for i in range(6)])
    cases = [{"case_number": f"00{i}/26", "title": f"Sak {i}"} for i in (1, 2)]
    budget = {"case_number": "003/26", "title": "Budsjett", "budget": True}
    m = await build.meeting(seated, days_ahead=20, agenda=[*cases, budget])
    return {
        "base": m.base,
        "cases": m.items[:2],
        "budget": m.items[2],
        "members": seated.voting,
        "deputy": seated.members[5],
    }


async def get(h: Harness, path: str) -> Any:
    response = await h.client.get(path, headers=h.headers())
    assert response.status_code == 200, response.text
    return response.json()


async def events_of(h: Harness, kind: str) -> list[dict[str, Any]]:
    o = h.app.state.platform.outbox
    async with h.app.state.db.transaction() as session:
        rows = (await session.execute(select(o.c.payload).where(o.c.event_type.like(f"%.{kind}.v1")))).scalars()
        return [json.loads(p)["data"] for p in rows.all()]


def all_for(voters: list[str]) -> list[dict[str, str]]:
    return [{"voter_id": v, "option": "for"} for v in voters]


async def test_mtg20_only_members_taking_part_make_proposals_and_withdrawn_ones_stay(
    meetings: Harness, council: dict[str, Any]
) -> None:
    base, members, deputy = council["base"], council["members"], council["deputy"]
    case = f"{base}/agenda/{council['cases'][0]['id']}"
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members[:4]}, 200
    )
    made = await meetings.post(
        f"{case}/proposals",
        {"proposer_id": members[1], "kind": "alternative", "text": "Saken utsettes", "items": ["Ett", "To"]},
    )
    assert made["status"] == "made" and made["items"] == ["Ett", "To"]
    outsider = (await meetings.post("/people", {"name": "Tilhører"}))["id"]
    for stranger in (outsider, deputy, members[4], str(uuid.uuid4())):  # not a member sitting in the case
        problem = await meetings.post(
            f"{case}/proposals", {"proposer_id": stranger, "kind": "amendment", "text": "Endring"}, 422
        )
        assert problem["rule"] == "MTG-20" and problem["errors"][0]["field"] == "proposer_id"
    bad_kind = await meetings.post(f"{case}/proposals", {"proposer_id": members[1], "kind": "wish", "text": "X"}, 422)
    assert bad_kind["errors"][0]["field"].endswith("kind")
    one_item = await meetings.post(
        f"{case}/proposals", {"proposer_id": members[1], "kind": "addition", "text": "X", "items": ["Ett"]}, 422
    )
    assert one_item["errors"][0]["field"] == "items"
    withdrawn = await meetings.post(f"{case}/proposals/{made['id']}/withdraw", status=200)
    assert withdrawn["status"] == "withdrawn" and withdrawn["withdrawn_at"]
    assert (await meetings.post(f"{case}/proposals/{made['id']}/withdraw", status=409))["type"].endswith("conflict")
    listed = await get(meetings, f"{case}/proposals")
    assert [(p["id"], p["status"]) for p in listed] == [(made["id"], "withdrawn")]  # nothing else written
    voted = await meetings.post(f"{case}/votes", {"proposal_id": made["id"], "ballots": all_for(members[:4])}, 422)
    assert voted["rule"] == "MTG-20"


async def test_mtg21_no_new_proposal_and_no_other_case_while_voting_is_open(
    meetings: Harness, council: dict[str, Any]
) -> None:
    base, members = council["base"], council["members"]
    first, second = (f"{base}/agenda/{c['id']}" for c in council["cases"])
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members}, 200
    )
    proposal = await meetings.post(
        f"{first}/proposals", {"proposer_id": members[2], "kind": "alternative", "text": "Nei"}
    )
    opened = await meetings.post(f"{first}/voting", status=200)
    assert (
        opened["voting_open"] is True
        and opened["voting_opened_at"]
        and sorted(opened["taking_part"]) == sorted(members)
    )
    late = await meetings.post(f"{first}/proposals", {"proposer_id": members[1], "kind": "amendment", "text": "X"}, 422)
    assert late["rule"] == "MTG-21"
    assert (await meetings.post(f"{first}/proposals/{proposal['id']}/withdraw", status=422))["rule"] == "MTG-21"
    assert [p["status"] for p in await get(meetings, f"{first}/proposals")] == ["made"]
    elsewhere = await meetings.post(f"{second}/votes", {"motion": "M", "ballots": all_for(members)}, 422)
    assert elsewhere["rule"] == "MTG-21"
    assert (await meetings.post(f"{second}/voting", status=422))["rule"] == "MTG-21"
    assert (
        await meetings.post(f"{second}/proposals", {"proposer_id": members[1], "kind": "amendment", "text": "X"}, 422)
    )["rule"] == "MTG-21"
    assert await get(meetings, f"{second}/votes") == [] and await get(meetings, f"{second}/proposals") == []

    decided = await meetings.post(
        f"{first}/votes",
        {"proposal_id": proposal["id"], "method": "show_of_hands", "against": members[:3], "final": True},
    )
    assert decided["result"] == "rejected" and decided["final"] is True and decided["motion"] == {"text": "Nei"}
    state = await get(meetings, f"{first}/treatment")
    assert state["decided_at"] and state["voting_open"] is False and state["decision_vote_id"] == decided["id"]
    again = await meetings.post(f"{first}/votes", {"motion": "M", "ballots": all_for(members)}, 409)
    assert again["rule"] == "MTG-21"
    assert [v["id"] for v in await get(meetings, f"{first}/votes")] == [decided["id"]]  # nothing changed
    await meetings.post(f"{second}/votes", {"motion": "Innstillingen", "method": "tacit", "final": True})
    decisions = await events_of(meetings, "decision.made")
    assert sorted((d["method"], d["final"], d["adopted"]) for d in decisions) == [
        ("show_of_hands", True, False),
        ("tacit", True, True),
    ]


async def test_mtg16_a_member_arriving_during_a_vote_joins_from_the_next_case(
    meetings: Harness, council: dict[str, Any]
) -> None:
    base, members = council["base"], council["members"]
    first, second = council["cases"]
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members[:3]}, 200
    )
    early = await meetings.post(f"{base}/arrivals", {"person_id": members[3]})
    assert early["joins_from"] == first["id"]  # before any vote: takes part in the first case
    votes = f"{base}/agenda/{first['id']}/votes"
    await meetings.post(votes, {"motion": "Prøve", "kind": "test", "ballots": all_for(members[:4])})  # the vote begins
    during = await meetings.post(f"{base}/arrivals", {"person_id": members[4]})
    assert during["joins_from"] == second["id"]  # arrived during the vote: from the next case
    refused = await meetings.post(votes, {"motion": "M", "ballots": all_for(members), "final": True}, 422)
    assert refused["rule"] == "MTG-22" and members[4] in refused["errors"][0]["message"]
    decided = await meetings.post(votes, {"motion": "M", "ballots": all_for(members[:4]), "final": True})
    assert decided["counts"][0] == {"option": "yes", "value": 4}
    next_case = f"{base}/agenda/{second['id']}/votes"
    joined = await meetings.post(next_case, {"motion": "M", "ballots": all_for(members), "final": True})
    assert joined["counts"][0] == {"option": "yes", "value": 5}
    await meetings.post(f"{base}/leaves", {"person_id": members[4], "application": "Syk barn"})
    assert (await meetings.post(f"{base}/arrivals", {"person_id": members[4]}, 409))["type"].endswith("conflict")


async def test_mtg16_arrival_after_the_vote_started_counts_from_the_next_case(
    meetings: Harness, council: dict[str, Any]
) -> None:
    base, members = council["base"], council["members"]
    first, second = council["cases"]
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members[:4]}, 200
    )
    await meetings.post(f"{base}/agenda/{first['id']}/voting", status=200)
    arrival = await meetings.post(f"{base}/arrivals", {"person_id": members[4]})
    assert arrival["joins_from"] == second["id"]
    stranger = await meetings.post(f"{base}/arrivals", {"person_id": str(uuid.uuid4())}, 422)
    assert stranger["errors"][0]["field"] == "person_id"
    path = f"{base}/agenda/{first['id']}/votes"
    refused = await meetings.post(path, {"motion": "M", "ballots": all_for(members)}, 422)
    assert refused["rule"] == "MTG-22" and members[4] in refused["errors"][0]["message"]
    await meetings.post(path, {"motion": "M", "ballots": all_for(members[:4]), "final": True})
    cases = await get(meetings, f"{base}/participation")
    assert members[4] not in cases[0]["taking_part"] and members[4] in cases[1]["taking_part"]
    assert cases[0]["quorate"] is True
    missing = await meetings.post(
        f"{base}/agenda/{second['id']}/votes", {"motion": "M", "ballots": all_for(members[:4])}, 422
    )
    assert missing["rule"] == "MTG-22" and members[4] in missing["errors"][0]["message"]
    people = {p["person_id"]: p for p in await get(meetings, f"{base}/participants")}
    assert people[members[4]]["present"] is True and people[members[4]]["arrived_at"] == arrival["arrived_at"]


async def test_mtg12_no_leave_before_the_case_under_treatment_is_finished(
    meetings: Harness, council: dict[str, Any]
) -> None:
    base, members = council["base"], council["members"]
    first, second = (f"{base}/agenda/{c['id']}" for c in council["cases"])
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members[:4]}, 200
    )
    await meetings.post(f"{first}/proposals", {"proposer_id": members[1], "kind": "amendment", "text": "Endring"})
    leave = {"person_id": members[3], "application": "Må hente barn"}
    debating = await meetings.post(f"{base}/leaves", leave, 422)
    assert debating["rule"] == "MTG-12"
    await meetings.post(f"{first}/voting", status=200)
    voting = await meetings.post(f"{base}/leaves", leave, 422)
    assert voting["rule"] == "MTG-12" and "vote" in voting["detail"]
    people = {p["person_id"]: p for p in await get(meetings, f"{base}/participants")}
    assert people[members[3]]["departed_at"] is None  # nothing changed
    await meetings.post(f"{first}/votes", {"motion": "Innstillingen", "method": "tacit", "final": True})
    unwritten = await meetings.post(f"{base}/leaves", {"person_id": members[3]}, 422)
    assert unwritten["errors"][0]["field"].endswith("application")
    left = await meetings.post(f"{base}/leaves", leave)
    assert (await meetings.post(f"{base}/leaves", leave, 409))["type"].endswith("conflict")
    await meetings.post(f"{base}/leaves", {"person_id": members[2], "application": "Fly"})
    # Two left: only 2 of the quorum of 3 take part in the next case (MTG-02).
    cases = await get(meetings, f"{base}/participation")
    assert cases[0]["quorate"] and members[3] in cases[0]["taking_part"]
    assert not cases[1]["quorate"] and members[3] not in cases[1]["taking_part"]
    problem = await meetings.post(f"{second}/votes", {"motion": "M", "ballots": all_for(members[:2])}, 422)
    assert problem["rule"] == "MTG-02"
    await meetings.post(f"{base}/close", status=200)
    attendance = {a["person_id"]: a for a in await events_of(meetings, "attendance.recorded")}
    assert attendance[members[3]]["attended_to"].replace("Z", "+00:00") == left["departed_at"].replace("Z", "+00:00")
    assert attendance[members[0]]["attended_to"] > attendance[members[3]]["attended_to"]
    minutes = await get(meetings, f"{base}/minutes")
    assert [(x["name"], x["application"]) for x in minutes["leaves"]] == [
        ("Person 3", "Må hente barn"),
        ("Person 2", "Fly"),
    ] or sorted(x["name"] for x in minutes["leaves"]) == ["Person 2", "Person 3"]
    assert minutes["cases"][0]["proposals"][0]["text"] == "Endring"
    assert "Person 3" in minutes["cases"][0]["taking_part"] and "Person 3" not in minutes["cases"][1]["taking_part"]
    public = await get(meetings, f"{base}/minutes?public=true")
    assert all(x["application"] is None for x in public["leaves"])


async def test_mtg29_vote_methods(meetings: Harness, council: dict[str, Any]) -> None:
    base, members = council["base"], council["members"]
    path = f"{base}/agenda/{council['cases'][0]['id']}/votes"
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members[:4]}, 200
    )
    tacit = await meetings.post(path, {"motion": "Innstillingen", "method": "tacit"})
    assert tacit["counts"] == [{"option": "yes", "value": 4}, {"option": "no", "value": 0}]
    assert {v["role"] for v in tacit["votes"]} == {"chair", "member"} and len(tacit["votes"]) == 4
    hands = await meetings.post(path, {"motion": "Forslag", "method": "show_of_hands", "against": [members[1]]})
    assert hands["result"] == "adopted" and hands["counts"][1] == {"option": "no", "value": 1}
    assert {"voter_id": members[1], "option": "no", "role": "member"} in hands["votes"]
    refusals = [
        ({"motion": "M", "method": "secret_ballot"}, "MTG-29"),
        ({"motion": "M", "method": "tacit", "against": [members[1]]}, "MTG-29"),
        ({"motion": "M", "method": "show_of_hands", "ballots": all_for(members[:4])}, "MTG-29"),
        ({"motion": "M", "method": "show_of_hands", "against": [str(uuid.uuid4())]}, "MTG-22"),
        ({"motion": "M", "ballots": all_for([*members[:4], str(uuid.uuid4())])}, "MTG-22"),  # unknown voter
    ]
    for body, rule in refusals:
        assert (await meetings.post(path, body, 422))["rule"] == rule
    assert len(await get(meetings, path)) == 2  # nothing recorded by the refused votes
    assert len(await events_of(meetings, "decision.made")) == 2


async def test_mtg23_test_votes_bind_nothing_and_items_come_before_the_whole(
    meetings: Harness, council: dict[str, Any]
) -> None:
    base, members = council["base"], council["members"]
    case = f"{base}/agenda/{council['cases'][0]['id']}"
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members[:4]}, 200
    )
    proposal = await meetings.post(
        f"{case}/proposals",
        {"proposer_id": members[1], "kind": "alternative", "text": "Tiltak", "items": ["Lekeplass", "Benker"]},
    )
    test = await meetings.post(f"{case}/votes", {"motion": "Prøve", "kind": "test", "method": "tacit"})
    assert test["binding"] is False and test["result"] == "adopted"
    assert (await get(meetings, f"{case}/treatment"))["decided_at"] is None
    assert await events_of(meetings, "decision.made") == []
    whole = {"proposal_id": proposal["id"], "method": "tacit", "final": True}
    early = await meetings.post(f"{case}/votes", whole, 422)
    assert early["rule"] == "MTG-23" and "1, 2" in early["errors"][0]["message"]
    not_final = await meetings.post(f"{case}/votes", {**whole, "kind": "test"}, 422)
    assert not_final["errors"][0]["field"] == "final"
    assert (await meetings.post(f"{case}/votes", {**whole, "kind": "item", "final": False, "item": 3}, 422))["errors"][
        0
    ]["field"] == "item"
    for n in (1, 2):
        voted = await meetings.post(
            f"{case}/votes", {"proposal_id": proposal["id"], "kind": "item", "item": n, "method": "tacit"}
        )
        assert voted["item"] == n and voted["binding"] is False
    assert voted["motion"] == {"text": "Benker"}
    decided = await meetings.post(f"{case}/votes", whole)
    assert decided["binding"] and decided["final"] and decided["proposal_id"] == proposal["id"]
    [event] = await events_of(meetings, "decision.made")
    assert event["proposal_id"] == proposal["id"] and event["final"] is True and event["adopted"] is True
    kinds = [v["kind"] for v in await get(meetings, f"{case}/votes")]
    assert kinds == ["test", "item", "item", "binding"]


async def test_mtg24_budget_test_vote_per_chapter_runoff_and_the_whole(
    meetings: Harness, council: dict[str, Any]
) -> None:
    base, members = council["base"], council["members"]
    case = f"{base}/agenda/{council['budget']['id']}"
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members}, 200
    )
    test_vote = {"kind": "budget_test", "chapter": "Oppvekst", "method": "show_of_hands"}
    ordinary = f"{base}/agenda/{council['cases'][0]['id']}/votes"
    assert (await meetings.post(ordinary, {**test_vote, "alternatives": []}, 422))["rule"] == "MTG-24"
    # MTG-17: the council takes the budget first.
    first_the_budget = [council["budget"]["id"], *(c["id"] for c in council["cases"])]
    await meetings.post(f"{base}/order-changes", {"order": first_the_budget, "method": "tacit"})
    a, b, c = [
        (
            await meetings.post(
                f"{case}/proposals",
                {"proposer_id": members[i], "kind": "alternative", "text": f"Ramme {i}", "chapter": "Oppvekst"},
            )
        )["id"]
        for i in (1, 2, 3)
    ]

    def tally(*counts: tuple[str, int]) -> list[dict[str, Any]]:
        return [{"proposal_id": p, "votes": n} for p, n in counts]

    short = await meetings.post(f"{case}/votes", {**test_vote, "alternatives": tally((a, 2), (b, 2))}, 422)
    assert short["rule"] == "MTG-22"
    early = {"kind": "budget_runoff", "chapter": "Oppvekst", "alternatives": tally((a, 3), (b, 2))}
    assert (await meetings.post(f"{case}/votes", early, 422))["rule"] == "MTG-24"  # no test vote yet
    first = await meetings.post(f"{case}/votes", {**test_vote, "alternatives": tally((a, 2), (b, 2), (c, 1))})
    assert first["result"] == "no_majority" and sorted(first["runoff"]) == sorted([a, b])
    assert first["binding"] is False and first["counts"][0] == {"option": a, "value": 2}
    wrong = await meetings.post(f"{case}/votes", {**early, "alternatives": tally((a, 3), (c, 2))}, 422)
    assert wrong["rule"] == "MTG-24"
    runoff = await meetings.post(f"{case}/votes", {**early, "alternatives": tally((a, 2), (b, 3))})
    assert runoff["result"] == "chosen" and runoff["chosen"] == b
    whole = await meetings.post(
        f"{case}/votes",
        {"motion": "Budsjettet som helhet", "method": "show_of_hands", "against": [members[4]], "final": True},
    )
    assert whole["result"] == "adopted" and whole["binding"]
    listed = await get(meetings, f"{case}/votes")
    assert [(v["kind"], v["result"]) for v in listed] == [
        ("budget_test", "no_majority"),
        ("budget_runoff", "chosen"),
        ("binding", "adopted"),
    ]
    [decision] = await events_of(meetings, "decision.made")
    assert decision["motion"] == "Budsjettet som helhet"
