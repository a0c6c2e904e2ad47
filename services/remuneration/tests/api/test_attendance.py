"""Attendance from the meetings service (REM-03: the administration's meeting fees come from attendance):
an attendance delivered twice, or sent again under a new event id, is stored once."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from folkevalgt_shared.events.envelope import BATCH_CONTENT_TYPE, build_batch, build_envelope
from folkevalgt_shared.testing import Harness
from remuneration.attendance.models import MeetingHeldRow, RecordedAttendance

ATTENDANCE = RecordedAttendance.__table__


async def test_rem30_attendance_delivered_twice_is_stored_once(rem: Harness, council: Any) -> None:
    await council.seat("Kari", "member")
    start = council.oslo(2026, 2, 10)
    event_id, payload = build_envelope(
        council.attendance(str(uuid.uuid4()), "municipal-council", "Kari", start, start + timedelta(hours=2)),
        subject="m",
    )
    assert (await council.deliver_payload(event_id, payload))["status"] == "processed"
    assert (await council.deliver_payload(event_id, payload))["status"] == "duplicate"
    assert await council.count(ATTENDANCE) == 1


async def test_rem30_attendance_sent_again_with_a_new_event_id_replaces_the_first(rem: Harness, council: Any) -> None:
    await council.seat("Kari", "member")
    meeting_id, start = str(uuid.uuid4()), council.oslo(2026, 2, 10)
    first = await council.deliver(
        council.attendance(meeting_id, "municipal-council", "Kari", start, start + timedelta(hours=2))
    )
    second = await council.deliver(
        council.attendance(meeting_id, "municipal-council", "Kari", start, start + timedelta(hours=5))
    )
    assert first != second
    rows = (await rem.client.get("/attendance?period=2026Q1", headers=rem.headers())).json()
    assert [(r["event_id"], r["attended_to"]) for r in rows] == [
        (second, (start + timedelta(hours=5)).isoformat().replace("+00:00", "Z"))
    ]
    assert await council.count(ATTENDANCE) == 1


async def test_rem30_one_request_with_the_same_attendance_twice_keeps_the_newest(rem: Harness, council: Any) -> None:
    await council.seat("Kari", "member")
    meeting_id, start = str(uuid.uuid4()), council.oslo(2026, 2, 10)
    events = [
        build_envelope(
            council.attendance(meeting_id, "municipal-council", "Kari", start, start + timedelta(hours=h)),
            subject="m",
        )
        for h in (2, 4)
    ]
    body = build_batch([p.decode() for _, p in events]).encode()
    result = await council.deliver_payload(events[0][0], body, BATCH_CONTENT_TYPE)
    assert result == {"status": "processed", "processed": 2, "duplicates": 0}
    rows = (await rem.client.get("/attendance?period=2026Q1", headers=rem.headers())).json()
    assert [r["event_id"] for r in rows] == [events[1][0]]


async def test_rem80_a_closed_meeting_is_kept_once(rem: Harness, council: Any) -> None:
    await council.seat("Kari", "member")
    await council.meeting("municipal-council", council.oslo(2026, 3, 5), ["Kari"])
    assert await council.count(MeetingHeldRow.__table__) == 1
    assert await council.count(ATTENDANCE) == 1


async def test_an_official_reads_only_their_own_attendance(rem: Harness, council: Any) -> None:
    kari = await council.seat("Kari", "member")
    ola = await council.seat("Ola", "member")
    await council.meeting("municipal-council", council.oslo(2026, 3, 5), ["Kari", "Ola"])
    as_kari = rem.headers("remuneration:read", sub=kari)
    own = await rem.client.get(f"/attendance?period=2026Q1&person_id={kari}", headers=as_kari)
    assert [r["person_id"] for r in own.json()] == [kari]
    assert (await rem.client.get(f"/attendance?period=2026Q1&person_id={ola}", headers=as_kari)).status_code == 403
    assert (await rem.client.get("/attendance?period=2026Q1", headers=as_kari)).status_code == 403
    bad = await rem.client.get("/attendance?period=2026Q5", headers=rem.headers())
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.period"
