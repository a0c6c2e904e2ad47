"""Advance notice of a possible disqualification (MTG-11), before the body decides it (MTG-14)."""

from __future__ import annotations

from typing import Any

import pytest

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.testing import Harness


@pytest.fixture
async def planned(meetings: Harness, build: Any) -> dict[str, Any]:
    """A committee of 3 with one case, its notice published, not yet begun."""
    body = await build.body(["chair", "member", "member"], names=["chair", "ap", "h"], body_type="standing_committee")
    outsider = (await meetings.post("/people", {"name": "outsider"}))["id"]
    prepared = await build.meeting(body)
    base = f"{prepared.base}/agenda/{prepared.items[0]['id']}"
    return {"meeting": prepared.meeting, "base": base, "people": body.people, "outsider": outsider}


async def notices(meetings: Harness, base: str) -> list[dict[str, Any]]:
    response = await meetings.client.get(f"{base}/disqualification-notices", headers=meetings.headers())
    assert response.status_code == 200, response.text
    return list(response.json())


async def test_mtg11_a_member_gives_notice_in_advance_and_the_body_decides(
    meetings: Harness, planned: dict[str, Any]
) -> None:
    base, people = planned["base"], planned["people"]
    politician = meetings.headers(Scope.MEETINGS_READ, sub=people["ap"])
    notice = await meetings.post(
        f"{base}/disqualification-notices",
        {"person_id": people["ap"], "ground": "fvl_6_b", "explanation": "Min søster er søker"},
        headers=politician,
    )
    assert notice["ground"] == "fvl_6_b" and notice["decided"] is False
    # MTG-14: the body decides, and the notice shows it.
    await meetings.post(f"{base}/disqualifications", {"person_id": people["ap"], "ground": "fvl_6_b"})
    assert [(n["person_id"], n["decided"]) for n in await notices(meetings, base)] == [(people["ap"], True)]


async def test_mtg11_notice_is_given_by_the_member_before_the_meeting_and_once(
    meetings: Harness, planned: dict[str, Any]
) -> None:
    base, people, meeting = planned["base"], planned["people"], planned["meeting"]
    on_behalf = await meetings.post(
        f"{base}/disqualification-notices",
        {"person_id": people["h"], "explanation": "Styremedlem i søkerforeningen"},
        403,
        headers=meetings.headers(Scope.MEETINGS_READ, sub=people["ap"]),
    )
    assert "themself" in on_behalf["detail"]
    stranger = await meetings.post(
        f"{base}/disqualification-notices", {"person_id": planned["outsider"], "explanation": "Nabo"}, 422
    )
    assert stranger["errors"][0]["field"] == "person_id"
    await meetings.post(f"{base}/disqualification-notices", {"person_id": people["h"], "explanation": "Styreverv"})
    await meetings.post(f"{base}/disqualification-notices", {"person_id": people["h"], "explanation": "Igjen"}, 409)
    await meetings.post(
        f"/meetings/{meeting['id']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": [people["chair"], people["ap"], people["h"]]},
        200,
    )
    late = await meetings.post(
        f"{base}/disqualification-notices", {"person_id": people["ap"], "explanation": "Kom på det nå"}, 422
    )
    assert late["rule"] == "MTG-11"
    assert [n["person_id"] for n in await notices(meetings, base)] == [people["h"]]  # nothing else written
