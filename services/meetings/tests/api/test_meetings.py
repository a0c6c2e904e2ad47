"""Meetings, agenda and notice through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness

TYPES = [
    "no.folkevalgt.meetings.meeting.scheduled.v1",
    "no.folkevalgt.meetings.meeting.notice.published.v1",
    "no.folkevalgt.meetings.case.presented.v1",
]


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="access", url="http://access/events", types=TYPES)]


async def events(h: Harness) -> list[dict[str, Any]]:
    o = h.app.state.platform.outbox
    async with h.app.state.db.transaction() as session:
        rows = (await session.execute(select(o.c.payload).order_by(o.c.id))).scalars().all()
    return [json.loads(p) for p in rows]


async def council_meeting(build: Any, days_ahead: float) -> dict[str, Any]:
    council = await build.council(seats=25, quorum=13, notice_days_budget=14)
    planned = await build.meeting(council, days_ahead=days_ahead, location="Rådhuset", agenda=[], notice=False)
    return planned.meeting


async def test_mtg06_notice_in_time_presents_the_cases(meetings: Harness, build: Any) -> None:
    meeting = await council_meeting(build, days_ahead=20)
    assert meeting["status"] == "planned"
    await meetings.post(
        f"/meetings/{meeting['id']}/agenda",
        {"case_number": "042/26", "title": "Skolestruktur", "documents": ["2026/118-3"]},
    )
    await meetings.post(
        f"/meetings/{meeting['id']}/agenda",
        {"case_number": "043/26", "title": "Ansettelse", "closed": True, "closed_basis": "Offl. § 25"},
    )
    published = await meetings.post(f"/meetings/{meeting['id']}/notice", status=200)
    assert published["status"] == "notice_published" and published["notice_late_reason"] is None
    assert [i["number"] for i in published["agenda"]] == [1, 2]
    types = [e["type"].removesuffix(".v1") for e in await events(meetings)]
    assert types == [
        "no.folkevalgt.meetings.meeting.scheduled",
        "no.folkevalgt.meetings.meeting.notice.published",
        "no.folkevalgt.meetings.case.presented",
        "no.folkevalgt.meetings.case.presented",
    ]
    presented = (await events(meetings))[2]
    assert presented["subject"] == "042/26"
    [document] = presented["data"]["documents"]
    assert document["name"] == "2026/118-3" and document["exempt"] is False and document["document_id"]


async def test_mtg06_late_notice_is_refused_and_changes_nothing(meetings: Harness, build: Any) -> None:
    meeting = await council_meeting(build, days_ahead=5)
    await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "044/26", "title": "Sak"})
    before = await events(meetings)
    problem = await meetings.post(f"/meetings/{meeting['id']}/notice", status=422)
    assert problem["rule"] == "MTG-06" and "10 days" in problem["detail"]
    current = (await meetings.client.get(f"/meetings/{meeting['id']}", headers=meetings.headers())).json()
    assert current["status"] == "planned" and current["notice_published_at"] is None
    assert await events(meetings) == before


async def test_mtg06_late_notice_can_be_published_with_a_recorded_reason(meetings: Harness, build: Any) -> None:
    meeting = await council_meeting(build, days_ahead=2)
    await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "045/26", "title": "Hastesak"})
    published = await meetings.post(f"/meetings/{meeting['id']}/notice", {"late_reason": "Hastemøte (MTG-05)"}, 200)
    assert published["notice_late_reason"] == "Hastemøte (MTG-05)"
    notice = next(e for e in await events(meetings) if e["type"].endswith("notice.published.v1"))
    assert notice["data"]["late"] is True


async def test_mtg01_budget_cases_need_14_days_notice(meetings: Harness, build: Any) -> None:
    meeting = await council_meeting(build, days_ahead=12)
    await meetings.post(
        f"/meetings/{meeting['id']}/agenda",
        {"case_number": "050/26", "title": "Budsjett 2027", "budget": True},
    )
    current = (await meetings.client.get(f"/meetings/{meeting['id']}", headers=meetings.headers())).json()
    assert datetime.fromisoformat(current["notice_deadline"]) < datetime.now(UTC)
    problem = await meetings.post(f"/meetings/{meeting['id']}/notice", status=422)
    assert problem["rule"] == "MTG-06" and "14 days" in problem["detail"]


async def test_mtg07_closed_cases_need_a_legal_basis(meetings: Harness, build: Any) -> None:
    meeting = await council_meeting(build, days_ahead=20)
    problem = await meetings.post(
        f"/meetings/{meeting['id']}/agenda",
        {"case_number": "046/26", "title": "Personalsak", "closed": True},
        422,
    )
    assert problem["rule"] == "MTG-07" and problem["errors"][0]["field"] == "closed_basis"


async def test_mtg17_cases_added_after_the_notice_are_marked(meetings: Harness, build: Any) -> None:
    meeting = await council_meeting(build, days_ahead=20)
    await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "047/26", "title": "Sak"})
    await meetings.post(f"/meetings/{meeting['id']}/notice", status=200)
    late = await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "048/26", "title": "Ny sak"})
    assert late["not_in_notice"] is True and late["number"] == 2
    assert (await events(meetings))[-1]["subject"] == "048/26"  # presented at once
    again = await meetings.post(f"/meetings/{meeting['id']}/notice", status=409)
    assert again["type"].endswith("/conflict")


async def test_bad_meeting_input_is_refused(meetings: Harness, build: Any) -> None:
    problem = await meetings.post(
        "/meetings",
        {"body_id": "00000000-0000-4000-8000-000000000000", "starts_at": "2026-12-01T10:00:00"},
        422,
    )
    assert problem["errors"][0]["field"] == "body.starts_at"  # no UTC offset
    missing = await meetings.post(
        "/meetings",
        {"body_id": "00000000-0000-4000-8000-000000000000", "starts_at": "2026-12-01T10:00:00+01:00"},
        422,
    )
    assert missing["errors"][0]["field"] == "body.body_id"
    empty = await council_meeting(build, days_ahead=20)
    assert (await meetings.post(f"/meetings/{empty['id']}/notice", status=422))["errors"][0]["field"] == "agenda"
