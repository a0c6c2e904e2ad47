"""Leave from office (LEA-60): a representative applies as themself, the council's decision is recorded with its
reference, and meetings and remuneration hear of it on the first and the last day — at once when the day has
come, and at once again of any change of a leave they know."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from folkevalgt_shared.contracts import MembershipChangedV1
from folkevalgt_shared.events.envelope import build_envelope, signed_headers
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET
from folkevalgt_shared.types import utcnow
from leave.office_leaves.models import OfficeLeave

STARTED = "no.folkevalgt.leave.office_leave.started.v1"
ENDED = "no.folkevalgt.leave.office_leave.ended.v1"
TODAY = date(2026, 4, 15)
JOB = "/ops/jobs/office-leave-publication/run"


@pytest.fixture
async def member(work: Any, set_today: Any) -> str:
    """A council member, as the register copy has it from the meetings service."""
    set_today(TODAY)
    person = str(uuid.uuid4())
    data = MembershipChangedV1(
        membership_id=uuid.uuid4(), person_id=uuid.UUID(person), person_name="Kari Hansen", body_id=uuid.uuid4(),
        body_key="municipal-council", body_name="Kommunestyret", body_type="municipal_council", role="member",
        party_group="Ap", voting_right=True, start_date=date(2023, 10, 1), end_date=date(2027, 9, 30), version=1,
        changed_at=utcnow(),
    )  # fmt: skip
    event_id, payload = build_envelope(data, subject="m", source="/meetings")
    response = await work.h.client.post(
        "/events", content=payload, headers=signed_headers(DEV_WEBHOOK_SECRET, event_id, payload)
    )
    assert response.status_code == 200, response.text
    return person


def as_member(work: Any, person: str) -> dict[str, str]:
    return work.h.headers("leave:read", "leave:write", sub=person)


async def apply(work: Any, person: str, start: date, end: date, status: int = 201, **more: Any) -> dict[str, Any]:
    body = {"start_date": start.isoformat(), "end_date": end.isoformat(), "reason": "health",
            "justification": "Behandling", **more}  # fmt: skip
    response = await work.h.client.post("/office-leaves", json=body, headers=as_member(work, person))
    assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


async def council(work: Any, leave: dict[str, Any], path: str = "decision", status: int = 200, **body: Any) -> Any:
    body = {"decision_ref": "KST 012/26", "decided_on": TODAY.isoformat(), **body}
    response = await work.h.client.post(f"/office-leaves/{leave['id']}/{path}", json=body, headers=work.hr())
    assert response.status_code == status, response.text
    return response.json()


async def run_job(work: Any) -> int:
    response = await work.h.client.post(JOB, headers=work.hr())
    assert response.status_code == 200, response.text
    done: int = response.json()["done"]
    return done


async def test_lea60_granted_from_today_meetings_and_remuneration_hear_at_once(work: Any, member: str) -> None:
    applied = await apply(work, member, TODAY, TODAY + timedelta(days=120), body_keys=["municipal-council"])
    assert applied["status"] == "pending" and await work.outbox(STARTED) == []
    granted = await council(work, applied, outcome="grant")
    assert granted["status"] == "granted" and granted["decision_ref"] == "KST 012/26"
    assert granted["granted_by"] == "Kommunestyret" and granted["published"] == ["started"]
    [started] = await work.outbox(STARTED)
    assert (started["person_id"], started["start_date"], started["end_date"]) == (member, "2026-04-15", "2026-08-13")
    assert started["body_keys"] == ["municipal-council"] and started["reason"] == "health"
    assert await run_job(work) == 0  # told once


async def test_lea60_a_future_leave_is_told_on_its_first_day_and_ended_on_its_last(
    work: Any, member: str, set_today: Any
) -> None:
    start, end = date(2026, 5, 4), date(2026, 8, 31)
    granted = await council(work, await apply(work, member, start, end), outcome="grant")
    assert granted["published"] == [] and await run_job(work) == 0
    set_today(start - timedelta(days=1))
    assert await run_job(work) == 0
    set_today(start)
    assert await run_job(work) == 1 and await run_job(work) == 0
    set_today(end)
    assert await run_job(work) == 1 and await run_job(work) == 0
    [started], [ended] = await work.outbox(STARTED), await work.outbox(ENDED)
    assert ended["version"] > started["version"] and ended["end_date"] == "2026-08-31"


async def test_lea60_cut_short_or_revoked_the_new_version_goes_out_at_once(work: Any, member: str) -> None:
    running = await council(work, await apply(work, member, TODAY - timedelta(days=10), TODAY + timedelta(days=200)),
                            outcome="grant")  # fmt: skip
    cut = await council(work, running, "cut-short", end_date=(TODAY + timedelta(days=30)).isoformat())
    assert cut["end_date"] == "2026-05-15" and cut["status"] == "granted"
    first, second = await work.outbox(STARTED)
    assert second["end_date"] == "2026-05-15" and second["version"] > first["version"]
    revoked = await council(work, running, "revocation")
    assert revoked["status"] == "revoked" and revoked["end_date"] == "2026-04-14"
    [ended] = await work.outbox(ENDED)
    assert ended["end_date"] == "2026-04-14" and ended["version"] > second["version"]
    # A leave not yet begun is revoked without a word: nobody was told of it.
    later = await council(work, await apply(work, member, date(2026, 12, 1), date(2027, 1, 31)), outcome="grant")
    await council(work, later, "revocation")
    assert len(await work.outbox(STARTED)) == 2 and len(await work.outbox(ENDED)) == 1
    assert await run_job(work) == 0


async def test_lea60_longer_than_two_years_is_refused_and_nothing_written(work: Any, member: str) -> None:
    refused = await apply(work, member, TODAY, date(2028, 4, 15), status=422)
    assert refused["rule"] == "LEA-60" and refused["errors"] == [
        {"field": "end_date", "message": "longer than 2 years"}
    ]
    await apply(work, member, TODAY, date(2028, 4, 14))  # two years exactly
    backwards = await apply(work, member, TODAY, TODAY - timedelta(days=1), status=422)
    assert backwards["errors"][0]["field"] == "end_date"
    assert await work.count(OfficeLeave.__table__) == 1


async def test_lea60_only_a_representative_of_the_body_and_only_for_themself(work: Any, member: str) -> None:
    stranger = str(uuid.uuid4())
    refused = await apply(work, stranger, TODAY, TODAY + timedelta(days=30), status=422)
    assert refused["rule"] == "LEA-60" and refused["errors"][0]["field"] == "person_id"
    refused = await apply(work, member, TODAY, TODAY + timedelta(days=30), status=422, body_keys=["appeals-board"])
    assert refused["errors"] == [{"field": "body_keys", "message": "no office in appeals-board"}]
    response = await work.h.client.post(
        "/office-leaves",
        json={"person_id": member, "start_date": "2026-05-01", "end_date": "2026-06-01", "reason": "work",
              "justification": "x"},
        headers=as_member(work, stranger),
    )  # fmt: skip
    assert response.status_code == 403
    mine = await apply(work, member, TODAY, TODAY + timedelta(days=30))
    other = await work.h.client.get(f"/office-leaves/{mine['id']}", headers=as_member(work, stranger))
    assert other.status_code == 404
    listed = await work.h.client.get("/office-leaves", headers=as_member(work, stranger))
    assert listed.json()["items"] == []
    assert await apply(work, member, TODAY + timedelta(days=10), TODAY + timedelta(days=40), status=409)
    # Only the secretariat records the council's decision.
    response = await work.h.client.post(
        f"/office-leaves/{mine['id']}/decision",
        json={"outcome": "grant", "decision_ref": "KST 1/26", "decided_on": "2026-04-15"},
        headers=as_member(work, member),
    )
    assert response.status_code == 403


async def test_lea60_denied_or_withdrawn_nobody_is_told(work: Any, member: str) -> None:
    denied = await council(work, await apply(work, member, TODAY, TODAY + timedelta(days=30)), outcome="deny")
    assert denied["status"] == "denied"
    withdrawn = await apply(work, member, TODAY, TODAY + timedelta(days=30))
    response = await work.h.client.post(f"/office-leaves/{withdrawn['id']}/withdrawal", headers=as_member(work, member))
    assert response.json()["status"] == "withdrawn"
    assert await work.outbox(STARTED) == [] and await run_job(work) == 0
