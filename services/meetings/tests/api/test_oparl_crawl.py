"""OParl 1.1 crawled the way the public validator does it: from the System, every link followed, every list
paged to its end. Every id fetches as its own type and equal to where it was found, every linked object is in
its body's external list, every page but the last is full, the date filters select exactly what they say,
deleted objects are tombstones, and nothing unpublished shows (MTG-06/07, MTG-37)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema

from folkevalgt_shared.testing import Harness
from folkevalgt_shared.types import utcnow

SCHEMAS = Path(__file__).resolve().parents[1] / "oparl-schema"
BASE = "http://meetings/oparl/1.1"
PAGE = 2
# The body's external lists, by the type they hold (OParl 1.1 Body; System.body for the bodies).
LISTS = {
    "Body": ("System", "body"),
    "Organization": ("Body", "organization"),
    "Person": ("Body", "person"),
    "Membership": ("Body", "membership"),
    "Meeting": ("Body", "meeting"),
    "Paper": ("Body", "paper"),
    "AgendaItem": ("Body", "agendaItem"),
    "Consultation": ("Body", "consultation"),
    "File": ("Body", "file"),
    "Location": ("Body", "locationList"),
    "LegislativeTerm": ("Body", "legislativeTermList"),
}
LIST_KEYS = {(owner, key) for owner, key in LISTS.values()}
NOT_FETCHED = {"accessUrl", "downloadUrl", "website", "oparlVersion"}
TOMBSTONE = {"id", "type", "created", "modified", "deleted"}
SECRET = "Oppsigelse av NN"


def kind(obj: dict[str, Any]) -> str:
    return str(obj["type"]).rsplit("/", 1)[1]


@dataclass
class Crawl:
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # by id: every object seen anywhere
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by list URL: its whole content
    list_of: dict[str, str] = field(default_factory=dict)  # type -> its list URL
    fetched: set[str] = field(default_factory=set)


async def get(h: Harness, url: str) -> Any:
    response = await h.client.get(url)
    assert response.status_code == 200, (url, response.text)
    return response.json()


async def read_list(h: Harness, url: str) -> list[dict[str, Any]]:
    """Every page of a list, checking that each page but the last is full (OParl 1.1 2.5)."""
    page = await get(h, f"{url}{'&' if '?' in url else '?'}limit={PAGE}")
    pages = [page]
    while "next" in page["links"]:
        page = await get(h, page["links"]["next"])
        pages.append(page)
    for p in pages[:-1]:
        assert len(p["data"]) == p["pagination"]["elementsPerPage"] == PAGE, url
    return [o for p in pages for o in p["data"]]


async def crawl(h: Harness) -> Crawl:
    found = Crawl()
    queue: list[tuple[str, bool]] = [(f"{BASE}/system", False)]  # (url, is a list)

    def walk(obj: dict[str, Any]) -> None:
        jsonschema.validate(obj, json.loads((SCHEMAS / f"{kind(obj)}.json").read_text()))
        if obj["id"] in found.objects:
            assert found.objects[obj["id"]] == obj, f"{obj['id']} differs where it is embedded"
        found.objects[obj["id"]] = obj
        for key, value in obj.items():
            if (kind(obj), key) in LIST_KEYS:
                found.list_of[next(t for t, owner in LISTS.items() if owner == (kind(obj), key))] = value
                queue.append((value, True))
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    walk(item)
                elif isinstance(item, str) and item.startswith(BASE) and key not in NOT_FETCHED:
                    queue.append((item, False))

    while queue:
        url, is_list = queue.pop()
        if url in found.fetched:
            continue
        found.fetched.add(url)
        if is_list:
            found.lists[url] = await read_list(h, url)
            for obj in found.lists[url]:
                walk(obj)
        else:
            walk(await get(h, url))
    return found


async def published_council(meetings: Harness, build: Any) -> dict[str, Any]:
    """What a municipality publishes after a meeting: a council whose meeting had an open case with a public
    and an exempt document and a closed case, decided, with its minutes published; a committee that treated
    the closed case openly before; a planned meeting whose notice is not out; a candidate without office and a
    person whose only office was registered by mistake."""
    council = await build.council(["mayor", "member", "member"], names=["Ordfører", "Medlem A", "Medlem B"])
    committee = await build.body(["chair"], key="committee", body_type="standing_committee", quorum=1)
    mayor, a, b = council.members
    candidate = await meetings.post("/people", {"name": "Kandidat uten verv"})
    mistaken = await meetings.post("/people", {"name": "Feilregistrert"})
    wrong = await meetings.post(
        "/memberships",
        {
            "body_id": council.id,
            "person_id": mistaken["id"],
            "role": "group_leader",
            "party_group": "Ap",
            "start_date": "2023-10-01",
        },
    )
    await meetings.client.delete(f"/memberships/{wrong['id']}", headers=meetings.headers())
    pdf = "https://sak.example.no/{}.pdf"
    earlier = await build.meeting(committee, days_ahead=8, agenda=[{"case_number": "120/26", "title": "Omstilling"}])
    held = await build.meeting(
        council,
        days_ahead=12,
        location="Kirkenes rådhus",
        agenda=[
            {
                "case_number": "121/26",
                "title": "Skolebruksplan",
                "documents": [
                    {"name": "Saksframlegg skole", "url": pdf.format(1)},
                    {"name": "Takst", "url": pdf.format(2), "exempt": True, "exempt_basis": "Offl. § 23"},
                ],
            },
            {"case_number": "120/26", "title": SECRET, "closed": True, "closed_basis": "Offl. § 25"},
        ],
    )
    await meetings.post(
        f"{held.base}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": council.members, "signatories": [a, b]},
        200,
    )
    for item in held.items:
        vote = {"motion": "Innstillingen", "method": "tacit", "final": True}
        await meetings.post(f"{held.base}/agenda/{item['id']}/votes", vote)
    await meetings.post(f"{held.base}/close", status=200)
    for approver in (mayor, a, b):
        await meetings.post(f"{held.base}/minutes/approvals", {"person_id": approver})
    await meetings.post(f"{held.base}/minutes/publish", status=200)
    planned = await build.meeting(
        council, days_ahead=40, agenda=[{"case_number": "122/26", "title": "Ny bru"}], notice=False
    )
    return {
        "held": held,
        "earlier": earlier,
        "planned": planned,
        "candidate": candidate["id"],
        "mistaken": mistaken["id"],
        "wrong": wrong["id"],
        "b": b,
    }


async def test_oparl_a_crawl_finds_every_object_where_it_belongs(meetings: Harness, build: Any) -> None:
    made = await published_council(meetings, build)
    found = await crawl(meetings)
    by_kind: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for obj in found.objects.values():
        by_kind[kind(obj)].append(obj)
    assert set(by_kind) >= set(LISTS) | {"System"}
    # Every id fetches as its own type, equal to where it was found.
    for url, obj in found.objects.items():
        if url not in found.fetched:
            assert await get(meetings, url) == obj, url
    # Every object is in its type's external list.
    for type_name, objs in by_kind.items():
        if type_name == "System":
            continue
        listed = {o["id"] for o in found.lists[found.list_of[type_name]]}
        assert {o["id"] for o in objs} <= listed, type_name
    text = json.dumps(list(found.objects.values()), ensure_ascii=False)
    # MTG-07/06: nothing of the closed treatment, no exempt document; 120/26 is a paper of its open treatment only.
    assert SECRET not in text and "Takst" not in text
    [paper] = [p for p in by_kind["Paper"] if p["reference"] == "120/26"]
    assert [c["agendaItem"] for c in paper["consultation"]] == [f"{BASE}/agendaitem/{made['earlier'].items[0]['id']}"]
    # MTG-06: the planned meeting is published without its agenda, which is nowhere.
    planned = found.objects[f"{BASE}/meeting/{made['planned'].meeting['id']}"]
    assert "agendaItem" not in planned and "Ny bru" not in text
    assert (await meetings.client.get(f"{BASE}/agendaitem/{made['planned'].items[0]['id']}")).status_code == 404
    # The candidate was never published; the person registered by mistake and the office are tombstones.
    assert made["candidate"] not in text
    assert (await meetings.client.get(f"{BASE}/person/{made['candidate']}")).status_code == 404
    for url in (f"{BASE}/person/{made['mistaken']}", f"{BASE}/membership/{made['wrong']}"):
        assert set(found.objects[url]) == TOMBSTONE and found.objects[url]["deleted"] is True
    # MTG-37: the published minutes are the meeting's resultsProtocol, a file that can be fetched as HTML.
    held = found.objects[f"{BASE}/meeting/{made['held'].meeting['id']}"]
    minutes = held["resultsProtocol"]
    assert minutes["mimeType"] == "text/html" and minutes["meeting"] == [held["id"]]
    document = await meetings.client.get(minutes["accessUrl"])
    assert document.status_code == 200 and "Skolebruksplan" in document.text and SECRET not in document.text
    assert held["location"]["id"] == f"{BASE}/location/{made['held'].meeting['id']}"
    # The date filters select exactly what they say, on every list.
    for url, content in found.lists.items():
        await check_filters(meetings, url, content)


async def check_filters(h: Harness, url: str, content: list[dict[str, Any]]) -> None:
    if not content:
        return
    for stamp, since, until in (
        ("modified", "modified_since", "modified_until"),
        ("created", "created_since", "created_until"),
    ):
        times = sorted({datetime.fromisoformat(o[stamp]) for o in content})
        pivot = times[len(times) // 2]
        for name, keep in ((since, lambda t, p=pivot: t >= p), (until, lambda t, p=pivot: t <= p)):
            filtered = await read_list(h, f"{url}{'&' if '?' in url else '?'}{name}={quote(pivot.isoformat())}")
            expected = {o["id"] for o in content if keep(datetime.fromisoformat(o[stamp]))}
            assert {o["id"] for o in filtered} == expected, (url, name)


async def test_oparl_changes_move_modified_so_a_sync_misses_nothing(meetings: Harness, build: Any) -> None:
    council = await build.council(["mayor", "member", "member"], names=["Ordfører", "Medlem A", "Medlem B"])
    m = await build.meeting(council, agenda=[{"case_number": "140/26", "title": "Havneplan"}], notice=False)
    [item] = m.items
    before_notice = utcnow().isoformat()  # after the item was created: only the notice can make it new
    await meetings.post(f"{m.base}/notice", status=200)
    # MTG-06: the notice publishes the agenda: the item is new to a client syncing from before it.
    synced = await read_list(meetings, f"{BASE}/body/sor-varanger/agendaitems?modified_since={quote(before_notice)}")
    assert [o["id"] for o in synced] == [f"{BASE}/agendaitem/{item['id']}"]
    seen = await get(meetings, f"{BASE}/agendaitem/{item['id']}")
    meeting_seen = await get(meetings, f"{BASE}/meeting/{m.meeting['id']}")
    # A vote gives the item its result: the item, its meeting and its paper move.
    await meetings.post(
        f"{m.base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": council.members}, 200
    )
    await meetings.post(
        f"{m.base}/agenda/{item['id']}/votes", {"motion": "Innstillingen", "method": "tacit", "final": True}
    )
    voted = await get(meetings, f"{BASE}/agendaitem/{item['id']}")
    assert voted["result"] == "adopted" and voted["modified"] > seen["modified"]
    since = quote(seen["modified"], safe="")
    for listed in ("agendaitems", "meetings", "papers", "consultations"):
        ids = {o["id"] for o in await read_list(meetings, f"{BASE}/body/sor-varanger/{listed}?modified_since={since}")}
        assert len(ids) == 1, listed
    assert (await get(meetings, f"{BASE}/meeting/{m.meeting['id']}"))["modified"] > meeting_seen["modified"]
    # A membership ended or deleted moves its person, and the deleted one leaves the embedded list.
    person_id = council.people["Medlem B"]
    before = await get(meetings, f"{BASE}/person/{person_id}")
    [office] = before["membership"]
    office_id = office["id"].rsplit("/", 1)[1]
    await meetings.client.patch(
        f"/memberships/{office_id}", json={"end_date": "2026-12-31"}, headers=meetings.headers()
    )
    ended = await get(meetings, f"{BASE}/person/{person_id}")
    assert ended["modified"] > before["modified"] and ended["membership"][0]["endDate"] == "2026-12-31"
    people = await read_list(meetings, f"{BASE}/body/sor-varanger/people?modified_since={quote(ended['modified'])}")
    assert [p["id"] for p in people] == [ended["id"]]
    await meetings.client.delete(f"/memberships/{office_id}", headers=meetings.headers())
    gone = await get(meetings, f"{BASE}/person/{person_id}")
    assert set(gone) == TOMBSTONE and gone["modified"] > ended["modified"]
    # The filters take full date-times with their offset.
    naive = await meetings.client.get(
        f"{BASE}/body/sor-varanger/papers", params={"created_since": "2026-01-01T00:00:00"}
    )
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "query.created_since"
