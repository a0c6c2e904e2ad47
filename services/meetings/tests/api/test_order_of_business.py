"""The order of business (MTG-17) through the API: the order changed by a majority, one case at a
time until decided or postponed, and questions after the other cases."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from folkevalgt_shared.testing import Harness


@dataclass
class Sitting:
    base: str
    cases: list[str]  # agenda item ids, in the notice's order
    members: list[str]  # the mayor (chair) first

    def case(self, n: int) -> str:
        return f"{self.base}/agenda/{self.cases[n]}"


@pytest.fixture
async def sitting(build: Any) -> Sitting:
    """The council of 5 (quorum 3), three cases in the notice, constituted with everyone present."""
    seated = await build.council(["mayor", "member", "member", "member", "member"], quorum=3)
    agenda = [{"case_number": f"00{n}/26", "title": f"Sak {n}"} for n in (1, 2, 3)]
    m = await build.meeting(seated, days_ahead=20, agenda=agenda, constituted=True)
    return Sitting(m.base, [i["id"] for i in m.items], seated.voting)


async def get(h: Harness, path: str) -> Any:
    response = await h.client.get(path, headers=h.headers())
    assert response.status_code == 200, response.text
    return response.json() if "json" in response.headers["content-type"] else response.text


def agenda_of(meeting: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    return [(i["id"], i["number"], i["position"], i["status"]) for i in meeting["agenda"]]


async def test_mtg17_a_majority_changes_the_order_and_the_agenda_and_minutes_follow(
    meetings: Harness, sitting: Sitting
) -> None:
    a, b, c = sitting.cases
    against = sitting.members[3:]
    change = await meetings.post(
        f"{sitting.base}/order-changes", {"order": [c, a, b], "method": "show_of_hands", "against": against}
    )
    assert (change["votes_for"], change["votes_against"], change["casting_vote"]) == (3, 2, False)
    assert change["previous"] == [a, b, c] and change["order"] == [c, a, b]
    assert sorted(v["voter_id"] for v in change["votes"] if v["option"] == "no") == sorted(against)
    meeting = await get(meetings, sitting.base)
    assert agenda_of(meeting) == [(c, 3, 1, "pending"), (a, 1, 2, "pending"), (b, 2, 3, "pending")]
    # The new order binds: case 003/26 is taken up first.
    waiting = await meetings.post(f"{sitting.case(0)}/take-up", status=422)
    assert waiting["rule"] == "MTG-17" and "003/26 comes first" in waiting["detail"]
    assert (await meetings.post(f"{sitting.case(2)}/take-up", status=200))["status"] == "under_treatment"

    business = await get(meetings, f"{sitting.base}/order-of-business")
    assert [(x["case_number"], x["status"]) for x in business["cases"]] == [
        ("003/26", "under_treatment"),
        ("001/26", "pending"),
        ("002/26", "pending"),
    ]
    assert [x["id"] for x in business["changes"]] == [change["id"]]
    minutes = await get(meetings, f"{sitting.base}/minutes")
    assert [x["case_number"] for x in minutes["cases"]] == ["003/26", "001/26", "002/26"]
    [recorded] = minutes["order_changes"]
    assert recorded["order"] == ["003/26", "001/26", "002/26"] and (recorded["for"], recorded["against"]) == (3, 2)
    html = await get(meetings, f"{sitting.base}/minutes.html")
    assert "Endret rekkefølge" in html and "003/26, 001/26, 002/26 (3–2)" in html
    assert html.index("Sak 003/26") < html.index("Sak 001/26")
    oparl = (await meetings.client.get(f"/oparl/1.1/meeting/{meeting['id']}")).json()
    assert [(x["number"], x["order"]) for x in oparl["agendaItem"]] == [("003/26", 1), ("001/26", 2), ("002/26", 3)]


async def test_mtg17_an_order_without_a_majority_or_naming_the_cases_wrongly_is_refused_and_writes_nothing(
    meetings: Harness, sitting: Sitting
) -> None:
    a, b, c = sitting.cases
    ballots = [
        {"voter_id": m, "option": o} for m, o in zip(sitting.members, ["for"] * 2 + ["against"] * 3, strict=True)
    ]
    lost = await meetings.post(f"{sitting.base}/order-changes", {"order": [c, a, b], "ballots": ballots}, 422)
    assert lost["rule"] == "MTG-17" and "2 for, 3 against" in lost["detail"]
    short = await meetings.post(f"{sitting.base}/order-changes", {"order": [c, a, b], "ballots": ballots[:4]}, 422)
    assert short["rule"] == "MTG-22"  # everyone taking part votes
    for wrong in ([c, a], [c, a, a], [c, a, b, str(uuid.uuid4())]):
        problem = await meetings.post(f"{sitting.base}/order-changes", {"order": wrong, "method": "tacit"}, 422)
        assert problem["errors"][0]["field"] == "order"
    assert (await get(meetings, f"{sitting.base}/order-of-business"))["changes"] == []
    assert [i[0] for i in agenda_of(await get(meetings, sitting.base))] == [a, b, c]
    await meetings.post(f"{sitting.base}/close", status=200)
    closed = await meetings.post(f"{sitting.base}/order-changes", {"order": [c, a, b], "method": "tacit"}, 409)
    assert closed["type"].endswith("/conflict")


async def test_mtg17_cases_taken_up_keep_their_place_and_mtg21_no_new_order_while_voting(
    meetings: Harness, sitting: Sitting
) -> None:
    a, b, c = sitting.cases
    await meetings.post(f"{sitting.case(0)}/voting", status=200)
    voting = await meetings.post(f"{sitting.base}/order-changes", {"order": [a, c, b], "method": "tacit"}, 422)
    assert voting["rule"] == "MTG-21"
    await meetings.post(f"{sitting.case(0)}/votes", {"motion": "Innstillingen", "method": "tacit", "final": True})
    moved = await meetings.post(f"{sitting.base}/order-changes", {"order": [b, a, c], "method": "tacit"}, 422)
    assert moved["rule"] == "MTG-17" and moved["errors"][0]["message"].endswith("001/26")
    await meetings.post(f"{sitting.base}/order-changes", {"order": [a, c, b], "method": "tacit"})
    assert agenda_of(await get(meetings, sitting.base)) == [
        (a, 1, 1, "decided"),
        (c, 3, 2, "pending"),
        (b, 2, 3, "pending"),
    ]


async def test_mtg17_a_case_taken_up_is_not_left_until_decided(meetings: Harness, sitting: Sitting) -> None:
    first, second, third = (sitting.case(n) for n in range(3))
    taken = await meetings.post(f"{first}/take-up", status=200)
    assert taken["status"] == "under_treatment" and taken["taken_up_at"]
    assert (await meetings.post(f"{first}/take-up", status=200))["taken_up_at"] == taken["taken_up_at"]
    proposal = {"proposer_id": sitting.members[1], "kind": "amendment", "text": "Endring"}
    for path, body in (
        ("take-up", None),
        ("voting", None),
        ("proposals", proposal),
        ("votes", {"motion": "M", "method": "tacit", "final": True}),
    ):
        problem = await meetings.post(f"{second}/{path}", body, 422)
        assert problem["rule"] == "MTG-17" and "001/26 is under treatment" in problem["detail"], path
    untouched = await get(meetings, f"{second}/treatment")
    assert untouched["status"] == "pending" and untouched["taken_up_at"] is None
    assert await get(meetings, f"{second}/proposals") == [] and await get(meetings, f"{second}/votes") == []

    await meetings.post(f"{first}/votes", {"motion": "Innstillingen", "method": "tacit", "final": True})
    assert (await meetings.post(f"{first}/take-up", status=409))["rule"] == "MTG-21"  # decided: finished
    assert (await meetings.post(f"{third}/take-up", status=422))["rule"] == "MTG-17"  # 002/26 comes first
    await meetings.post(f"{second}/proposals", proposal)  # a proposal takes the next case up
    assert (await get(meetings, f"{second}/treatment"))["status"] == "under_treatment"


async def test_mtg17_the_meeting_is_not_ended_while_a_case_is_under_treatment(
    meetings: Harness, sitting: Sitting
) -> None:
    await meetings.post(f"{sitting.case(0)}/take-up", status=200)
    refused = await meetings.post(f"{sitting.base}/close", status=422)
    assert refused["rule"] == "MTG-17" and "the meeting is not ended" in refused["detail"]
    assert (await get(meetings, sitting.base))["status"] == "in_progress"
    await meetings.post(f"{sitting.case(0)}/votes", {"motion": "Innstillingen", "method": "tacit", "final": True})
    assert (await meetings.post(f"{sitting.base}/close", status=200))["status"] == "closed"


async def test_mtg17_a_case_postponed_by_decision_is_not_voted_on_again(meetings: Harness, sitting: Sitting) -> None:
    first, members = sitting.case(0), sitting.members
    postpone = {"proposer_id": members[1], "kind": "postponement", "text": "Saken utsettes"}
    lost = await meetings.post(f"{first}/proposals", postpone)
    made = await meetings.post(
        f"{first}/proposals", {**postpone, "proposer_id": members[2], "text": "Utsettes til mai"}
    )
    decides = await meetings.post(f"{first}/votes", {"proposal_id": lost["id"], "method": "tacit", "final": True}, 422)
    assert decides["errors"][0]["field"] == "final"
    rejected = await meetings.post(
        f"{first}/votes", {"proposal_id": lost["id"], "method": "show_of_hands", "against": members[2:]}
    )
    assert rejected["result"] == "rejected"
    state = await get(meetings, f"{first}/treatment")
    assert state["status"] == "under_treatment" and state["voting_open"] is True  # the vote goes on (MTG-21)
    late = await meetings.post(f"{first}/proposals", {**postpone, "proposer_id": members[3]}, 422)
    assert late["rule"] == "MTG-21"  # a vote recorded: no new proposals, though the chair never said so
    adopted = await meetings.post(f"{first}/votes", {"proposal_id": made["id"], "method": "tacit"})
    state = await get(meetings, f"{first}/treatment")
    assert state["status"] == "postponed" and state["postponed_at"] and state["decision_vote_id"] == adopted["id"]
    assert state["decided_at"] is None

    again = await meetings.post(f"{first}/votes", {"motion": "Innstillingen", "method": "tacit", "final": True}, 409)
    assert again["rule"] == "MTG-17" and "postponed" in again["detail"]
    assert (await meetings.post(f"{first}/proposals", postpone, 409))["rule"] == "MTG-17"
    assert len(await get(meetings, f"{first}/votes")) == 2
    # MTG-12: the postponement ends the case's treatment, so a member may now leave.
    await meetings.post(f"{sitting.base}/leaves", {"person_id": members[4], "application": "Syk barn"})
    assert (await meetings.post(f"{sitting.case(1)}/take-up", status=200))["status"] == "under_treatment"

    assert [i[3] for i in agenda_of(await get(meetings, sitting.base))] == ["postponed", "under_treatment", "pending"]
    participation = await get(meetings, f"{sitting.base}/participation")
    assert [p["status"] for p in participation] == ["postponed", "under_treatment", "pending"]
    minutes = await get(meetings, f"{sitting.base}/minutes")
    assert minutes["cases"][0]["status"] == "postponed" and minutes["cases"][0]["decision"] == "adopted"
    html = await get(meetings, f"{sitting.base}/minutes.html")
    assert "Saken ble utsatt." in html


async def test_mtg17_questions_and_interpellations_come_after_the_other_cases(
    meetings: Harness, sitting: Sitting
) -> None:
    asker = sitting.members[2]
    for kind, text in (("interpellation", "Om skolestruktur"), ("question", "Når åpner badet?")):
        await meetings.post(f"{sitting.base}/questions", {"asker_id": asker, "kind": kind, "text": text})
    business = await get(meetings, f"{sitting.base}/order-of-business")
    assert list(business) == ["cases", "questions", "changes"]
    assert [q["kind"] for q in business["questions"]] == ["interpellation", "question"]
    minutes = await get(meetings, f"{sitting.base}/minutes")
    keys = list(minutes)
    assert keys.index("questions") == keys.index("cases") + 1
    html = await get(meetings, f"{sitting.base}/minutes.html")
    assert html.index("Sak 003/26") < html.index("Spørsmål og interpellasjoner") < html.index("Når åpner badet?")
    assert "Interpellasjon fra" in html


async def test_mtg17_an_election_takes_the_case_up_and_decides_it_when_the_places_are_filled(
    meetings: Harness, sitting: Sitting
) -> None:
    candidates = sitting.members[1:3]
    await meetings.post(f"{sitting.case(0)}/take-up", status=200)
    opening = {"kind": "election", "places": 1}
    busy = await meetings.post(f"{sitting.case(1)}/elections/rounds", opening, 422)
    assert busy["rule"] == "MTG-17"
    await meetings.post(f"{sitting.case(0)}/votes", {"motion": "Innstillingen", "method": "tacit", "final": True})
    rounds = f"{sitting.case(1)}/elections/rounds"
    first = await meetings.post(rounds, opening)
    named = [[candidates[0]]] * 2 + [[candidates[1]]] * 2 + [[]]
    split = await meetings.post(
        f"{rounds}/{first['id']}/count",
        {"voters": sitting.members, "ballots": [{"candidates": n} for n in named]},
        200,
    )
    assert split["new_round_needed"] and (await get(meetings, f"{sitting.case(1)}/treatment"))["status"] == (
        "under_treatment"
    )
    second = await meetings.post(rounds, {"kind": "election", "round": 2, "follows": first["id"]})
    named = [[candidates[0]]] * 3 + [[candidates[1]]] * 2
    await meetings.post(
        f"{rounds}/{second['id']}/count",
        {"voters": sitting.members, "ballots": [{"candidates": n} for n in named]},
        200,
    )
    assert (await get(meetings, f"{sitting.case(1)}/treatment"))["status"] == "decided"
    assert (await meetings.post(f"{sitting.case(2)}/take-up", status=200))["status"] == "under_treatment"


async def test_mtg17_a_postponement_voted_once_voting_is_open_closes_the_vote(
    meetings: Harness, sitting: Sitting
) -> None:
    first = sitting.case(0)
    postpone = {"proposer_id": sitting.members[1], "kind": "postponement", "text": "Saken utsettes"}
    made = await meetings.post(f"{first}/proposals", postpone)
    await meetings.post(f"{first}/voting", status=200)  # MTG-23: the postponement is voted on first
    await meetings.post(f"{first}/votes", {"proposal_id": made["id"], "method": "tacit"})
    state = await get(meetings, f"{first}/treatment")
    assert state["status"] == "postponed" and state["voting_open"] is False
    assert (await meetings.post(f"{sitting.case(1)}/voting", status=200))["voting_open"] is True  # MTG-21 lifted
