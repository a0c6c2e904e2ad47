"""Extra meetings need a ground (MTG-05), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from folkevalgt_shared.testing import Harness

STARTS = (datetime.now(UTC) + timedelta(days=20)).isoformat()


async def body_with_members(
    build: Any, key: str, body_type: str, seats: int, leader_role: str = "chair", **details: Any
) -> dict[str, Any]:
    roles = [leader_role] + ["member"] * (seats - 1)
    names = [f"{key} {i}" for i in range(seats)]
    seated = await build.body(roles, key=key, name=key, body_type=body_type, names=names, **details)
    return {"id": seated.id, "members": seated.members}


async def administration_committee(build: Any) -> dict[str, Any]:
    """MTG-01: 3 political members from the executive committee (itself from the council) and 2 employees."""
    council = await build.council(["member"] * 3, names=[f"Kommunestyret {i}" for i in range(3)], key="ks")
    executive = await body_with_members(
        build, "fsk", "executive_committee", 3, people=council.members, quorum=2, notice_days=7
    )
    return await body_with_members(
        build,
        "adm",
        "administration_committee",
        5,
        people=[*executive["members"], None, None],
        extras=[{}, {}, {}, {"on_behalf_of": "employees"}, {"on_behalf_of": "employees"}],
    )


async def meetings_of(h: Harness, body_id: str) -> list[dict[str, Any]]:
    response = await h.client.get("/meetings", params={"body_id": body_id}, headers=h.headers())
    return list(response.json()["items"])


async def test_mtg05_extra_meeting_on_demand_of_a_third_of_the_members(meetings: Harness, build: Any) -> None:
    committee = await body_with_members(build, "plan", "standing_committee", 6)
    members = committee["members"]
    outsider = (await meetings.post("/people", {"name": "Utenfor"}))["id"]
    few = await meetings.post(
        "/meetings",
        {"body_id": committee["id"], "starts_at": STARTS, "extra": True, "extra_ground": {"demanded_by": members[:1]}},
        422,
    )
    assert few["rule"] == "MTG-05" and "2 needed" in few["errors"][0]["message"]
    strangers = await meetings.post(
        "/meetings",
        {
            "body_id": committee["id"],
            "starts_at": STARTS,
            "extra": True,
            "extra_ground": {"demanded_by": [members[1], outsider]},
        },
        422,
    )
    assert strangers["rule"] == "MTG-05" and outsider in strangers["errors"][0]["message"]
    without_ground = await meetings.post(
        "/meetings", {"body_id": committee["id"], "starts_at": STARTS, "extra": True}, 422
    )
    assert without_ground["rule"] == "MTG-05"
    assert await meetings_of(meetings, committee["id"]) == []

    held = await meetings.post(
        "/meetings",
        {"body_id": committee["id"], "starts_at": STARTS, "extra": True, "extra_ground": {"demanded_by": members[1:3]}},
    )
    assert held["extra"] is True
    assert held["extra_ground"] == {"ground": "demand", "decided_by": None, "demanded_by": sorted(members[1:3])}


async def test_mtg05_extra_meeting_by_the_mayor_or_the_bodys_leader(meetings: Harness, build: Any) -> None:
    council = await body_with_members(build, "council", "municipal_council", 3, leader_role="mayor")
    mayor = council["members"][0]
    committee = await body_with_members(build, "levekaar", "standing_committee", 5)
    leader = committee["members"][0]
    by_leader = await meetings.post(
        "/meetings",
        {"body_id": committee["id"], "starts_at": STARTS, "extra": True, "extra_ground": {"decided_by": leader}},
        422,
    )
    assert by_leader["rule"] == "MTG-05" and "mayor" in by_leader["detail"]
    by_mayor = await meetings.post(
        "/meetings",
        {"body_id": committee["id"], "starts_at": STARTS, "extra": True, "extra_ground": {"decided_by": mayor}},
    )
    assert by_mayor["extra_ground"]["ground"] == "mayor"

    administration = await administration_committee(build)
    refused = await meetings.post(
        "/meetings",
        {"body_id": administration["id"], "starts_at": STARTS, "extra": True, "extra_ground": {"decided_by": mayor}},
        422,
    )
    assert refused["rule"] == "MTG-05" and "leader" in refused["detail"]
    called = await meetings.post(
        "/meetings",
        {
            "body_id": administration["id"],
            "starts_at": STARTS,
            "extra": True,
            "extra_ground": {"decided_by": administration["members"][0]},
        },
    )
    assert called["extra_ground"]["ground"] == "leader"


async def test_mtg05_appeals_board_has_no_extra_meetings(meetings: Harness, build: Any) -> None:
    board = await body_with_members(
        build, "klagenemnda", "appeals_board", 5, facts={"employee_with_responsibility": False}
    )
    problem = await meetings.post(
        "/meetings",
        {
            "body_id": board["id"],
            "starts_at": STARTS,
            "extra": True,
            "extra_ground": {"demanded_by": board["members"][:2]},
        },
        422,
    )
    assert problem["rule"] == "MTG-05" and problem["errors"][0]["field"] == "extra"
    ground_without_extra = await meetings.post(
        "/meetings",
        {"body_id": board["id"], "starts_at": STARTS, "extra_ground": {"decided_by": board["members"][0]}},
        422,
    )
    assert ground_without_extra["rule"] == "MTG-05"
    assert await meetings_of(meetings, board["id"]) == []
    as_needed = await meetings.post("/meetings", {"body_id": board["id"], "starts_at": STARTS})
    assert as_needed["extra"] is False and as_needed["extra_ground"] is None
