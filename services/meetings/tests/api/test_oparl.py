"""The public OParl 1.1 API: every object validates against the OParl schemas, no token is needed,
and nothing of a closed session shows (MTG-07, MTG-37)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema

from folkevalgt_shared.testing import Harness

SCHEMAS = Path(__file__).resolve().parents[1] / "oparl-schema"


def validate(obj: dict[str, Any]) -> None:
    kind = obj["type"].rsplit("/", 1)[1]
    jsonschema.validate(obj, json.loads((SCHEMAS / f"{kind}.json").read_text()))


def validate_deep(obj: dict[str, Any]) -> None:
    """The object and every object embedded in it (the schemas name embedded ones but do not check them)."""
    validate(obj)
    for value in obj.values():
        for nested in value if isinstance(value, list) else [value]:
            if isinstance(nested, dict) and "type" in nested:
                validate_deep(nested)


async def data(h: Harness, url: str) -> list[dict[str, Any]]:
    """Every object of an OParl list, following its next links."""
    page = (await h.client.get(url)).json()
    out = list(page["data"])
    while "next" in page["links"]:
        page = (await h.client.get(page["links"]["next"])).json()
        out += page["data"]
    return out


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
    await meetings.post(f"/meetings/{meeting['id']}/notice", status=200)

    client = meetings.client  # no Authorization header from here on
    system = (await client.get("/oparl/1.1/system")).json()
    validate(system)
    seen: list[dict[str, Any]] = [system]
    for body in (await client.get(system["body"])).json()["data"]:
        validate(body)
        assert body["legislativeTerm"][0]["startDate"] == "2023-10-01"
        for link in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file"):
            page = (await client.get(body[link])).json()
            assert set(page) >= {"data", "pagination", "links"}
            seen += page["data"]
    for obj in seen:
        validate_deep(obj)
    text = json.dumps(seen)
    assert "Tilsetting NN" not in text and "kari@example.no" not in text
    assert "Ny skole" in text and "Unntatt offentlighet" in text
    people = [o for o in seen if o["type"].endswith("/Person")]
    [kari] = people
    # The membership registered by mistake is left out of the embedded list, and is a tombstone of its own.
    assert [m["id"].rsplit("/", 1)[1] for m in kari["membership"]] == [membership["id"]]
    gone = (await client.get(f"/oparl/1.1/membership/{removed['id']}")).json()
    assert gone["deleted"] is True and set(gone) == {"id", "type", "created", "modified", "deleted"}
    youth = next(o for o in seen if o.get("shortName") == "youth-council")
    assert youth["subOrganizationOf"].endswith(council["id"])
    single = (await client.get(f"/oparl/1.1/meeting/{meeting['id']}")).json()
    validate(single)
    assert [i["public"] for i in single["agendaItem"]] == [True, False]
    assert (await client.get("/oparl/1.1/body/elsewhere")).status_code == 404


async def test_oparl_lists_page_and_sync_by_modified_since(meetings: Harness, build: Any) -> None:
    await build.body(["member"] * 5, names=[f"Person {i}" for i in range(5)])
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


BODY = "/oparl/1.1/body/sor-varanger"
PDF = "https://sak.example.no/dokument/{}.pdf"


def document(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "file_name": f"{name}.pdf", "mime_type": "application/pdf", "url": PDF.format(name), **extra}


async def body(build: Any, key: str, body_type: str, parent: str | None = None) -> dict[str, Any]:
    parent_of = {"parent_id": parent} if parent else {}
    return (await build.body([], key=key, name=key, body_type=body_type, seats=3, notice_days=10, **parent_of)).body


async def meeting_of(h: Harness, org: dict[str, Any], days: int) -> dict[str, Any]:
    starts = (datetime.now(UTC) + timedelta(days=days)).isoformat()
    return await h.post("/meetings", {"body_id": org["id"], "starts_at": starts})


async def test_oparl_paper_follows_a_case_through_its_bodies(meetings: Harness, build: Any) -> None:
    seated = await build.body(
        ["chair", "member", "member"],
        key="municipal-council",
        name="municipal-council",
        body_type="municipal_council",
        notice_days=10,
    )
    council, members = seated.body, seated.members
    committee = await body(build, "living-conditions", "standing_committee", council["id"])
    youth = await body(build, "youth-council", "youth_council", committee["id"])
    case = {"case_number": "070/26", "title": "Skolebruksplan"}
    presentation = document("Saksframlegg", document_date="2026-03-02")
    youth_meeting, committee_meeting = await meeting_of(meetings, youth, 12), await meeting_of(meetings, committee, 14)
    in_youth = await meetings.post(f"/meetings/{youth_meeting['id']}/agenda", case)
    in_committee = await meetings.post(
        f"/meetings/{committee_meeting['id']}/agenda",
        case
        | {
            "documents": [
                presentation,
                document("Elevtall"),
                document("Brev fra foresatt", exempt=True, exempt_basis="Offl. § 13"),
                "2026/118-3",
            ]
        },
    )
    council_meeting = await meeting_of(meetings, council, 20)
    in_council = await meetings.post(
        f"/meetings/{council_meeting['id']}/agenda", case | {"documents": [presentation, document("Innstilling")]}
    )
    assert in_committee["documents"] == ["Saksframlegg", "Elevtall", "Brev fra foresatt", "2026/118-3"]
    for published in (youth_meeting, committee_meeting, council_meeting):  # MTG-06: public with the notice
        await meetings.post(f"/meetings/{published['id']}/notice", status=200)
    assert [d["exempt"] for d in in_committee["document_details"]] == [False, False, True, False]

    [paper] = await data(meetings, f"{BODY}/papers")
    validate_deep(paper)
    assert (paper["reference"], paper["name"], paper["paperType"]) == ("070/26", "Skolebruksplan", "Saksframlegg")
    assert paper["mainFile"]["name"] == "Saksframlegg" and paper["mainFile"]["date"] == "2026-03-02"
    # the presentation carried by both treatments shows once; the exempt and the unfetchable ones not at all
    assert [f["name"] for f in paper["auxiliaryFile"]] == ["Elevtall", "Innstilling"]
    assert "Brev fra foresatt" not in json.dumps(paper)
    roles = [(c["agendaItem"].rsplit("/", 1)[1], c["role"], c["authoritative"]) for c in paper["consultation"]]
    assert roles == [
        (in_youth["id"], "statement", False),
        (in_committee["id"], "recommendation", False),
        (in_council["id"], "decision", False),  # to be decided there, not yet voted on
    ]
    assert (await meetings.client.get(paper["id"])).json() == paper

    await meetings.post(
        f"/meetings/{council_meeting['id']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": members},
        200,
    )
    await meetings.post(
        f"/meetings/{council_meeting['id']}/agenda/{in_council['id']}/votes",
        {"motion": "Innstillingen vedtas", "ballots": [{"voter_id": m, "option": "for"} for m in members]},
    )
    decided = (await meetings.client.get(f"/oparl/1.1/consultation/{in_council['id']}")).json()
    validate(decided)
    assert decided["authoritative"] is True and decided["organization"] == [
        paper["body"].replace("body/sor-varanger", f"organization/{council['id']}")
    ]
    changed = await data(meetings, f"{BODY}/papers?modified_since={quote(paper['modified'])}")
    assert [p["reference"] for p in changed] == ["070/26"] and changed[0]["modified"] > paper["modified"]

    consultations = await data(meetings, f"{BODY}/consultations?limit=2")
    assert sorted(c["id"] for c in consultations) == sorted(c["id"] for c in paper["consultation"])
    for obj in consultations:
        validate(obj)
    files = await data(meetings, f"{BODY}/files?limit=1")
    assert sorted(f["name"] for f in files) == ["Elevtall", "Innstilling", "Saksframlegg", "Saksframlegg"]
    for obj in files:
        validate(obj)
        assert (await meetings.client.get(obj["id"])).json() == obj
        assert obj["paper"] == [paper["id"]]
    item = (await meetings.client.get(f"/oparl/1.1/agendaitem/{in_committee['id']}")).json()
    validate_deep(item)
    assert item["consultation"].endswith(in_committee["id"])
    assert [f["name"] for f in item["auxiliaryFile"]] == ["Saksframlegg", "Elevtall"]
    for obj in await data(meetings, f"{BODY}/agendaitems"):
        validate_deep(obj)


async def test_mtg07_closed_case_has_no_paper_consultation_or_file(meetings: Harness, build: Any) -> None:
    council = await body(build, "municipal-council", "municipal_council")
    meeting = await meeting_of(meetings, council, 20)
    closed = await meetings.post(
        f"/meetings/{meeting['id']}/agenda",
        {
            "case_number": "071/26",
            "title": "Tilsetting rådmann",
            "closed": True,
            "closed_basis": "Offl. § 25",
            "documents": [document("Søkerliste")],
        },
    )
    await meetings.post(f"/meetings/{meeting['id']}/notice", status=200)
    [hidden] = closed["document_details"]
    text = json.dumps(
        [await data(meetings, f"{BODY}/{kind}") for kind in ("papers", "consultations", "files", "agendaitems")]
        + [(await meetings.client.get(f"/oparl/1.1/meeting/{meeting['id']}")).json()]
    )
    assert "071/26" not in text and "Tilsetting" not in text and "Søkerliste" not in text and hidden["id"] not in text
    for path in (f"paper/{quote('071/26', safe='')}", f"consultation/{closed['id']}", f"file/{hidden['id']}"):
        assert (await meetings.client.get(f"/oparl/1.1/{path}")).status_code == 404
    item = (await meetings.client.get(f"/oparl/1.1/agendaitem/{closed['id']}")).json()
    validate(item)
    assert item["public"] is False and "consultation" not in item and "auxiliaryFile" not in item


async def test_mtg06_exempt_documents_are_never_published(meetings: Harness, build: Any) -> None:
    council = await body(build, "municipal-council", "municipal_council")
    meeting = await meeting_of(meetings, council, 20)
    path = f"/meetings/{meeting['id']}/agenda"
    case = {"case_number": "072/26", "title": "Kjøp av tomt"}
    unfounded = await meetings.post(path, case | {"documents": [document("Takst", exempt=True)]}, 422)
    assert unfounded["rule"] == "MTG-06" and unfounded["errors"][0]["field"] == "documents[0].exempt_basis"
    item = await meetings.post(path, case | {"documents": [document("Takst", exempt=True, exempt_basis="Offl. § 23")]})
    await meetings.post(f"/meetings/{meeting['id']}/notice", status=200)
    [exempt] = item["document_details"]
    assert (await meetings.client.get(f"/oparl/1.1/file/{exempt['id']}")).status_code == 404
    [paper] = await data(meetings, f"{BODY}/papers")
    validate_deep(paper)
    assert "mainFile" not in paper and "Takst" not in json.dumps(paper)
    assert await data(meetings, f"{BODY}/files") == []


async def test_agenda_documents_accept_plain_references_and_described_documents(meetings: Harness, build: Any) -> None:
    council = await body(build, "municipal-council", "municipal_council")
    meeting = await meeting_of(meetings, council, 20)
    item = await meetings.post(
        f"/meetings/{meeting['id']}/agenda",
        {"case_number": "073/26", "title": "Budsjett", "documents": ["2026/120-1", document("Vedlegg")]},
    )
    assert item["documents"] == ["2026/120-1", "Vedlegg"]
    plain, described = item["document_details"]
    assert plain["name"] == "2026/120-1" and plain["url"] is None and not plain["exempt"]
    assert described["url"] == PDF.format("Vedlegg") and described["mime_type"] == "application/pdf"
    shown = (await meetings.client.get(f"/meetings/{meeting['id']}", headers=meetings.headers())).json()
    assert shown["agenda"][0]["document_details"] == item["document_details"]
    bad = await meetings.post(
        f"/meetings/{meeting['id']}/agenda",
        {"case_number": "074/26", "title": "X", "documents": [{"name": "Y", "url": "not a url"}]},
        422,
    )
    assert bad["errors"][0]["field"].startswith("body.documents")


async def test_mtg24_budget_test_votes_decide_nothing_in_oparl(meetings: Harness, build: Any) -> None:
    council = await body(build, "municipal-council", "municipal_council")
    members = []
    for role in ("chair", "member", "member"):
        person = await meetings.post("/people", {"name": f"Medlem {role}"})
        await meetings.post(
            "/memberships",
            {"body_id": council["id"], "person_id": person["id"], "role": role, "start_date": "2023-10-01"},
        )
        members.append(person["id"])
    meeting = await meeting_of(meetings, council, 20)
    base = f"/meetings/{meeting['id']}"
    item = await meetings.post(f"{base}/agenda", {"case_number": "075/26", "title": "Budsjett 2027", "budget": True})
    await meetings.post(f"{base}/notice", status=200)
    await meetings.post(
        f"{base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": members}, 200
    )
    case = f"{base}/agenda/{item['id']}"
    alternatives = [
        await meetings.post(
            f"{case}/proposals",
            {"proposer_id": by, "kind": "alternative", "chapter": "Oppvekst", "text": f"Ramme {n}"},
        )
        for n, by in enumerate(members[1:])
    ]
    await meetings.post(
        f"{case}/votes",
        {
            "kind": "budget_test",
            "chapter": "Oppvekst",
            "alternatives": [
                {"proposal_id": alternatives[0]["id"], "votes": 2},
                {"proposal_id": alternatives[1]["id"], "votes": 1},
            ],
        },
    )
    tested = (await meetings.client.get(f"/oparl/1.1/agendaitem/{item['id']}")).json()
    validate(tested)
    assert "result" not in tested  # a test vote binds nothing: the case is not decided
    assert (await meetings.client.get(f"/oparl/1.1/consultation/{item['id']}")).json()["authoritative"] is False
    await meetings.post(f"{case}/votes", {"motion": "Budsjettet som helhet", "method": "tacit", "final": True})
    decided = (await meetings.client.get(f"/oparl/1.1/agendaitem/{item['id']}")).json()
    assert decided["result"] == "adopted"
    assert (await meetings.client.get(f"/oparl/1.1/consultation/{item['id']}")).json()["authoritative"] is True


async def test_oparl_meeting_shows_its_cancellation(meetings: Harness, build: Any) -> None:
    board = await build.body(["chair", "member", "member"])
    held = (await build.meeting(board, days_ahead=20)).meeting
    called_off = (await build.meeting(board, days_ahead=27)).meeting
    await meetings.post(f"/meetings/{called_off['id']}/cancel", {"reason": "Ingen saker"}, 200)
    public = {m: (await meetings.client.get(f"/oparl/1.1/meeting/{m}")).json() for m in (held["id"], called_off["id"])}
    for obj in public.values():
        validate_deep(obj)
    assert public[held["id"]]["cancelled"] is False
    assert public[called_off["id"]]["cancelled"] is True and public[called_off["id"]]["meetingState"] == "cancelled"
