"""The public OParl 1.1 API: every object validates against the OParl schemas, no token is needed,
and nothing of a closed session shows (MTG-07, MTG-37)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from folkevalgt_shared.testing import Harness, ServiceFactory

SCHEMAS = Path(__file__).resolve().parents[1] / "oparl-schema"


def validate(obj: dict[str, Any]) -> None:
    kind = obj["type"].rsplit("/", 1)[1]
    jsonschema.validate(obj, json.loads((SCHEMAS / f"{kind}.json").read_text()))


@pytest.fixture
async def meetings(service_factory: ServiceFactory) -> Harness:
    return await service_factory("meetings")


async def test_oparl_objects_validate_and_closed_cases_stay_hidden(meetings: Harness) -> None:
    council = await meetings.post(
        "/bodies",
        {
            "key": "municipal-council",
            "name": "Kommunestyret",
            "body_type": "municipal_council",
            "seats": 3,
            "quorum": 2,
            "notice_days": 10,
        },
    )
    await meetings.post(
        "/bodies",
        {
            "key": "youth-council",
            "name": "Ungdomsrådet",
            "body_type": "youth_council",
            "seats": 7,
            "quorum": 3,
            "notice_days": 7,
            "parent_id": council["id"],
        },
    )
    person = await meetings.post("/people", {"name": "Kari Nordmann", "email": "kari@example.no"})
    membership = await meetings.post(
        "/memberships",
        {"body_id": council["id"], "person_id": person["id"], "role": "mayor", "start_date": "2023-10-01"},
    )
    removed = await meetings.post(
        "/memberships",
        {
            "body_id": council["id"],
            "person_id": person["id"],
            "role": "group_leader",
            "party_group": "Ap",
            "start_date": "2023-10-01",
        },
    )
    await meetings.client.delete(f"/memberships/{removed['id']}", headers=meetings.headers())
    meeting = await meetings.post(
        "/meetings",
        {
            "body_id": council["id"],
            "location": "Rådhuset",
            "starts_at": (datetime.now(UTC) + timedelta(days=20)).isoformat(),
        },
    )
    await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "060/26", "title": "Ny skole"})
    await meetings.post(
        f"/meetings/{meeting['id']}/agenda",
        {"case_number": "061/26", "title": "Tilsetting NN", "closed": True, "closed_basis": "Offl. § 25"},
    )

    client = meetings.client  # no Authorization header from here on
    system = (await client.get("/oparl/1.1/system")).json()
    validate(system)
    seen: list[dict[str, Any]] = [system]
    for body in (await client.get(system["body"])).json()["data"]:
        validate(body)
        assert body["legislativeTerm"][0]["startDate"] == "2023-10-01"
        for link in ("organization", "person", "meeting", "paper"):
            page = (await client.get(body[link])).json()
            assert set(page) >= {"data", "pagination", "links"}
            seen += page["data"]
    for obj in seen:
        validate(obj)
        for nested in obj.get("membership", []) + obj.get("agendaItem", []):
            validate(nested)
    text = json.dumps(seen)
    assert "Tilsetting NN" not in text and "kari@example.no" not in text
    assert "Ny skole" in text and "Unntatt offentlighet" in text
    people = [o for o in seen if o["type"].endswith("/Person")]
    [kari] = people
    assert {m["id"].rsplit("/", 1)[1]: m.get("deleted", False) for m in kari["membership"]} == {
        membership["id"]: False,
        removed["id"]: True,
    }
    youth = next(o for o in seen if o.get("shortName") == "youth-council")
    assert youth["subOrganizationOf"].endswith(council["id"])
    single = (await client.get(f"/oparl/1.1/meeting/{meeting['id']}")).json()
    validate(single)
    assert [i["public"] for i in single["agendaItem"]] == [True, False]
    assert (await client.get("/oparl/1.1/body/elsewhere")).status_code == 404


async def test_oparl_lists_page_and_sync_by_modified_since(meetings: Harness) -> None:
    for i in range(5):
        await meetings.post("/people", {"name": f"Person {i}"})
    page = (await meetings.client.get("/oparl/1.1/body/sor-varanger/people?limit=2")).json()
    names = [p["name"] for p in page["data"]]
    while "next" in page["links"]:
        page = (await meetings.client.get(page["links"]["next"])).json()
        names += [p["name"] for p in page["data"]]
    assert sorted(names) == [f"Person {i}" for i in range(5)]
    last = page["data"][-1]["modified"]
    recent = (await meetings.client.get("/oparl/1.1/body/sor-varanger/people", params={"modified_since": last})).json()[
        "data"
    ]
    assert [p["modified"] for p in recent] == [last]
