"""Leave from office (LEA-60) reported by the leave service's events: a deputy on leave on the meeting's
day is passed over when deputies are summoned (MTG-10)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from folkevalgt_shared.contracts import OfficeLeaveEndedV1, OfficeLeaveStartedV1
from folkevalgt_shared.events.envelope import build_envelope, signed_headers
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET, Subscription
from folkevalgt_shared.testing import Harness
from folkevalgt_shared.types import utcnow

SUMMONED = "no.folkevalgt.meetings.deputy.summoned.v1"


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="remuneration", url="http://remuneration/events", types=[SUMMONED])]


@pytest.fixture
async def committee(build: Any) -> dict[str, Any]:
    """A committee of 2 Ap members with Ap deputies 1–3, and a meeting in 3 weeks."""
    seated = await build.body(
        ["chair", "member", "deputy", "deputy", "deputy"],
        key="committee",
        body_type="standing_committee",
        names=["Kari", "Ola", "Deputy 1", "Deputy 2", "Deputy 3"],
        parties=["Ap"] * 5,
    )
    m = await build.meeting(seated, days_ahead=21, agenda=[], notice=False)
    day = datetime.fromisoformat(m.meeting["starts_at"]).date()
    return {"base": m.base, "people": seated.people, "day": day, "seated": seated}


def leave(person: str, start: date, *, end: date | None = None, version: int = 1, **more: Any) -> dict[str, Any]:
    fields = {"leave_id": uuid.UUID(int=1), "person_id": person, "start_date": start, "end_date": end}
    return {**fields, "reason": "health", "version": version, "changed_at": utcnow(), **more}


async def deliver(h: Harness, data: OfficeLeaveStartedV1 | OfficeLeaveEndedV1) -> tuple[str, bytes]:
    """To the event endpoint, signed as the leave service's relay signs it."""
    event_id, payload = build_envelope(data, subject=str(data.leave_id), source="/leave")
    await redeliver(h, event_id, payload, "processed")
    return event_id, payload


async def redeliver(h: Harness, event_id: str, payload: bytes, status: str) -> None:
    response = await h.client.post(
        "/events", content=payload, headers=signed_headers(DEV_WEBHOOK_SECRET, event_id, payload)
    )
    assert response.status_code == 200 and response.json()["status"] == status, response.text


async def absence(h: Harness, committee: dict[str, Any]) -> dict[str, Any]:
    ola = committee["people"]["Ola"]
    result: dict[str, Any] = await h.post(f"{committee['base']}/absences", {"person_id": ola, "reason": "Syk"})
    return result


async def test_mtg10_a_deputy_on_leave_from_office_is_passed_over(meetings: Harness, committee: dict[str, Any]) -> None:
    people, day = committee["people"], committee["day"]
    event_id, payload = await deliver(
        meetings, OfficeLeaveStartedV1(**leave(people["Deputy 1"], day - timedelta(days=30)))
    )
    await redeliver(meetings, event_id, payload, "duplicate")  # delivered twice: no second effect
    summoned = await absence(meetings, committee)
    assert summoned["summoned"]["person_id"] == people["Deputy 2"]
    assert summoned["passed_over"] == [{"person_id": people["Deputy 1"], "reason": "on_leave"}]
    o = meetings.app.state.platform.outbox
    async with meetings.app.state.db.transaction() as session:
        [event] = (await session.execute(select(o.c.payload).where(o.c.event_type == SUMMONED))).scalars().all()
    assert json.loads(event)["data"]["passed_over"] == [{"person_id": people["Deputy 1"], "reason": "on_leave"}]


async def test_mtg10_an_ended_leave_no_longer_skips_the_deputy_whatever_the_order_of_the_events(
    meetings: Harness, committee: dict[str, Any]
) -> None:
    people, day = committee["people"], committee["day"]
    start = day - timedelta(days=60)
    # The end arrives first; the older start, delivered later, does not reopen the leave.
    await deliver(
        meetings, OfficeLeaveEndedV1(**leave(people["Deputy 1"], start, end=day - timedelta(days=1), version=2))
    )
    await deliver(meetings, OfficeLeaveStartedV1(**leave(people["Deputy 1"], start)))
    summoned = await absence(meetings, committee)
    assert summoned["summoned"]["person_id"] == people["Deputy 1"] and summoned["passed_over"] == []


