"""Personal data in the meetings API: email, gender and the members' own reasons for absence and leave are
shown to the person themself and to meetings:write, never to another politician's meetings:read token."""

from __future__ import annotations

import json
from typing import Any

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.testing import Harness

REASON = "Innlagt på sykehus"


async def get(h: Harness, path: str, headers: dict[str, str]) -> Any:
    response = await h.client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_email_and_gender_only_for_the_person_and_the_secretariat(meetings: Harness) -> None:
    kari = await meetings.post("/people", {"name": "Kari", "email": "kari@example.no", "gender": "female"})
    ola = await meetings.post("/people", {"name": "Ola", "email": "ola@example.no", "gender": "male"})
    path = f"/people/{kari['id']}"
    other = meetings.headers(Scope.MEETINGS_READ, sub=ola["id"])
    hidden = await get(meetings, path, other)
    assert (hidden["name"], hidden["email"], hidden["gender"]) == ("Kari", None, None)
    listed = (await get(meetings, "/people", other))["items"]
    assert {p["name"]: (p["email"], p["gender"]) for p in listed} == {
        "Kari": (None, None),
        "Ola": ("ola@example.no", "male"),  # Ola's own
    }
    herself = await get(meetings, path, meetings.headers(Scope.MEETINGS_READ, sub=kari["id"]))
    assert (herself["email"], herself["gender"]) == ("kari@example.no", "female")
    secretariat = await get(meetings, path, meetings.headers(Scope.MEETINGS_READ, Scope.MEETINGS_WRITE))
    assert (secretariat["email"], secretariat["gender"]) == ("kari@example.no", "female")
    # The confidential scope is for closed cases, not for personal data.
    confidential = await get(meetings, path, meetings.headers(Scope.MEETINGS_READ, Scope.MEETINGS_CONFIDENTIAL))
    assert confidential["email"] is None


async def test_an_absence_reason_only_for_the_member_and_the_secretariat(meetings: Harness, build: Any) -> None:
    body = await build.body(["chair", "member", "member", "deputy"], names=["Kari", "Ola", "Per", "Vara"])
    m = await build.meeting(body, notice=True)
    ola, kari = body.people["Ola"], body.people["Kari"]
    await meetings.post(
        f"{m.base}/absences",
        {"person_id": ola, "reason": REASON},
        headers=meetings.headers(Scope.MEETINGS_READ, sub=ola),
    )
    path = f"{m.base}/participants"

    def reasons(found: list[dict[str, Any]]) -> dict[str, tuple[str, str | None]]:
        return {p["person_id"]: (p["status"], p["absence_reason"]) for p in found if p["status"] == "absent"}

    assert reasons(await get(meetings, path, meetings.headers(Scope.MEETINGS_READ, sub=kari))) == {
        ola: ("absent", None)
    }
    assert reasons(await get(meetings, path, meetings.headers(Scope.MEETINGS_READ, sub=ola))) == {
        ola: ("absent", REASON)
    }
    assert reasons(await get(meetings, path, meetings.headers(Scope.MEETINGS_WRITE, Scope.MEETINGS_READ))) == {
        ola: ("absent", REASON)
    }
    # The minutes name the absent member; the reason only in the secretariat's full version.
    await meetings.post(
        f"{m.base}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": [kari, body.people["Per"], body.people["Vara"]]},
        200,
    )
    for scopes in ((Scope.MEETINGS_READ,), (Scope.MEETINGS_READ, Scope.MEETINGS_CONFIDENTIAL)):
        minutes = await get(meetings, f"{m.base}/minutes?public=false", meetings.headers(*scopes, sub=kari))
        assert minutes["absent"] == [{"name": "Ola", "reason": None}] and REASON not in json.dumps(minutes)
    full = await get(meetings, f"{m.base}/minutes?public=false", meetings.headers())
    assert full["absent"] == [{"name": "Ola", "reason": REASON}]
