from __future__ import annotations

from typing import Any

import pytest

from conftest import Harness, ServiceFactory


@pytest.fixture
async def meetings(service_factory: ServiceFactory) -> Harness:
    return await service_factory("meetings")


COUNCIL = {"key": "test-council", "name": "Kommunestyret", "body_type": "municipal_council", "seats": 3,
           "quorum": 2, "notice_days": 10, "notice_days_budget": 14}


async def _post(h: Harness, path: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    response = await h.client.post(path, json=body, headers=h.headers())
    assert response.status_code == status, response.text
    return response.json()


async def test_create_body_person_membership(meetings: Harness) -> None:
    body = await _post(meetings, "/bodies", COUNCIL)
    person = await _post(meetings, "/people", {"name": "Kari Nordmann", "gender": "female"})
    membership = await _post(meetings, "/memberships", {
        "body_id": body["id"], "person_id": person["id"], "role": "member", "party_group": "Ap",
        "start_date": "2023-10-01"})
    assert membership["voting_right"] is True
    members = (await meetings.client.get(f"/bodies/{body['id']}/members?on=2024-01-01",
                                         headers=meetings.headers())).json()
    assert [m["person_id"] for m in members] == [person["id"]]
