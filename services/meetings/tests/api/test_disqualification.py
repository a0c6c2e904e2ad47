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


async def test_mtg14_the_disqualified_take_no_part_and_a_deputy_sits_for_that_case_only(
    meetings: Harness, sitting: dict[str, Any]
) -> None:
    meeting, (first, second), people = sitting["meeting"], sitting["cases"], sitting["people"]
    base = f"/meetings/{meeting['id']}/agenda/{first['id']}"
    record = await meetings.post(
        f"{base}/disqualifications",
        {"person_id": people["ap"], "ground": "fvl_6_b", "explanation": "Søster er søker"},
    )
    assert record["substitute_id"] == people["ap-deputy"] and record["substitute_present"] is False
    refused = await meetings.post(f"{base}/votes", vote(people, "chair", "ap", "h"), 422)
    assert refused["rule"] == "MTG-22"  # the disqualified member may not vote in the case
    await meetings.post(f"{base}/votes", vote(people, "chair", "h"))  # 2 of 3: still quorate
    await meetings.post(f"{base}/disqualifications/{record['id']}/substitute-arrived", status=200)
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


async def test_mtg02_quorum_is_lost_in_a_case_when_too_many_are_disqualified(
    meetings: Harness, sitting: dict[str, Any]
) -> None:
    meeting, (first, _), people = sitting["meeting"], sitting["cases"], sitting["people"]
    base = f"/meetings/{meeting['id']}/agenda/{first['id']}"
    await meetings.post(f"{base}/disqualifications", {"person_id": people["h"], "ground": "fvl_6_a"})
    await meetings.post(f"{base}/disqualifications", {"person_id": people["chair"], "ground": "fvl_6_e"})
    problem = await meetings.post(f"{base}/votes", vote(people, "ap"), 422)
    assert problem["rule"] == "MTG-02" and problem["present"] == 1


async def test_disqualification_input_is_checked(meetings: Harness, sitting: dict[str, Any]) -> None:
    meeting, (first, _), people = sitting["meeting"], sitting["cases"], sitting["people"]
    base = f"/meetings/{meeting['id']}/agenda/{first['id']}/disqualifications"
    bad_ground = await meetings.post(base, {"person_id": people["h"], "ground": "dislikes the case"}, 422)
    assert bad_ground["errors"][0]["field"] == "body.ground"
    await meetings.post(base, {"person_id": people["h"], "ground": "kl_40_4"})
    twice = await meetings.post(base, {"person_id": people["h"], "ground": "kl_40_4"}, 409)
    assert twice["type"].endswith("/conflict")
    listed = (await meetings.client.get(base, headers=meetings.headers())).json()
    assert [d["ground"] for d in listed] == ["kl_40_4"] and listed[0]["substitute_id"] is None  # H has no deputy
