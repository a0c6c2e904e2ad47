"""Questions to the mayor (MTG-30) and legality appeals (MTG-38), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.testing import Harness


@pytest.fixture
async def council(meetings: Harness, build: Any) -> dict[str, Any]:
    seated = await build.council(["member"] * 4, seats=25, quorum=13, names=[f"Representant {i}" for i in range(4)])
    outsider = (await meetings.post("/people", {"name": "Innbygger"}))["id"]
    return {"body": seated.body, "members": seated.members, "outsider": outsider}


async def meeting_in(h: Harness, body: dict[str, Any], days: int) -> dict[str, Any]:
    starts = (datetime.now(UTC) + timedelta(days=days)).isoformat()
    return await h.post("/meetings", {"body_id": body["id"], "starts_at": starts})


async def test_mtg30_questions_in_time_are_answered_at_the_meeting(meetings: Harness, council: dict[str, Any]) -> None:
    far = await meeting_in(meetings, council["body"], days=30)
    asker = council["members"][0]
    own = meetings.headers("meetings:read", sub=asker)
    question = await meetings.post(
        f"/meetings/{far['id']}/questions",
        {"asker_id": asker, "kind": "question", "text": "Når åpner den nye skolen?"},
        headers=own,
    )
    assert question["in_time"] is True and question["answered_at"] == "this meeting"
    near = await meeting_in(meetings, council["body"], days=2)
    late = await meetings.post(
        f"/meetings/{near['id']}/questions",
        {"asker_id": asker, "kind": "interpellation", "text": "Om kommunens klimaplan"},
    )
    assert late["in_time"] is False and late["answered_at"] == "next meeting or as the chair decides"
    assert date.fromisoformat(late["deadline"]) < oslo_date(datetime.now(UTC))
    listed = (await meetings.client.get(f"/meetings/{far['id']}/questions", headers=meetings.headers())).json()
    assert [q["id"] for q in listed] == [question["id"]]


async def test_mtg30_only_council_members_ask(meetings: Harness, council: dict[str, Any]) -> None:
    far = await meeting_in(meetings, council["body"], days=30)
    problem = await meetings.post(
        f"/meetings/{far['id']}/questions",
        {"asker_id": council["outsider"], "kind": "question", "text": "Spørsmål?"},
        422,
    )
    assert problem["errors"][0]["field"] == "asker_id"
    other = meetings.headers("meetings:read", sub=council["members"][1])
    await meetings.post(
        f"/meetings/{far['id']}/questions",
        {"asker_id": council["members"][0], "kind": "question", "text": "Spørsmål?"},
        403,
        headers=other,
    )


async def test_mtg38_legality_appeal_needs_three_council_members_within_three_weeks(
    meetings: Harness, council: dict[str, Any]
) -> None:
    today = oslo_date(datetime.now(UTC))
    appeal = {
        "decision_reference": "KST 042/26",
        "decided_by": "Kommunestyret",
        "decided_on": str(today),
        "signatories": council["members"][:3],
        "grounds": "Saken var ikke med i innkallingen.",
    }
    lodged = await meetings.post("/legality-appeals", appeal)
    assert lodged["status"] == "lodged" and lodged["deadline"] == str(today + timedelta(weeks=3))
    two_and_outsider = {**appeal, "signatories": [*council["members"][:2], council["outsider"]]}
    few = await meetings.post("/legality-appeals", two_and_outsider, 422)
    assert few["rule"] == "MTG-38" and "not on the council" in few["detail"]
    late = await meetings.post("/legality-appeals", {**appeal, "decided_on": str(today - timedelta(days=22))}, 422)
    assert late["rule"] == "MTG-38" and late["errors"][0]["field"] == "lodged_on"
    stored = (await meetings.client.get(f"/legality-appeals/{lodged['id']}", headers=meetings.headers())).json()
    assert stored["signatories"] == council["members"][:3]
