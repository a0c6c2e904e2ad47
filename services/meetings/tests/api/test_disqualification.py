"""Disqualification per case (MTG-13/14): excluded from the case, a deputy for that case only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness

DISQUALIFIED = "no.folkevalgt.meetings.member.disqualified.v1"


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="access", url="http://access/events", types=["*"])]


@pytest.fixture
async def sitting(build: Any) -> dict[str, Any]:
    """A committee of 3 (quorum 2): chair and member of Ap, member of H; Ap has one deputy; two cases;
    the meeting constituted with all three present."""
    seated = await build.body(
        ["chair", "member", "member", "deputy"],
        key="committee",
        name="Utvalg",
        body_type="standing_committee",
        names=["chair", "ap", "h", "ap-deputy"],
        parties=["Ap", "Ap", "H", "Ap"],
    )
    cases = [{"case_number": f"00{i}/26", "title": "Sak"} for i in (1, 2)]
    m = await build.meeting(seated, agenda=cases, constituted=True)
    return {"meeting": m.meeting, "cases": m.items, "people": seated.people}


def vote(people: dict[str, str], *names: str) -> dict[str, Any]:
    return {"motion": "Innstillingen", "ballots": [{"voter_id": people[n], "option": "for"} for n in names]}


BY_SHOW_OF_HANDS = {"method": "show_of_hands", "against": []}  # the body's vote: nobody against


async def test_mtg14_the_disqualified_take_no_part_and_a_deputy_sits_for_that_case_only(
    meetings: Harness, sitting: dict[str, Any]
) -> None:
    meeting, (first, second), people = sitting["meeting"], sitting["cases"], sitting["people"]
    base = f"/meetings/{meeting['id']}/agenda/{first['id']}"
    found = {"person_id": people["ap"], "ground": "fvl_6_b", "explanation": "Søster er søker"}
    undecided = await meetings.post(f"{base}/disqualifications", found, 422)
    assert undecided["rule"] == "MTG-14" and undecided["errors"][0]["field"] == "decision"  # the body decides
    own_vote = {
        "method": "counter_vote",
        "ballots": [{"voter_id": people[n], "option": "for"} for n in people if n != "ap-deputy"],
    }
    concerned = await meetings.post(f"{base}/disqualifications", {**found, "decision": own_vote}, 422)
    assert concerned["rule"] == "MTG-22" and people["ap"] in concerned["errors"][0]["message"]  # not the member
    record = await meetings.post(f"{base}/disqualifications", {**found, "decision": BY_SHOW_OF_HANDS})
    assert record["decided_by"] == "body" and (record["votes_for"], record["votes_against"]) == (2, 0)
    assert record["substitute_id"] == people["ap-deputy"] and record["substitute_present"] is False
    await meetings.post(f"{base}/disqualifications/{record['id']}/substitute-arrived", status=200)
    refused = await meetings.post(f"{base}/votes", vote(people, "chair", "ap", "h", "ap-deputy"), 422)
    assert refused["rule"] == "MTG-22"  # the disqualified member may not vote in the case
    await meetings.post(f"{base}/votes", {**vote(people, "chair", "h", "ap-deputy"), "final": True})
    # The next case: the member votes again, the deputy does not.
    other = f"/meetings/{meeting['id']}/agenda/{second['id']}/votes"
    assert (await meetings.post(other, vote(people, "chair", "h", "ap-deputy"), 422))["rule"] == "MTG-22"
    await meetings.post(other, {**vote(people, "chair", "ap", "h"), "final": True})
    o = meetings.app.state.platform.outbox
    async with meetings.app.state.db.transaction() as session:
        payload = (await session.execute(select(o.c.payload).where(o.c.event_type == DISQUALIFIED))).scalar_one()
    event = json.loads(payload)
    assert event["subject"] == "001/26" and event["data"]["person_id"] == people["ap"]
    assert event["data"]["ground"] == "fvl_6_b"
    # The deputy who sat for one case is recorded as attending, in the member's place.
    await meetings.post(f"/meetings/{meeting['id']}/close", status=200)
    async with meetings.app.state.db.transaction() as session:
        rows = (
            await session.execute(select(o.c.payload).where(o.c.event_type.like("%attendance.recorded%")))
        ).scalars()
        attendance = {json.loads(p)["data"]["person_id"]: json.loads(p)["data"] for p in rows.all()}
    assert set(attendance) == {people["chair"], people["ap"], people["h"], people["ap-deputy"]}
    assert (
        attendance[people["ap-deputy"]]["as_deputy"] and attendance[people["ap-deputy"]]["in_place_of"] == people["ap"]
    )


async def test_mtg16_a_deputy_for_the_case_arriving_after_its_vote_began_does_not_vote_in_it(
    meetings: Harness, sitting: dict[str, Any]
) -> None:
    """Seed: "Skjer frammøtet etter at en sak er tatt opp til avstemning, må medlemmet vente til neste sak"."""
    meeting, (first, _), people = sitting["meeting"], sitting["cases"], sitting["people"]
    base = f"/meetings/{meeting['id']}/agenda/{first['id']}"
    record = await meetings.post(
        f"{base}/disqualifications", {"person_id": people["ap"], "ground": "fvl_6_a", "decision": BY_SHOW_OF_HANDS}
    )
    await meetings.post(f"{base}/votes", {**vote(people, "chair", "h"), "kind": "test"})  # the vote has begun
    await meetings.post(f"{base}/disqualifications/{record['id']}/substitute-arrived", status=200)
    late = await meetings.post(f"{base}/votes", {**vote(people, "chair", "h", "ap-deputy"), "final": True}, 422)
    assert late["rule"] == "MTG-22" and people["ap-deputy"] in late["errors"][0]["message"]
    decided = await meetings.post(f"{base}/votes", {**vote(people, "chair", "h"), "final": True})
    assert decided["counts"] == [{"option": "yes", "value": 2}, {"option": "no", "value": 0}]


async def test_mtg14_a_disqualification_the_body_does_not_adopt_is_not_recorded(
    meetings: Harness, sitting: dict[str, Any]
) -> None:
    meeting, (first, _), people = sitting["meeting"], sitting["cases"], sitting["people"]
    base = f"/meetings/{meeting['id']}/agenda/{first['id']}"
    against = {"method": "show_of_hands", "against": [people["chair"], people["ap"]]}
    rejected = await meetings.post(
        f"{base}/disqualifications", {"person_id": people["h"], "ground": "fvl_6_2", "decision": against}, 422
    )
    assert rejected["rule"] == "MTG-14" and "0 for, 2 against" in rejected["detail"]
    assert (await meetings.client.get(f"{base}/disqualifications", headers=meetings.headers())).json() == []
    tied = {"method": "show_of_hands", "against": [people["ap"]]}  # 1-1: the chair voted for, and decides
    found = await meetings.post(
        f"{base}/disqualifications", {"person_id": people["h"], "ground": "fvl_6_2", "decision": tied}
    )
    assert found["casting_vote"] is True and (found["votes_for"], found["votes_against"]) == (1, 1)


async def test_mtg13_lea62_an_exemption_is_decided_by_the_body_only_before_the_case_is_taken_up(
    meetings: Harness, sitting: dict[str, Any]
) -> None:
    """KL § 40 nr. 4: the body may exempt a member on request before the case is taken up."""
    meeting, (first, second), people = sitting["meeting"], sitting["cases"], sitting["people"]
    exemption = {"person_id": people["h"], "ground": "kl_40_4", "decision": BY_SHOW_OF_HANDS}
    granted = await meetings.post(f"/meetings/{meeting['id']}/agenda/{second['id']}/disqualifications", exemption)
    assert granted["ground"] == "kl_40_4"
    first_case = f"/meetings/{meeting['id']}/agenda/{first['id']}"
    await meetings.post(f"{first_case}/take-up", status=200)
    late = await meetings.post(f"{first_case}/disqualifications", exemption, 422)
    assert late["rule"] == "MTG-13" and late["errors"][0]["field"] == "ground"
    await meetings.post(f"{first_case}/votes", {**vote(people, "chair", "ap", "h"), "final": True})
    decided = await meetings.post(f"{first_case}/disqualifications", exemption, 409)
    assert decided["rule"] == "MTG-21"


async def test_mtg02_quorum_is_lost_in_a_case_when_too_many_are_disqualified(
    build: Any, meetings: Harness, sitting: dict[str, Any]
) -> None:
    meeting, (first, _), people = sitting["meeting"], sitting["cases"], sitting["people"]
    base = f"/meetings/{meeting['id']}/agenda/{first['id']}"
    await meetings.post(
        f"{base}/disqualifications", {"person_id": people["h"], "ground": "fvl_6_a", "decision": BY_SHOW_OF_HANDS}
    )
    # Of the three, the chair and Ap are left: the question about the chair is put to Ap alone, 1 of 2 needed.
    alone = await meetings.post(
        f"{base}/disqualifications",
        {"person_id": people["chair"], "ground": "fvl_6_e", "decision": BY_SHOW_OF_HANDS},
        422,
    )
    assert alone["rule"] == "MTG-02" and alone["present"] == 1


async def test_mtg02_disqualifications_known_ahead_can_leave_a_case_inquorate(build: Any, meetings: Harness) -> None:
    seated = await build.body(["chair", "member", "member"], key="utvalg", names=["chair", "ap", "h"])
    m = await build.meeting(seated)
    case = f"{m.base}/agenda/{m.items[0]['id']}"
    before = await meetings.post(
        f"{case}/disqualifications",
        {"person_id": seated.people["h"], "ground": "fvl_6_a", "decision": BY_SHOW_OF_HANDS},
        422,
    )
    assert before["errors"][0]["field"] == "decision"  # the body votes in its meeting, not before it
    ahead = await meetings.post(f"{case}/disqualifications", {"person_id": seated.people["h"], "ground": "fvl_6_a"})
    assert ahead["decided_by"] == "ahead" and ahead["votes_for"] is None
    await meetings.post(f"{case}/disqualifications", {"person_id": seated.people["chair"], "ground": "fvl_6_e"})
    await meetings.post(
        f"{m.base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": seated.voting}, 200
    )
    problem = await meetings.post(f"{case}/votes", vote(seated.people, "ap"), 422)
    assert problem["rule"] == "MTG-02" and problem["present"] == 1


async def test_disqualification_input_is_checked(meetings: Harness, sitting: dict[str, Any]) -> None:
    meeting, (first, _), people = sitting["meeting"], sitting["cases"], sitting["people"]
    base = f"/meetings/{meeting['id']}/agenda/{first['id']}/disqualifications"
    bad_ground = await meetings.post(base, {"person_id": people["h"], "ground": "dislikes the case"}, 422)
    assert bad_ground["errors"][0]["field"] == "body.ground"
    found = {"person_id": people["h"], "ground": "kl_40_4", "decision": BY_SHOW_OF_HANDS}
    await meetings.post(base, found)
    twice = await meetings.post(base, found, 409)
    assert twice["type"].endswith("/conflict")
    listed = (await meetings.client.get(base, headers=meetings.headers())).json()
    assert [d["ground"] for d in listed] == ["kl_40_4"] and listed[0]["substitute_id"] is None  # H has no deputy