async def test_mtg10_only_a_leave_covering_the_meetings_day_and_body_skips(
    meetings: Harness, committee: dict[str, Any]
) -> None:
    people, day = committee["people"], committee["day"]
    elsewhere = leave(people["Deputy 1"], day - timedelta(days=5), body_keys=["council"])
    await deliver(meetings, OfficeLeaveStartedV1(**elsewhere))
    later = leave(people["Deputy 2"], day + timedelta(days=1), leave_id=uuid.UUID(int=2))
    await deliver(meetings, OfficeLeaveStartedV1(**later))
    assert (await absence(meetings, committee))["summoned"]["person_id"] == people["Deputy 1"]
    kari = {"person_id": people["Kari"], "reason": "Reise"}
    second = await meetings.post(f"{committee['base']}/absences", kari)
    assert second["summoned"]["person_id"] == people["Deputy 2"]
    assert second["passed_over"] == [{"person_id": people["Deputy 1"], "reason": "attending"}]


async def test_mtg14_a_deputy_on_leave_does_not_sit_for_a_disqualified_member(
    meetings: Harness, build: Any, committee: dict[str, Any]
) -> None:
    people, day = committee["people"], committee["day"]
    await deliver(meetings, OfficeLeaveStartedV1(**leave(people["Deputy 1"], day - timedelta(days=30))))
    m = await build.meeting(committee["seated"], days_ahead=14)
    found = {"person_id": people["Ola"], "ground": "fvl_6_a", "explanation": "Part i saken"}
    record = await meetings.post(f"{m.base}/agenda/{m.items[0]['id']}/disqualifications", found)
    assert record["substitute_id"] == people["Deputy 2"]


async def notice(h: Harness, committee: dict[str, Any]) -> None:
    case = {"case_number": "012/26", "title": "Reguleringsplan", "recommendation": "Vedtas", "documents": []}
    await h.post(f"{committee['base']}/agenda", case)
    await h.post(f"{committee['base']}/notice", status=200)


async def participants_of(h: Harness, committee: dict[str, Any]) -> dict[str, dict[str, Any]]:
    response = await h.client.get(f"{committee['base']}/participants", headers=h.headers())
    assert response.status_code == 200, response.text
    names = {person: name for name, person in committee["people"].items()}
    return {names[p["person_id"]]: p for p in response.json()}


async def test_lea60_mtg10_a_member_on_leave_is_absent_and_replaced_as_the_notice_goes_out(
    meetings: Harness, committee: dict[str, Any]
) -> None:
    people, day = committee["people"], committee["day"]
    await deliver(meetings, OfficeLeaveStartedV1(**leave(people["Ola"], day - timedelta(days=30))))
    on_leave_too = leave(people["Deputy 1"], day - timedelta(days=10), leave_id=uuid.UUID(int=2))
    await deliver(meetings, OfficeLeaveStartedV1(**on_leave_too))
    await notice(meetings, committee)

    seated = await participants_of(meetings, committee)
    assert seated["Ola"]["status"] == "absent"
    assert seated["Ola"]["absence_reason"] == "Permisjon fra vervet (LEA-60)"
    assert seated["Deputy 2"]["status"] == "expected" and seated["Deputy 2"]["in_place_of"] == people["Ola"]
    assert seated["Kari"]["status"] == "expected" and "Deputy 1" not in seated
    o = meetings.app.state.platform.outbox
    async with meetings.app.state.db.transaction() as session:
        [event] = (await session.execute(select(o.c.payload).where(o.c.event_type == SUMMONED))).scalars().all()
    data = json.loads(event)["data"]
    assert data["deputy_person_id"] == people["Deputy 2"] and data["in_place_of_person_id"] == people["Ola"]
    assert data["passed_over"] == [{"person_id": people["Deputy 1"], "reason": "on_leave"}]
    # Already absent: reporting it again is refused, and nobody else is summoned.
    response = await meetings.client.post(
        f"{committee['base']}/absences", json={"person_id": people["Ola"], "reason": "Syk"}, headers=meetings.headers()
    )
    assert response.status_code == 409, response.text


