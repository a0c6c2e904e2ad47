"""An id the body names that does not exist is the request's fault: 422 naming the field, nothing
written — not a 404, which reads as "this route is gone"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from folkevalgt_shared.testing import Harness

UNKNOWN = "00000000-0000-4000-8000-00000000dead"


def _names_the_field(problem: Any, field: str) -> None:
    assert problem["status"] == 422 and problem["errors"][0]["field"] == field, problem
    assert problem["errors"][0]["code"] == "unknown_reference"


async def _count(h: Harness, path: str) -> int:
    return len((await h.client.get(path, headers=h.headers())).json()["items"])


async def test_a_membership_of_an_unknown_person_or_body_is_422_naming_it(meetings: Harness, build: Any) -> None:
    seated = await build.body(["chair", "member"])
    person = await meetings.post("/people", {"name": "Ny Representant"})
    membership = {"body_id": seated.id, "person_id": UNKNOWN, "role": "member", "start_date": "2023-10-01"}
    before = await _count(meetings, "/memberships")
    _names_the_field(await meetings.post("/memberships", membership, 422), "body.person_id")
    _names_the_field(
        await meetings.post("/memberships", {**membership, "person_id": person["id"], "body_id": UNKNOWN}, 422),
        "body.body_id",
    )
    assert await _count(meetings, "/memberships") == before


async def test_a_meeting_of_an_unknown_body_is_422_naming_it(meetings: Harness) -> None:
    starts = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    _names_the_field(await meetings.post("/meetings", {"body_id": UNKNOWN, "starts_at": starts}, 422), "body.body_id")


async def test_a_body_under_an_unknown_parent_is_422_naming_it(meetings: Harness, build: Any) -> None:
    body = {
        "key": "sub",
        "name": "Underutvalg",
        "body_type": "other",
        "seats": 3,
        "quorum": 2,
        "notice_days": 7,
        "parent_id": UNKNOWN,
    }
    _names_the_field(await meetings.post("/bodies", body, 422), "body.parent_id")
    seated = await build.body(["chair", "member"])
    moved = await meetings.client.patch(f"/bodies/{seated.id}", json={"parent_id": UNKNOWN}, headers=meetings.headers())
    _names_the_field(moved.json(), "body.parent_id")
    assert (await meetings.client.get(f"/bodies/{seated.id}", headers=meetings.headers())).json()["parent_id"] is None
