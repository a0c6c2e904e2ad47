"""Who chairs the meeting (MTG-09), and when its procedure happens: on the meeting's day, not before its start
(MTG-15), so the minutes never end before they begin (MTG-35)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from folkevalgt_shared.calendar import OSLO
from folkevalgt_shared.testing import Harness


async def test_mtg09_the_mayor_chairs_else_the_deputy_mayor_else_an_elected_chair(
    build: Any, meetings: Harness
) -> None:
    seated = await build.council(["deputy_mayor", "member", "member", "mayor", "member"])
    deputy, a, b, mayor, c = seated.voting
    first = await build.meeting(seated)
    other = await meetings.post(
        f"{first.base}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": seated.voting, "chair_id": a},
        422,
    )
    assert other["rule"] == "MTG-09" and other["errors"][0]["field"] == "chair_id"  # the mayor is present
    elected = {
        "notice_approved": True,
        "agenda_approved": True,
        "present": seated.voting,
        "chair_id": a,
        "chair_election": {"votes_for": 5},
    }
    assert (await meetings.post(f"{first.base}/roll-call", elected, 422))["rule"] == "MTG-09"
    opened = await meetings.post(
        f"{first.base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": seated.voting}, 200
    )
    assert (opened["chair_id"], opened["chair_basis"]) == (mayor, "leader")

    second = await build.meeting(seated, days_ahead=20)
    await meetings.post(f"{second.base}/absences", {"person_id": mayor, "reason": "Syk"})
    present = [deputy, a, b, c]
    assert (
        await meetings.post(
            f"{second.base}/roll-call",
            {"notice_approved": True, "agenda_approved": True, "present": present, "chair_id": b},
            422,
        )
    )["rule"] == ("MTG-09")
    opened = await meetings.post(
        f"{second.base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": present}, 200
    )
    assert (opened["chair_id"], opened["chair_basis"]) == (deputy, "deputy_leader")

    third = await build.meeting(seated, days_ahead=40)
    for absent in (mayor, deputy):
        await meetings.post(f"{third.base}/absences", {"person_id": absent, "reason": "Reise"})
    present = [a, b, c]
    unnamed = await meetings.post(
        f"{third.base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": present}, 422
    )
    assert unnamed["errors"][0]["field"] == "chair_id"
    unelected = await meetings.post(
        f"{third.base}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": present, "chair_id": b},
        422,
    )
    assert unelected["rule"] == "MTG-09" and unelected["errors"][0]["field"] == "chair_election"
    split = {
        "notice_approved": True,
        "agenda_approved": True,
        "present": present,
        "chair_id": b,
        "chair_election": {"votes_for": 1, "votes_against": 1},
    }
    assert (await meetings.post(f"{third.base}/roll-call", split, 422))["errors"][0]["field"] == "chair_election"
    stuffed = {
        "notice_approved": True,
        "agenda_approved": True,
        "present": present,
        "chair_id": b,
        "chair_election": {"votes_for": 4, "votes_against": 0},
    }
    assert (await meetings.post(f"{third.base}/roll-call", stuffed, 422))["rule"] == "MTG-09"  # 4 votes from 3
    chosen = {
        "notice_approved": True,
        "agenda_approved": True,
        "present": present,
        "chair_id": b,
        "chair_election": {"votes_for": 2, "votes_against": 1},
    }
    opened = await meetings.post(f"{third.base}/roll-call", chosen, 200)
    assert (opened["chair_id"], opened["chair_basis"]) == (b, "elected")


async def test_mtg15_the_procedure_happens_on_the_meeting_day_and_not_before_its_start(
    build: Any, meetings: Harness
) -> None:
    seated = await build.council(["mayor", "member", "member"])
    m = await build.meeting(seated, days_ahead=12)
    starts = datetime.fromisoformat(m.meeting["starts_at"])
    roll_call = {"notice_approved": True, "agenda_approved": True, "present": seated.voting}
    days_early = await meetings.post_now(f"{m.base}/roll-call", roll_call, 422)
    assert days_early["rule"] == "MTG-15"
    meetings.set_clock(starts - timedelta(minutes=5))  # the meeting's day, before its start
    assert (await meetings.post_now(f"{m.base}/roll-call", roll_call, 422))["rule"] == "MTG-15"
    next_day = datetime.combine(starts.astimezone(OSLO).date() + timedelta(days=1), datetime.min.time(), OSLO)
    meetings.set_clock(next_day.astimezone(UTC) + timedelta(minutes=1))  # just after midnight, Oslo: too late
    late = await meetings.post_now(f"{m.base}/roll-call", roll_call, 422)
    assert late["rule"] == "MTG-15" and "on that day" in late["detail"]
    meetings.set_clock(starts)
    opened = await meetings.post_now(f"{m.base}/roll-call", roll_call, 200)
    assert datetime.fromisoformat(opened["constituted_at"]) >= starts
    await meetings.post(f"{m.base}/agenda/{m.items[0]['id']}/votes", {"motion": "I", "method": "tacit", "final": True})
    await meetings.post(f"{m.base}/close", status=200)
    minutes = (await meetings.client.get(f"{m.base}/minutes", headers=meetings.headers())).json()
    assert datetime.fromisoformat(minutes["ended_at"]) >= datetime.fromisoformat(minutes["starts_at"])


async def test_mtg15_no_vote_and_no_close_before_the_start(build: Any, meetings: Harness) -> None:
    """Should the clock be behind the start after the roll call (it runs on in production; here it is set back),
    the votes and the close are still refused before the start."""
    seated = await build.council(["mayor", "member", "member"])
    m = await build.meeting(seated, days_ahead=12, constituted=True)
    starts = datetime.fromisoformat(m.meeting["starts_at"])
    meetings.set_clock(starts - timedelta(hours=1))
    vote = await meetings.post(f"{m.base}/agenda/{m.items[0]['id']}/votes", {"motion": "I", "method": "tacit"}, 422)
    assert vote["rule"] == "MTG-15"
    assert (await meetings.post(f"{m.base}/close", status=422))["rule"] == "MTG-15"
