"""Minutes from the record (MTG-35), public version and publication deadline (MTG-37)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from folkevalgt_shared.testing import Harness
from meetings.domain.minutes import is_overdue, publication_deadline


async def test_mtg35_minutes_record_the_meeting_and_mtg37_hide_closed_cases(meetings: Harness, build: Any) -> None:
    seated = await build.body(["chair", "member", "member"], names=["Leder Lie", "Medlem Berg", "Medlem Dahl"])
    ids = seated.members
    agenda = [
        {"case_number": "010/26", "title": "Ny lekeplass", "recommendation": "Bygges"},
        {"case_number": "011/26", "title": "Ansettelse av NN", "closed": True, "closed_basis": "Offl. § 25"},
    ]
    m = await build.meeting(seated, location="Rådhuset", agenda=agenda, notice=False)
    meeting, (open_case, closed_case) = m.meeting, m.items
    await meetings.post(f"/meetings/{meeting['id']}/absences", {"person_id": ids[2], "reason": "Syk"})
    await meetings.post(f"/meetings/{meeting['id']}/notice", status=200)
    await meetings.post(
        f"/meetings/{meeting['id']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": ids[:2], "signatories": [ids[1]]},
        200,
    )
    for case in (open_case, closed_case):
        await meetings.post(
            f"/meetings/{meeting['id']}/agenda/{case['id']}/votes",
            {
                "motion": "Innstillingen",
                "ballots": [{"voter_id": ids[0], "option": "for"}, {"voter_id": ids[1], "option": "against"}],
                "final": True,
            },
        )
    internal = (await meetings.client.get(f"/meetings/{meeting['id']}/minutes", headers=meetings.headers())).json()
    assert internal["chair"] == "Leder Lie" and internal["place"] == "Rådhuset"
    assert [p["name"] for p in internal["present"]] == ["Leder Lie", "Medlem Berg"]
    assert internal["absent"] == [{"name": "Medlem Dahl", "reason": "Syk"}]
    first = internal["cases"][0]
    assert first["recommendation"] == "Bygges" and first["decision"] == "adopted"
    assert first["votes"] == [
        {
            "motion": "Innstillingen",
            "kind": "binding",
            "method": "counter_vote",
            "result": "adopted",
            "for": 1,
            "against": 1,
            "casting_vote": True,
        }
    ]
    assert internal["cases"][1]["title"] == "Ansettelse av NN"

    await meetings.post(f"/meetings/{meeting['id']}/close", status=200)
    for approver in ids[:2]:  # MTG-37: the chair and the signatory approve first
        await meetings.post(f"/meetings/{meeting['id']}/minutes/approvals", {"person_id": approver})
    published = await meetings.post(f"/meetings/{meeting['id']}/minutes/publish", status=200)
    secret = published["cases"][1]
    assert secret["title"] == "Unntatt offentlighet" and "votes" not in secret and secret["decision"] == "adopted"
    assert published["absent"] == [{"name": "Medlem Dahl", "reason": None}]
    assert published["published_at"] is not None and published["overdue"] is False
    html = (await meetings.client.get(f"/meetings/{meeting['id']}/minutes.html", headers=meetings.headers())).text
    assert "Ny lekeplass" in html and "Ansettelse av NN" not in html and "Offl. § 25" in html
    again = await meetings.post(f"/meetings/{meeting['id']}/minutes/publish", status=409)
    assert "already" in again["detail"]


def test_mtg37_minutes_are_due_two_working_days_after_the_meeting() -> None:
    assert publication_deadline(date(2026, 12, 23)) == date(2026, 12, 28)  # Christmas days are not working days
    assert publication_deadline(date(2026, 6, 18)) == date(2026, 6, 22)  # Thursday → Monday
    assert not is_overdue(date(2026, 6, 18), date(2026, 6, 22), None)
    assert is_overdue(date(2026, 6, 18), date(2026, 6, 23), None)
    assert is_overdue(date(2026, 6, 18), date(2026, 6, 30), date(2026, 6, 24))  # published late


async def test_mtg37_overdue_minutes_are_listed_until_published(meetings: Harness, build: Any) -> None:
    seated = await build.body(["chair"], quorum=1, names=["Leder"])
    chair = seated.members[0]
    agenda = [{"case_number": "020/26", "title": "Sak"}]
    meetings.set_clock(datetime.now(UTC) - timedelta(days=10))  # ten days ago, a meeting at short notice
    held = (await build.meeting(seated, days_ahead=0.01, agenda=agenda, notice=False)).meeting
    await meetings.post(f"/meetings/{held['id']}/notice", {"late_reason": "Hastemøte"}, 200)
    await meetings.post(
        f"/meetings/{held['id']}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": [chair]}, 200
    )
    await meetings.post(f"/meetings/{held['id']}/close", status=200)
    meetings.set_clock(datetime.now(UTC))  # ten days on: today
    await meetings.post(f"/meetings/{held['id']}/minutes/approvals", {"person_id": chair})  # the chair alone
    overdue = (await meetings.client.get("/minutes/overdue", headers=meetings.headers())).json()
    assert [m["meeting_id"] for m in overdue] == [held["id"]]
    published = await meetings.post(f"/meetings/{held['id']}/minutes/publish", status=200)
    assert published["overdue"] is True  # published, but after the deadline
    assert (await meetings.client.get("/minutes/overdue", headers=meetings.headers())).json() == []
