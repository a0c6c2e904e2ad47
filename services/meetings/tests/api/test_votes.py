"""Roll call (MTG-15), quorum per case (MTG-02), who votes (MTG-22) and the casting vote (MTG-25)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="remuneration", url="http://remuneration/events", types=["*"])]


@pytest.fixture
async def board(build: Any) -> dict[str, Any]:
    """A board of 4 (quorum 3): chair and three members; one case; the notice published."""
    seated = await build.body(["chair", "member", "member", "member"], quorum=3)
    m = await build.meeting(seated)
    return {"meeting": m.meeting, "item": m.items[0], "members": seated.members}


def ballots(voters: list[str], options: list[str]) -> list[dict[str, str]]:
    return [{"voter_id": v, "option": o} for v, o in zip(voters, options, strict=True)]


async def test_mtg15_meeting_is_constituted_only_when_quorate(meetings: Harness, board: dict[str, Any]) -> None:
    meeting, members = board["meeting"], board["members"]
    problem = await meetings.post(
        f"/meetings/{meeting['id']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": members[:2]},
        422,
    )
    assert problem["rule"] == "MTG-15"
    state = (await meetings.client.get(f"/meetings/{meeting['id']}", headers=meetings.headers())).json()
    assert state["status"] == "notice_published"
    done = await meetings.post(
        f"/meetings/{meeting['id']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": members},
        200,
    )
    assert done["chair_id"] == members[0] and done["present"] == 4  # the body's chair leads (MTG-09)


async def test_mtg25_tie_is_decided_by_the_chairs_vote(meetings: Harness, board: dict[str, Any]) -> None:
    meeting, item, members = board["meeting"], board["item"], board["members"]
    await meetings.post(
        f"/meetings/{meeting['id']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": members},
        200,
    )
    path = f"/meetings/{meeting['id']}/agenda/{item['id']}/votes"
    tie = await meetings.post(
        path,
        {"motion": "Innstillingen vedtas", "ballots": ballots(members, ["for", "for", "against", "against"])},
    )
    assert tie["result"] == "adopted" and tie["casting_vote"] is True
    assert tie["counts"] == [{"option": "yes", "value": 2}, {"option": "no", "value": 2}]
    lost = await meetings.post(
        path,
        {"motion": "Alternativt forslag", "ballots": ballots(members, ["against", "for", "for", "against"])},
    )
    assert lost["result"] == "rejected" and lost["casting_vote"] is True
    listed = (await meetings.client.get(path, headers=meetings.headers())).json()
    assert [v["motion"]["text"] for v in listed] == ["Innstillingen vedtas", "Alternativt forslag"]
    assert listed[0]["votes"][0] == {"voter_id": members[0], "option": "yes", "role": "chair"}


async def test_mtg22_only_those_present_vote_and_all_of_them(meetings: Harness, board: dict[str, Any]) -> None:
    meeting, item, members = board["meeting"], board["item"], board["members"]
    await meetings.post(
        f"/meetings/{meeting['id']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": members[:3]},
        200,
    )
    path = f"/meetings/{meeting['id']}/agenda/{item['id']}/votes"
    outsider = await meetings.post(path, {"motion": "M", "ballots": ballots(members, ["for"] * 4)}, 422)
    assert outsider["rule"] == "MTG-22" and members[3] in outsider["errors"][0]["message"]
    abstaining = await meetings.post(path, {"motion": "M", "ballots": ballots(members[:2], ["for"] * 2)}, 422)
    assert abstaining["rule"] == "MTG-22" and "abstention" in abstaining["detail"]
    blank = await meetings.post(path, {"motion": "M", "ballots": [{"voter_id": members[0], "option": "blank"}]}, 422)
    assert blank["errors"][0]["field"].startswith("body.ballots")
    assert (await meetings.client.get(path, headers=meetings.headers())).json() == []  # nothing recorded


async def test_votes_need_a_constituted_meeting(meetings: Harness, board: dict[str, Any]) -> None:
    meeting, item, members = board["meeting"], board["item"], board["members"]
    early = await meetings.post(
        f"/meetings/{meeting['id']}/agenda/{item['id']}/votes",
        {"motion": "M", "ballots": ballots(members, ["for"] * 4)},
        409,
    )
    assert "constituted" in early["detail"]


async def events_of(h: Harness, kind: str) -> list[dict[str, Any]]:
    o = h.app.state.platform.outbox
    async with h.app.state.db.transaction() as session:
        rows = (await session.execute(select(o.c.payload).where(o.c.event_type.like(f"%.{kind}.v1")))).scalars()
        return [json.loads(p)["data"] for p in rows.all()]


async def test_decisions_and_attendance_are_published_when_the_meeting_closes(
    meetings: Harness, board: dict[str, Any]
) -> None:
    meeting, item, members = board["meeting"], board["item"], board["members"]
    await meetings.post(
        f"/meetings/{meeting['id']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": members[:3]},
        200,
    )
    await meetings.post(
        f"/meetings/{meeting['id']}/agenda/{item['id']}/votes",
        {"motion": "Innstillingen vedtas", "ballots": ballots(members[:3], ["for", "for", "against"]), "final": True},
    )
    [decision] = await events_of(meetings, "decision.made")
    assert decision["adopted"] is True and (decision["votes_for"], decision["votes_against"]) == (2, 1)
    assert decision["body_seats"] == 4  # ACC-05 counts a third of the body's members, not of those present
    closed = await meetings.post(f"/meetings/{meeting['id']}/close", status=200)
    assert closed["status"] == "closed"
    attendance = await events_of(meetings, "attendance.recorded")
    assert sorted(a["person_id"] for a in attendance) == sorted(members[:3])
    assert all(a["secretariat_present"] and not a["remote"] and not a["as_deputy"] for a in attendance)
    [summary] = await events_of(meetings, "meeting.closed")
    assert summary["attendances"] == 3
    again = await meetings.post(f"/meetings/{meeting['id']}/close", status=409)
    assert again["type"].endswith("/conflict")


async def test_mtg17_a_case_not_in_the_notice_is_not_decided_over_objection(
    meetings: Harness, board: dict[str, Any]
) -> None:
    """Seed: not treated on its merits if the mayor or 1/3 of the members present object. 2 of 4 present are
    a third; 1 is not. The objections stay on the case: a vote posted again without them is still refused."""
    meeting, members = board["meeting"], board["members"]
    base = f"/meetings/{meeting['id']}"
    late = await meetings.post(f"{base}/agenda", {"case_number": "002/26", "title": "Ny sak"})
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members}, 200
    )
    await meetings.post(f"{base}/agenda/{board['item']['id']}/objections", {"person_id": members[1]}, 422)  # noticed
    noticed = f"{base}/agenda/{board['item']['id']}/votes"
    await meetings.post(noticed, {"motion": "Innstillingen", "method": "tacit", "final": True})  # decided first
    case = f"{base}/agenda/{late['id']}"
    one = await meetings.post(f"{case}/objections", {"person_id": members[1]})
    assert one["blocked"] is False and one["present"] == 4
    await meetings.post(f"{case}/objections", {"person_id": members[1]}, 409)  # once each
    proposal = {"proposer_id": members[2], "kind": "alternative", "text": "Noe annet"}
    await meetings.post(f"{case}/proposals", proposal)  # one of four is not a third
    two = await meetings.post(f"{case}/objections", {"person_id": members[3]})
    assert two["blocked"] is True and two["objecting"] == [members[1], members[3]]
    all_for = ballots(members, ["for"] * 4)
    blocked = await meetings.post(f"{case}/votes", {"motion": "M", "ballots": all_for}, 422)
    assert blocked["rule"] == "MTG-17"
    again = await meetings.post(f"{case}/votes", {"motion": "M", "ballots": all_for, "final": True}, 422)
    assert again["rule"] == "MTG-17"
    refused = await meetings.post(f"{case}/proposals", {**proposal, "proposer_id": members[1]}, 422)
    assert refused["rule"] == "MTG-17"
    old_input = await meetings.post(f"{case}/votes", {"motion": "M", "ballots": all_for, "objections": 0}, 422)
    assert old_input["errors"][0]["field"].endswith("objections")  # the objection is no input of the vote
    postpone = await meetings.post(
        f"{case}/proposals", {"proposer_id": members[2], "kind": "postponement", "text": "Utsettes til neste møte"}
    )
    postponed = await meetings.post(f"{case}/votes", {"proposal_id": postpone["id"], "ballots": all_for})
    assert postponed["result"] == "adopted"  # postponing is no treatment on the merits
    treatment = (await meetings.client.get(f"{case}/treatment", headers=meetings.headers())).json()
    assert treatment["status"] == "postponed"


async def test_mtg17_the_chair_alone_blocks_a_case_not_in_the_notice(meetings: Harness, board: dict[str, Any]) -> None:
    meeting, members = board["meeting"], board["members"]
    base = f"/meetings/{meeting['id']}"
    late = await meetings.post(f"{base}/agenda", {"case_number": "002/26", "title": "Ny sak"})
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members[:3]}, 200
    )
    await meetings.post(f"{base}/agenda/{board['item']['id']}/votes", {"motion": "I", "method": "tacit", "final": True})
    case = f"{base}/agenda/{late['id']}"
    stranger = await meetings.post(f"{case}/objections", {"person_id": members[3]}, 422)  # not present
    assert stranger["errors"][0]["field"] == "person_id"
    chair = await meetings.post(f"{case}/objections", {"person_id": members[0]})
    assert chair["chair_objects"] is True and chair["blocked"] is True
    blocked = await meetings.post(f"{case}/votes", {"motion": "M", "method": "tacit", "final": True}, 422)
    assert blocked["rule"] == "MTG-17"
