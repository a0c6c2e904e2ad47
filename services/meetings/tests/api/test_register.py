"""The register's API on SQLite and PostgreSQL: validation, rules, concurrency controls, paging."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness

REGISTER_TYPES = ["no.folkevalgt.meetings.person.changed.v1", "no.folkevalgt.meetings.body.membership.changed.v1"]


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="leave", url="http://leave/events", types=REGISTER_TYPES)]


COMMITTEE = {
    "key": "test-committee",
    "name": "Testutvalget",
    "body_type": "standing_committee",
    "seats": 3,
    "quorum": 2,
    "notice_days": 7,
}


async def outbox_count(h: Harness) -> int:
    async with h.app.state.db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(h.app.state.platform.outbox)) or 0)


async def member(
    h: Harness, body: dict[str, Any], role: str = "member", status: int = 201, **extra: Any
) -> dict[str, Any]:
    person = await h.post("/people", {"name": f"Person {role}"})
    return await h.post(
        "/memberships",
        {"body_id": body["id"], "person_id": person["id"], "role": role, "start_date": "2023-10-01", **extra},
        status,
    )


async def test_membership_is_created_and_listed_with_an_event(meetings: Harness) -> None:
    body = await meetings.post("/bodies", COMMITTEE)
    person = await meetings.post("/people", {"name": "Kari Nordmann", "gender": "female"})
    membership = await meetings.post(
        "/memberships",
        {
            "body_id": body["id"],
            "person_id": person["id"],
            "role": "chair",
            "party_group": "Ap",
            "start_date": "2023-10-01",
            "end_date": "2027-09-30",
        },
    )
    assert membership["voting_right"] is True
    members = (
        await meetings.client.get(f"/bodies/{body['id']}/members?on=2024-01-01", headers=meetings.headers())
    ).json()
    assert [(m["person_id"], m["role"]) for m in members] == [(person["id"], "chair")]
    after_term = (
        await meetings.client.get(f"/bodies/{body['id']}/members?on=2027-10-01", headers=meetings.headers())
    ).json()
    assert after_term == []
    assert await outbox_count(meetings) == 2  # person.changed + body.membership.changed


async def test_mtg01_no_more_voting_members_than_seats_and_nothing_written(meetings: Harness) -> None:
    body = await meetings.post("/bodies", COMMITTEE)
    for _ in range(3):
        await member(meetings, body)
    before = await outbox_count(meetings)
    person = await meetings.post("/people", {"name": "Fourth"})
    response = await meetings.client.post(
        "/memberships",
        headers=meetings.headers(),
        json={"body_id": body["id"], "person_id": person["id"], "role": "member", "start_date": "2024-01-01"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["rule"] == "MTG-01" and problem["errors"][0]["field"] == "role"
    assert await outbox_count(meetings) == before + 1  # only the person's event
    listed = (await meetings.client.get(f"/memberships?body_id={body['id']}", headers=meetings.headers())).json()
    assert len(listed["items"]) == 3


async def test_mtg01_seats_free_up_when_a_membership_ends(meetings: Harness) -> None:
    body = await meetings.post("/bodies", COMMITTEE)
    first = await member(meetings, body)
    for _ in range(2):
        await member(meetings, body)
    response = await meetings.client.patch(
        f"/memberships/{first['id']}", json={"end_date": "2024-12-31"}, headers=meetings.headers()
    )
    assert response.status_code == 200, response.text
    await member(meetings, body, start_date="2025-01-01")


async def test_mtg10_deputies_need_a_unique_order_per_list(meetings: Harness) -> None:
    body = await meetings.post("/bodies", COMMITTEE)
    problem = await member(meetings, body, "deputy", 422, party_group="H")
    assert problem["rule"] == "MTG-10"
    first = await member(meetings, body, "deputy", party_group="H", deputy_order=1)
    assert first["voting_right"] is False
    await member(meetings, body, "deputy", party_group="Ap", deputy_order=1)
    problem = await member(meetings, body, "deputy", 422, party_group="H", deputy_order=1)
    assert problem["rule"] == "MTG-10" and problem["errors"][0]["field"] == "deputy_order"


async def test_mtg09_one_chair_at_a_time(meetings: Harness) -> None:
    body = await meetings.post("/bodies", COMMITTEE)
    await member(meetings, body, "chair")
    problem = await member(meetings, body, "chair", 422)
    assert problem["rule"] == "MTG-09"


async def test_mtg02_quorum_cannot_exceed_seats(meetings: Harness) -> None:
    problem = await meetings.post("/bodies", COMMITTEE | {"quorum": 4}, 422)
    assert problem["rule"] == "MTG-02"


async def test_mtg02_quorum_is_at_least_half_of_the_seats(meetings: Harness) -> None:
    """Seed: "vedtaksført når minst halvparten av medlemmene, d.v.s. 13 medlemmer" (of 25)."""
    council = {"key": "kst", "name": "Kommunestyret", "body_type": "municipal_council", "seats": 25, "notice_days": 10}
    low = await meetings.post("/bodies", council | {"quorum": 12}, 422)
    assert low["rule"] == "MTG-02" and low["errors"] == [{"field": "quorum", "message": "at least 13"}]
    created = await meetings.post("/bodies", council | {"quorum": 13})
    assert created["quorum"] == 13
    lowered = await meetings.client.patch(f"/bodies/{created['id']}", json={"quorum": 3}, headers=meetings.headers())
    assert lowered.status_code == 422 and lowered.json()["rule"] == "MTG-02"
    grown = await meetings.client.patch(f"/bodies/{created['id']}", json={"seats": 27}, headers=meetings.headers())
    assert grown.status_code == 422 and grown.json()["errors"][0]["message"] == "at least 14"
    assert (await meetings.post("/bodies", COMMITTEE | {"key": "tre", "quorum": 1}, 422))["rule"] == "MTG-02"  # 2 of 3
    youth = {"key": "ungdom", "name": "Ungdomsrådet", "body_type": "youth_council", "seats": 7, "notice_days": 7}
    assert (await meetings.post("/bodies", youth | {"quorum": 3}))["quorum"] == 3  # the rules set 3 for it
    assert (await meetings.post("/bodies", youth | {"key": "ungdom2", "quorum": 2}, 422))["rule"] == "MTG-02"


async def test_bad_input_names_the_fields(meetings: Harness) -> None:
    problem = await meetings.post("/bodies", {"key": "Bad Key", "seats": 0}, 422)
    fields = {e["field"] for e in problem["errors"]}
    assert {"body.key", "body.seats", "body.name", "body.body_type"} <= fields
    unknown = await meetings.client.get("/bodies/00000000-0000-4000-8000-000000000000", headers=meetings.headers())
    assert unknown.status_code == 404 and unknown.json()["type"].endswith("/not-found")
    problem = await meetings.post(
        "/memberships",
        {
            "body_id": "00000000-0000-4000-8000-000000000000",
            "person_id": "00000000-0000-4000-8000-000000000000",
            "role": "member",
            "start_date": "2024-01-01",
        },
        422,
    )
    assert problem["errors"][0]["field"] == "body.body_id"  # an unknown id in the body: the body is wrong


async def test_tokens_and_scopes_are_checked(meetings: Harness) -> None:
    assert (await meetings.client.get("/bodies")).status_code == 401
    bad = await meetings.client.get("/bodies", headers={"Authorization": "Bearer not-a-jwt"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"].startswith("Bearer")
    read_only = meetings.headers("meetings:read")
    assert (await meetings.client.get("/bodies", headers=read_only)).status_code == 200
    forbidden = await meetings.client.post("/bodies", json=COMMITTEE, headers=read_only)
    assert forbidden.status_code == 403 and "meetings:write" in forbidden.json()["detail"]


async def test_update_with_a_stale_etag_is_refused(meetings: Harness) -> None:
    body = await meetings.post("/bodies", COMMITTEE)
    got = await meetings.client.get(f"/bodies/{body['id']}", headers=meetings.headers())
    etag = got.headers["etag"]
    first = await meetings.client.patch(
        f"/bodies/{body['id']}", json={"name": "Nytt navn"}, headers=meetings.headers() | {"If-Match": etag}
    )
    assert first.status_code == 200 and first.headers["etag"] != etag
    second = await meetings.client.patch(
        f"/bodies/{body['id']}", json={"name": "Annet navn"}, headers=meetings.headers() | {"If-Match": etag}
    )
    assert second.status_code == 412
    current = (await meetings.client.get(f"/bodies/{body['id']}", headers=meetings.headers())).json()
    assert current["name"] == "Nytt navn"


async def test_idempotency_key_replays_the_first_response(meetings: Harness) -> None:
    first = await meetings.post(
        "/people", {"name": "Ola"}, 201, headers=meetings.headers() | {"Idempotency-Key": "abc-1"}
    )
    again = await meetings.client.post(
        "/people", json={"name": "Ola"}, headers=meetings.headers() | {"Idempotency-Key": "abc-1"}
    )
    assert again.status_code == 201 and again.json() == first
    assert again.headers["idempotent-replayed"] == "true"
    people = (await meetings.client.get("/people", headers=meetings.headers())).json()["items"]
    assert len(people) == 1
    other = await meetings.post(
        "/people", {"name": "Kari"}, 422, headers=meetings.headers() | {"Idempotency-Key": "abc-1"}
    )
    assert other["errors"][0]["field"] == "Idempotency-Key"
    assert await outbox_count(meetings) == 1


async def test_cursor_pagination_and_modified_since(meetings: Harness) -> None:
    names = [f"Person {i:02}" for i in range(7)]
    for name in names:
        await meetings.post("/people", {"name": name})
    seen: list[str] = []
    url: str | None = "/people?limit=3"
    pages = 0
    while url:
        page = (await meetings.client.get(url, headers=meetings.headers())).json()
        seen += [p["name"] for p in page["items"]]
        url = page["next"]
        pages += 1
    assert sorted(seen) == names and pages == 3
    last = (await meetings.client.get("/people?limit=100", headers=meetings.headers())).json()["items"][-1]
    recent = (
        await meetings.client.get("/people", params={"modified_since": last["modified_at"]}, headers=meetings.headers())
    ).json()["items"]
    assert last["id"] in [p["id"] for p in recent] and len(recent) < len(names)
    bad = await meetings.client.get("/people?cursor=nonsense", headers=meetings.headers())
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


async def test_an_explicit_null_in_a_patch_is_refused_naming_the_field_and_nothing_changes(meetings: Harness) -> None:
    body = await meetings.post("/bodies", COMMITTEE)
    person = await meetings.post("/people", {"name": "Kari"})
    membership = await member(meetings, body)
    cases = (
        [(f"/bodies/{body['id']}", field) for field in ("name", "notice_days", "quorum", "seats", "remit")]
        + [(f"/people/{person['id']}", "name")]
        + [(f"/memberships/{membership['id']}", field) for field in ("role", "voting_right", "start_date")]
    )
    for path, field in cases:
        response = await meetings.client.patch(path, json={field: None}, headers=meetings.headers())
        assert response.status_code == 422, (path, field, response.text)
        assert response.json()["errors"][0]["field"] == f"body.{field}"
    current = (await meetings.client.get(f"/bodies/{body['id']}", headers=meetings.headers())).json()
    assert current["name"] == COMMITTEE["name"] and current["version"] == body["version"]
    # A field that may be empty is still cleared by null.
    cleared = await meetings.client.patch(
        f"/memberships/{membership['id']}", json={"end_date": None}, headers=meetings.headers()
    )
    assert cleared.status_code == 200, cleared.text


async def test_lax_numbers_and_booleans_are_refused(meetings: Harness) -> None:
    problem = await meetings.post("/bodies", COMMITTEE | {"notice_days_budget": False}, 422)
    assert problem["errors"][0]["field"] == "body.notice_days_budget"
    problem = await meetings.post("/bodies", COMMITTEE | {"seats": "3"}, 422)
    assert problem["errors"][0]["field"] == "body.seats"
    body = await meetings.post("/bodies", COMMITTEE)
    problem = await meetings.post(
        "/meetings", {"body_id": body["id"], "starts_at": "2026-12-01T10:00:00+01:00", "secretariat_present": 0}, 422
    )
    assert problem["errors"][0]["field"] == "body.secretariat_present"
    for on in ("0", "1700000000", "0001-01-01"):
        response = await meetings.client.get(
            f"/bodies/{body['id']}/members", params={"on": on}, headers=meetings.headers()
        )
        assert response.status_code == 422, (on, response.text)
        assert response.json()["errors"][0]["field"] == "query.on"
    good = await meetings.client.get(
        f"/bodies/{body['id']}/members", params={"on": "2024-01-01"}, headers=meetings.headers()
    )
    assert good.status_code == 200
