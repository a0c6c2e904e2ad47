"""How a meeting sits, through the API: a notice is not published once the meeting has begun (MTG-06), the
notice's approval is stated at the roll call (MTG-06/15), closed doors for personnel cases and by decision
in the meeting (MTG-07), and remote meetings only for the executive committee's urgent cases on the
mayor's decision (MTG-08)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from folkevalgt_shared.testing import Harness

APPROVED = {"notice_approved": True, "agenda_approved": True}


async def get(h: Harness, path: str, status: int = 200, *scopes: str) -> Any:
    response = await h.client.get(path, headers=h.headers(*scopes))
    assert response.status_code == status, response.text
    return response.json()


def at(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


async def test_mtg06_a_late_notice_is_published_before_the_meeting_begins_and_never_after(
    meetings: Harness, build: Any
) -> None:
    board = await build.body(["chair", "member", "member"])
    for starts, status in ((at(-0.01), 422), (at(-48), 422), (at(1), 200)):
        meeting = await meetings.post("/meetings", {"body_id": board.id, "starts_at": starts})
        base = f"/meetings/{meeting['id']}"
        await meetings.post(f"{base}/agenda", {"case_number": "001/26", "title": "Hastesak"})
        answer = await meetings.post(f"{base}/notice", {"late_reason": "Hastesak om flom"}, status)
        if status == 422:
            assert answer["rule"] == "MTG-06" and answer["errors"][0]["field"] == "starts_at"
            after = await get(meetings, base)
            assert after["status"] == "planned" and after["notice_published_at"] is None
        else:
            assert answer["notice_late_reason"] == "Hastesak om flom"


async def test_mtg06_mtg15_the_roll_call_states_that_the_notice_is_approved(meetings: Harness, build: Any) -> None:
    board = await build.body(["chair", "member", "member"])
    m = await build.meeting(board)
    for missing in ("notice_approved", "agenda_approved"):
        body = {"present": board.voting, **APPROVED}
        del body[missing]
        problem = await meetings.post(f"{m.base}/roll-call", body, 422)
        assert problem["errors"][0]["field"] == f"body.{missing}"
    problem = await meetings.post(
        f"{m.base}/roll-call", {"present": board.voting, **APPROVED, "notice_approved": 1}, 422
    )
    assert problem["errors"][0]["field"] == "body.notice_approved"
    problem = await meetings.post(
        f"{m.base}/roll-call", {"present": board.voting, **APPROVED, "notice_approved": False}, 422
    )
    assert problem["rule"] == "MTG-15"
    assert (await get(meetings, m.base))["status"] == "notice_published"
    await meetings.post(f"{m.base}/roll-call", {"present": board.voting, **APPROVED, "tacit": True}, 200)
    opening = await get(meetings, f"{m.base}/opening")
    assert opening["notice_approved"] and opening["tacit"]


async def test_mtg07_a_personnel_case_is_always_closed(meetings: Harness, build: Any) -> None:
    board = await build.body(["chair", "member", "member"])
    m = await build.meeting(board, notice=False, agenda=())
    case = {"case_number": "031/26", "title": "Tilsetting av NN", "personnel": True}
    problem = await meetings.post(f"{m.base}/agenda", case | {"closed": False}, 422)
    assert problem["rule"] == "MTG-07" and problem["errors"][0]["field"] == "closed"
    assert (await get(meetings, m.base))["agenda"] == []
    item = await meetings.post(f"{m.base}/agenda", case)
    assert item["closed"] is True and item["personnel"] is True and "personal" in item["closed_basis"]
    own = await meetings.post(f"{m.base}/agenda", case | {"case_number": "032/26", "closed_basis": "Offl. § 25"})
    assert own["closed"] and own["closed_basis"] == "Offl. § 25"
    public = await get(meetings, m.base, 200, "meetings:read")
    assert all(i["title"] != case["title"] for i in public["agenda"])


async def test_mtg07_the_body_closes_the_doors_for_a_case_in_its_meeting_with_the_legal_basis(
    meetings: Harness, build: Any
) -> None:
    board = await build.body(["chair", "member", "member"])
    agenda = [{"case_number": f"04{n}/26", "title": f"Sak {n}", "recommendation": "Som innstilt"} for n in (1, 2)]
    m = await build.meeting(board, agenda=agenda)
    first, second = (f"{m.base}/agenda/{i['id']}" for i in m.items)
    # Before the meeting the closing is set on the agenda, not decided by the body.
    await meetings.post(f"{first}/closed-session", {"basis": "KL § 31"}, 409)
    assert (await get(meetings, m.base))["agenda"][0]["closed"] is False
    await meetings.post(f"{m.base}/roll-call", {"present": board.voting, **APPROVED}, 200)
    problem = await meetings.post(f"{first}/closed-session", {}, 422)
    assert problem["errors"][0]["field"] == "body.basis"
    closed = await meetings.post(f"{second}/closed-session", {"basis": "KL § 31 nr. 4: personvern"}, 200)
    assert closed["closed"] and closed["closed_basis"] == "KL § 31 nr. 4: personvern" and closed["closed_decided_at"]
    assert closed["title"] == "Sak 2"  # the administrator sees the content
    public = await get(meetings, m.base, 200, "meetings:read")
    assert public["agenda"][1]["title"] != "Sak 2" and public["agenda"][1]["recommendation"] is None
    assert public["agenda"][0]["title"] == "Sak 1"
    # The second attempt, and a case already decided.
    await meetings.post(f"{second}/closed-session", {"basis": "KL § 31 nr. 4"}, 409)
    await meetings.post(f"{first}/votes", {"motion": "Som innstilt", "method": "tacit", "final": True})
    await meetings.post(f"{first}/closed-session", {"basis": "KL § 31 nr. 4"}, 409)
    assert (await get(meetings, m.base))["agenda"][0]["closed"] is False
    other = await build.meeting(await build.body(["chair", "member"], key="other"))
    await meetings.post(f"{other.base}/agenda/{m.items[0]['id']}/closed-session", {"basis": "KL § 31"}, 404)


async def test_mtg08_a_remote_meeting_is_the_executive_committees_urgent_case_on_the_mayors_decision(
    meetings: Harness, build: Any
) -> None:
    council = await build.council(["mayor", "deputy_mayor", "member"], names=["Ordfører", "Vara", "Medlem"])
    mayor, deputy_mayor = council.people["Ordfører"], council.people["Vara"]
    executive = await meetings.post(
        "/bodies",
        {"key": "formannskapet", "name": "Formannskapet", "body_type": "executive_committee", "seats": 9}
        | {"quorum": 5, "notice_days": 7},
    )
    remote = {"remote": True, "remote_decided_by": mayor, "remote_reason": "Flomsikring må vedtas før neste møte"}
    starts = at(24 * 3)

    async def refused(body_id: str, details: dict[str, Any], *fields: str) -> None:
        problem = await meetings.post("/meetings", {"body_id": body_id, "starts_at": starts, **details}, 422)
        assert problem["rule"] == "MTG-08", problem
        assert {e["field"] for e in problem["errors"]} == set(fields)

    await refused(council.id, remote, "remote")  # the wrong body
    await refused(
        executive["id"], remote | {"remote_decided_by": deputy_mayor}, "remote_decided_by"
    )  # the wrong person
    await refused(executive["id"], {"remote": True, "remote_decided_by": mayor}, "remote_reason")  # not urgent
    await refused(executive["id"], {"remote": True, "remote_reason": "Haster"}, "remote_decided_by")
    await refused(executive["id"], {"remote_decided_by": mayor}, "remote_decided_by")  # a ground without remote
    listed = (await get(meetings, f"/meetings?body_id={executive['id']}"))["items"]
    assert listed == []
    held = await meetings.post("/meetings", {"body_id": executive["id"], "starts_at": starts, **remote})
    assert held["remote"] and held["remote_decided_by"] == mayor and held["remote_reason"] == remote["remote_reason"]
