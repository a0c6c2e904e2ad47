"""MTG-10: party groups that stood on a joint list (fellesliste) share one order of deputies, for absences
and for disqualification; a party with its own list keeps its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from folkevalgt_shared.testing import Harness

TERM = "2023-10-01"


async def seat(h: Harness, body_id: str, name: str, role: str, status: int = 201, **extra: Any) -> Any:
    person = (await h.post("/people", {"name": name}))["id"]
    answer = await h.post(
        "/memberships", {"body_id": body_id, "person_id": person, "role": role, "start_date": TERM, **extra}, status
    )
    return person if status == 201 else answer


async def test_mtg10_a_joint_list_has_one_deputy_order_across_its_party_groups(meetings: Harness) -> None:
    body = await meetings.post(
        "/bodies",
        {"key": "utvalg", "name": "Utvalget", "body_type": "standing_committee", "seats": 3, "quorum": 2}
        | {"notice_days": 7},
    )
    joint = {"joint_list": "SV/R"}
    sv = await seat(meetings, body["id"], "SV-medlem", "chair", party_group="SV", **joint)
    r = await seat(meetings, body["id"], "R-medlem", "member", party_group="R", **joint)
    h = await seat(meetings, body["id"], "H-medlem", "member", party_group="H")
    first = await seat(meetings, body["id"], "R-vara 1", "deputy", party_group="R", deputy_order=1, **joint)
    # The joint list's first place is taken, whichever party group asks for it.
    problem = await seat(meetings, body["id"], "SV-vara", "deputy", 422, party_group="SV", deputy_order=1, **joint)
    assert problem["rule"] == "MTG-10" and problem["errors"][0]["field"] == "deputy_order"
    second = await seat(meetings, body["id"], "SV-vara 2", "deputy", party_group="SV", deputy_order=2, **joint)
    third = await seat(meetings, body["id"], "SV-vara 3", "deputy", party_group="SV", deputy_order=3, **joint)
    # A party with its own list keeps its own order: SV's own list would start at 1 again.
    await seat(meetings, body["id"], "H-vara 1", "deputy", party_group="H", deputy_order=1)

    starts = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    meeting = await meetings.post("/meetings", {"body_id": body["id"], "starts_at": starts})
    base = f"/meetings/{meeting['id']}"
    # The SV member's absence summons the joint list's first deputy, from R.
    result = await meetings.post(f"{base}/absences", {"person_id": sv, "reason": "Syk"})
    assert result["summoned"]["person_id"] == first and result["summoned"]["in_place_of"] == sv
    # The R member's absence: the next on the joint list, from SV, passing over the one already attending.
    result = await meetings.post(f"{base}/absences", {"person_id": r, "reason": "Reise"})
    assert result["summoned"]["person_id"] == second
    assert result["passed_over"] == [{"person_id": first, "reason": "attending"}]
    # The summoned R deputy falls ill: the joint list's next one stands in for the SV member.
    result = await meetings.post(f"{base}/absences", {"person_id": first, "reason": "Syk"})
    assert result["summoned"]["person_id"] == third and result["summoned"]["in_place_of"] == sv
    # H's member is not served by the joint list.
    result = await meetings.post(f"{base}/absences", {"person_id": h, "reason": "Syk"})
    assert result["summoned"]["deputy_order"] == 1 and result["summoned"]["person_id"] not in (first, second, third)


async def test_mtg10_disqualification_summons_from_the_joint_list(meetings: Harness) -> None:
    body = await meetings.post(
        "/bodies",
        {"key": "utvalg", "name": "Utvalget", "body_type": "standing_committee", "seats": 2, "quorum": 1}
        | {"notice_days": 7},
    )
    joint = {"joint_list": "Sp/KrF"}
    await seat(meetings, body["id"], "Leder", "chair", party_group="Ap")
    member = await seat(meetings, body["id"], "KrF-medlem", "member", party_group="KrF", **joint)
    deputy = await seat(meetings, body["id"], "Sp-vara", "deputy", party_group="Sp", deputy_order=1, **joint)
    starts = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    meeting = await meetings.post("/meetings", {"body_id": body["id"], "starts_at": starts})
    item = await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "010/26", "title": "Sak"})
    await meetings.post(f"/meetings/{meeting['id']}/notice", status=200)
    found = await meetings.post(
        f"/meetings/{meeting['id']}/agenda/{item['id']}/disqualifications",
        {"person_id": member, "ground": "fvl_6_a", "explanation": "Part i saken"},
    )
    assert found["substitute_id"] == deputy