async def test_lea60_a_leave_ended_before_the_meeting_or_in_another_body_leaves_the_member_summoned(
    meetings: Harness, committee: dict[str, Any]
) -> None:
    people, day = committee["people"], committee["day"]
    ended = leave(people["Ola"], day - timedelta(days=90), end=day - timedelta(days=1))
    await deliver(meetings, OfficeLeaveEndedV1(**ended))
    elsewhere = leave(people["Kari"], day - timedelta(days=5), leave_id=uuid.UUID(int=2), body_keys=["council"])
    await deliver(meetings, OfficeLeaveStartedV1(**elsewhere))
    await notice(meetings, committee)

    seated = await participants_of(meetings, committee)
    assert {name: p["status"] for name, p in seated.items()} == {"Kari": "expected", "Ola": "expected"}


async def test_lea60_mtg10_a_leave_granted_after_the_notice_replaces_the_member_in_that_meeting(
    meetings: Harness, committee: dict[str, Any]
) -> None:
    people, day = committee["people"], committee["day"]
    await notice(meetings, committee)
    granted = OfficeLeaveStartedV1(**leave(people["Ola"], day - timedelta(days=2), end=day + timedelta(days=90)))
    event_id, payload = await deliver(meetings, granted)
    await redeliver(meetings, event_id, payload, "duplicate")  # delivered twice: one replacement
    # A newer version of the same leave (its end moved) finds Ola absent already: nobody else is summoned.
    await deliver(meetings, OfficeLeaveStartedV1(**leave(people["Ola"], day - timedelta(days=2), version=2)))

    seated = await participants_of(meetings, committee)
    assert seated["Ola"]["status"] == "absent"
    assert seated["Ola"]["absence_reason"] == "Permisjon fra vervet (LEA-60)"
    assert seated["Deputy 1"]["in_place_of"] == people["Ola"] and "Deputy 2" not in seated
    o = meetings.app.state.platform.outbox
    async with meetings.app.state.db.transaction() as session:
        [event] = (await session.execute(select(o.c.payload).where(o.c.event_type == SUMMONED))).scalars().all()
    assert json.loads(event)["data"]["deputy_person_id"] == people["Deputy 1"]


async def test_lea60_a_leave_after_the_meeting_day_changes_nothing_in_a_noticed_meeting(
    meetings: Harness, committee: dict[str, Any]
) -> None:
    people, day = committee["people"], committee["day"]
    await notice(meetings, committee)
    await deliver(meetings, OfficeLeaveStartedV1(**leave(people["Ola"], day + timedelta(days=1))))
    seated = await participants_of(meetings, committee)
    assert {name: p["status"] for name, p in seated.items()} == {"Kari": "expected", "Ola": "expected"}


async def test_mtg04_a_leave_from_office_of_two_years_keeps_the_member_out_to_its_last_day_and_no_longer(
    meetings: Harness, build: Any, committee: dict[str, Any]
) -> None:
    people, day = committee["people"], committee["day"]
    # Granted for the longest the rules allow (2 years), its last day the day of the meeting.
    granted = leave(people["Ola"], day.replace(year=day.year - 2) + timedelta(days=1), end=day)
    await deliver(meetings, OfficeLeaveStartedV1(**granted))
    await notice(meetings, committee)
    seated = await participants_of(meetings, committee)
    assert seated["Ola"]["status"] == "absent" and seated["Ola"]["absence_reason"] == "Permisjon fra vervet (LEA-60)"
    assert seated["Deputy 1"]["in_place_of"] == people["Ola"]
    # The day after the leave the member sits again, and no deputy is summoned.
    after = await build.meeting(committee["seated"], days_ahead=22)
    assert datetime.fromisoformat(after.meeting["starts_at"]).date() > day
    back = await participants_of(meetings, {"base": after.base, "people": people})
    assert back["Ola"]["status"] == "expected" and "Deputy 1" not in back
