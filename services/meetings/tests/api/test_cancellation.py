"""Cancelling (avlyse) a meeting that has not started, on SQLite and PostgreSQL: every later step is
refused and a deputy's summons lapses (the public side is in test_oparl)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness

CANCELLED = "no.folkevalgt.meetings.meeting.cancelled.v1"


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="remuneration", url="http://remuneration/events", types=[CANCELLED])]


async def cancellations(h: Harness) -> list[dict[str, Any]]:
    o = h.app.state.platform.outbox
    async with h.app.state.db.transaction() as session:
        rows = (await session.execute(select(o.c.payload).where(o.c.event_type == CANCELLED))).scalars()
        return [json.loads(p)["data"] for p in rows]


async def meeting_now(h: Harness, meeting_id: str) -> dict[str, Any]:
    response = await h.client.get(f"/meetings/{meeting_id}", headers=h.headers())
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


async def test_a_planned_meeting_is_cancelled_and_takes_no_notice_or_cases(meetings: Harness, build: Any) -> None:
    board = await build.body(["chair", "member", "member"])
    planned = (await build.meeting(board, days_ahead=20, notice=False)).meeting
    cancelled = await meetings.post(f"/meetings/{planned['id']}/cancel", {"reason": "Ingen saker klare"}, 200)
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "Ingen saker klare"
    assert cancelled["cancelled_at"] is not None and cancelled["version"] == planned["version"] + 2  # + one case
    assert [len(cancelled["agenda"])] == [1]  # the agenda stays on record
    [event] = await cancellations(meetings)
    assert event["meeting_id"] == planned["id"] and event["notice_published"] is False
    assert event["reason"] == "Ingen saker klare" and event["version"] == cancelled["version"]
    for path, body in (("notice", None), ("agenda", {"case_number": "050/26", "title": "Sak"})):
        problem = await meetings.post(f"/meetings/{planned['id']}/{path}", body, 409)
        assert "cancelled" in problem["detail"]
    again = await meetings.post(f"/meetings/{planned['id']}/cancel", {"reason": "To ganger"}, 409)
    assert "cancelled" in again["detail"]
    assert await meeting_now(meetings, planned["id"]) == cancelled
    assert len(await cancellations(meetings)) == 1


async def test_a_noticed_meeting_is_cancelled_and_the_deputys_summons_lapses(meetings: Harness, build: Any) -> None:
    board = await build.body(
        ["chair", "member", "member", "deputy"],
        names=["Kari", "Ola", "Per", "Vara"],
        parties=["Ap", "Ap", "Ap", "Ap"],
    )
    meeting = (await build.meeting(board, days_ahead=20)).meeting
    absent = {"person_id": board.people["Ola"], "reason": "Syk"}
    absence = await meetings.post(f"/meetings/{meeting['id']}/absences", absent)
    deputy = absence["summoned"]["person_id"]
    assert deputy == board.people["Vara"]

    async def summons() -> list[str]:
        token = meetings.headers("meetings:read", sub=deputy)
        return [s["meeting_id"] for s in (await meetings.client.get(f"/people/{deputy}/summons", headers=token)).json()]

    assert await summons() == [meeting["id"]]
    await meetings.post(f"/meetings/{meeting['id']}/cancel", {"reason": "Møtet flyttes til neste uke"}, 200)
    assert await summons() == []
    [event] = await cancellations(meetings)
    assert event["notice_published"] is True and event["body_key"] == "board"
    refused = (
        ("roll-call", {"notice_approved": True, "agenda_approved": True, "present": board.voting}),
        ("absences", {"person_id": board.people["Per"], "reason": "Syk"}),
    )
    for path, body in refused:
        await meetings.post(f"/meetings/{meeting['id']}/{path}", body, 409)


async def test_a_started_meeting_cannot_be_cancelled_and_nothing_changes(meetings: Harness, build: Any) -> None:
    board = await build.body(["chair", "member", "member"])
    meeting = (await build.meeting(board, days_ahead=20, constituted=True)).meeting
    before = await meeting_now(meetings, meeting["id"])
    problem = await meetings.post(f"/meetings/{meeting['id']}/cancel", {"reason": "For sent"}, 409)
    assert "in_progress" in problem["detail"]
    assert await meeting_now(meetings, meeting["id"]) == before
    assert await cancellations(meetings) == []


async def test_a_cancellation_needs_its_reason(meetings: Harness, build: Any) -> None:
    board = await build.body(["chair", "member", "member"])
    meeting = (await build.meeting(board, days_ahead=20, notice=False)).meeting
    for body in ({}, {"reason": ""}):
        problem = await meetings.post(f"/meetings/{meeting['id']}/cancel", body, 422)
        assert any(e["field"].endswith("reason") for e in problem["errors"])
    assert (await meeting_now(meetings, meeting["id"]))["status"] == "planned"
    await meetings.post(f"/meetings/{meeting['id']}/cancel", {"reason": "Avlyst"}, 200)
