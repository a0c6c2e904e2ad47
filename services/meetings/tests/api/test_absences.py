"""Absences and deputy summonses (MTG-10) through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness

SUMMONED = "no.folkevalgt.meetings.deputy.summoned.v1"


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="remuneration", url="http://remuneration/events", types=[SUMMONED])]


@pytest.fixture
async def committee(build: Any) -> dict[str, Any]:
    """A committee of 3 (Ap, Ap, H) with Ap deputies 1–3 and H deputy 1, and a meeting in 3 weeks."""
    seated = await build.body(
        ["chair", "member", "member", "deputy", "deputy", "deputy", "deputy"],
        key="committee",
        name="Utvalget",
        body_type="standing_committee",
        names=["Kari", "Ola", "Per", "Ap deputy 1", "Ap deputy 2", "Ap deputy 3", "H deputy 1"],
        parties=["Ap", "Ap", "H", "Ap", "Ap", "Ap", "H"],
    )
    m = await build.meeting(seated, days_ahead=21, agenda=[], notice=False)
    return {"body": seated.body, "meeting": m.meeting, "people": seated.people}


async def test_mtg10_absence_summons_the_next_deputy_of_the_list(meetings: Harness, committee: dict[str, Any]) -> None:
    people, meeting = committee["people"], committee["meeting"]
    result = await meetings.post(f"/meetings/{meeting['id']}/absences", {"person_id": people["Ola"], "reason": "Syk"})
    assert result["absent"]["status"] == "absent"
    assert (
        result["summoned"]["person_id"] == people["Ap deputy 1"] and result["summoned"]["in_place_of"] == people["Ola"]
    )
    second = await meetings.post(
        f"/meetings/{meeting['id']}/absences", {"person_id": people["Kari"], "reason": "Reise"}
    )
    assert second["summoned"]["person_id"] == people["Ap deputy 2"]
    assert second["passed_over"] == [{"person_id": people["Ap deputy 1"], "reason": "attending"}]
    # The summoned deputy sees the summons in the app (as themself), and it went out as an event.
    deputy_token = meetings.headers("meetings:read", sub=people["Ap deputy 1"])
    summons = (await meetings.client.get(f"/people/{people['Ap deputy 1']}/summons", headers=deputy_token)).json()
    assert [s["meeting_id"] for s in summons] == [meeting["id"]]
    o = meetings.app.state.platform.outbox
    async with meetings.app.state.db.transaction() as session:
        payloads = (await session.execute(select(o.c.payload).where(o.c.event_type == SUMMONED))).scalars().all()
    assert [json.loads(p)["data"]["deputy_person_id"] for p in payloads] == [
        people["Ap deputy 1"],
        people["Ap deputy 2"],
    ]


async def test_mtg10_a_summoned_deputy_who_cannot_come_is_replaced_by_the_next(
    meetings: Harness, committee: dict[str, Any]
) -> None:
    people, meeting = committee["people"], committee["meeting"]
    await meetings.post(f"/meetings/{meeting['id']}/absences", {"person_id": people["Ola"], "reason": "Syk"})
    again = await meetings.post(
        f"/meetings/{meeting['id']}/absences", {"person_id": people["Ap deputy 1"], "reason": "Jobb"}
    )
    assert again["summoned"]["person_id"] == people["Ap deputy 2"]
    assert again["summoned"]["in_place_of"] == people["Ola"]  # still in Ola's place
    other_list = await meetings.post(
        f"/meetings/{meeting['id']}/absences", {"person_id": people["Per"], "reason": "Syk"}
    )
    assert other_list["summoned"]["person_id"] == people["H deputy 1"]
    participants = (
        await meetings.client.get(f"/meetings/{meeting['id']}/participants", headers=meetings.headers())
    ).json()
    expected = {p["person_id"] for p in participants if p["status"] == "expected"}
    assert expected == {people["Kari"], people["Ap deputy 2"], people["H deputy 1"]}


async def test_mtg10_when_the_list_is_exhausted_nobody_is_summoned(
    meetings: Harness, committee: dict[str, Any]
) -> None:
    people, meeting = committee["people"], committee["meeting"]
    await meetings.post(f"/meetings/{meeting['id']}/absences", {"person_id": people["Per"], "reason": "Syk"})
    last = await meetings.post(
        f"/meetings/{meeting['id']}/absences", {"person_id": people["H deputy 1"], "reason": "Syk"}
    )
    assert last["summoned"] is None


async def test_absences_are_checked(meetings: Harness, committee: dict[str, Any]) -> None:
    people, meeting = committee["people"], committee["meeting"]
    stranger = (await meetings.post("/people", {"name": "Utenforstående"}))["id"]
    problem = await meetings.post(f"/meetings/{meeting['id']}/absences", {"person_id": stranger, "reason": "x y"}, 422)
    assert problem["errors"][0]["field"] == "person_id"
    own = meetings.headers("meetings:read", sub=people["Ola"])
    await meetings.post(
        f"/meetings/{meeting['id']}/absences", {"person_id": people["Ola"], "reason": "Syk"}, headers=own
    )
    twice = await meetings.post(
        f"/meetings/{meeting['id']}/absences", {"person_id": people["Ola"], "reason": "Syk"}, 409
    )
    assert twice["type"].endswith("/conflict")
    forbidden = await meetings.post(
        f"/meetings/{meeting['id']}/absences", {"person_id": people["Kari"], "reason": "Syk"}, 403, headers=own
    )
    assert "own" in forbidden["detail"]
