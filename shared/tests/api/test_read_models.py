"""Every consuming service builds the register read model from events and serves it."""

from __future__ import annotations

import pytest

from folkevalgt_shared.contracts import MembershipChangedV1, PersonChangedV1
from folkevalgt_shared.events.envelope import build_envelope, signed_headers
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET
from folkevalgt_shared.testing import ServiceFactory
from folkevalgt_shared.types import utcnow

PERSON = "0d9c8a4e-1111-4000-8000-000000000001"
SCOPES = {
    "leave": "leave:read",
    "remuneration": "remuneration:read",
    "access": "access:read",
    "feedback": "feedback:read",
}


@pytest.mark.parametrize("service", list(SCOPES))
async def test_read_model_serves_roles_and_members(service_factory: ServiceFactory, service: str) -> None:
    h = await service_factory(service)
    events = [
        MembershipChangedV1(
            membership_id="0d9c8a4e-2222-4000-8000-000000000001",
            person_id=PERSON,
            person_name="Liv Strand",
            body_id="0d9c8a4e-3333-4000-8000-000000000001",
            body_key="municipal-council",
            body_name="Kommunestyret",
            body_type="municipal_council",
            role="group_leader",
            party_group="V",
            voting_right=False,
            start_date="2023-10-01",
            end_date="2027-09-30",
            version=1,
            changed_at=utcnow(),
        ),
        PersonChangedV1(person_id=PERSON, name="Liv Strand Olsen", version=2, changed_at=utcnow()),
    ]
    for data in events:
        event_id, payload = build_envelope(data, subject=PERSON)
        response = await h.client.post(
            "/events", content=payload, headers=signed_headers(DEV_WEBHOOK_SECRET, event_id, payload)
        )
        assert response.status_code == 200 and response.json()["status"] == "processed", response.text
    reader = h.headers(SCOPES[service])
    roles = (await h.client.get(f"/register/people/{PERSON}/roles?on=2024-06-01", headers=reader)).json()
    assert [(r["role"], r["party_group"], r["person_name"]) for r in roles] == [
        ("group_leader", "V", "Liv Strand Olsen")
    ]
    by_key = (await h.client.get("/register/bodies/municipal-council/members?on=2024-06-01", headers=reader)).json()
    by_id = (
        await h.client.get(
            "/register/bodies/0d9c8a4e-3333-4000-8000-000000000001/members?on=2024-06-01", headers=reader
        )
    ).json()
    assert by_key == by_id == roles
    after_term = await h.client.get(f"/register/people/{PERSON}/roles?on=2027-10-01", headers=reader)
    assert after_term.json() == []
    wrong = await h.client.get(f"/register/people/{PERSON}/roles", headers=h.headers("meetings:read"))
    assert wrong.status_code == 403
    assert (await h.client.get("/health/ready")).status_code == 200
