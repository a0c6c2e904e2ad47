"""Closed-session and exempt content (MTG-06/07, ACC-20/23) reaches only callers with meetings:confidential:
every route that can return a closed case's title, recommendation, documents, proposals, motions or an
exempt document, asked by a plain meetings:read token (the wrong person) and by the confidential scope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness

PRESENTED = "no.folkevalgt.meetings.case.presented.v1"
TITLE = "Personalsak: oppsigelse av NN"
RECOMMENDATION = "NN sies opp fra sin stilling"
WARNING = "Advarsel gitt til NN"
APPRAISAL = "Takst over eiendommen"
PROPOSAL = "NN gis en siste sjanse"
MOTION = "NN sies opp som innstilt"
NOTICE = "Min bror er NN"
WHY = "Bror av den saken gjelder"
REMARK = "NN ble ikke hørt før vedtaket"
SECRETS = (TITLE, RECOMMENDATION, WARNING, APPRAISAL, PROPOSAL, MOTION, NOTICE, WHY, REMARK)


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="access", url="http://access/events", types=[PRESENTED])]


def document(name: str, external_id: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "external_id": external_id, "url": f"https://sak.example.no/{external_id}", **extra}


@pytest.fixture
async def held(meetings: Harness, build: Any) -> dict[str, Any]:
    """A committee meeting in progress with a closed personnel case, with everything that can be said in it (a
    notice of disqualification, a disqualification, a proposal, a vote, a minutes remark), and an open case
    carrying an exempt document."""
    body = await build.body(
        ["chair", "member", "member", "deputy"],
        names=["chair", "brother", "remarker", "deputy"],
        parties=["Ap", "Ap", "H", "Ap"],
        body_type="standing_committee",
    )
    people = body.people
    open_case = {
        "case_number": "080/26",
        "title": "Salg av tomt",
        "recommendation": "Tomten selges",
        "documents": [
            document("Saksframlegg tomtesalg", "2026/80-1"),
            document(APPRAISAL, "2026/80-2", exempt=True, exempt_basis="Offl. § 23 første ledd"),
        ],
    }
    closed_case = {
        "case_number": "081/26",
        "title": TITLE,
        "recommendation": RECOMMENDATION,
        "closed": True,
        "closed_basis": "Offl. § 25, kommuneloven § 11-5",
        "documents": [document(WARNING, "2026/81-1", exempt=True, exempt_basis="Offl. § 13 jf. fvl. § 13")],
    }
    m = await build.meeting(body, agenda=[closed_case, open_case])
    closed = f"{m.base}/agenda/{m.items[0]['id']}"
    await meetings.post(f"{closed}/disqualification-notices", {"person_id": people["brother"], "explanation": NOTICE})
    await meetings.post(
        f"{m.base}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": body.voting}, 200
    )
    await meetings.post(
        f"{closed}/disqualifications",
        {"person_id": people["brother"], "ground": "fvl_6_b", "explanation": WHY, "decision": {"method": "tacit"}},
    )
    await meetings.post(
        f"{closed}/proposals", {"proposer_id": people["chair"], "kind": "alternative", "text": PROPOSAL}
    )
    await meetings.post(f"{closed}/votes", {"motion": MOTION, "method": "tacit", "final": True})
    remark = await meetings.post(
        f"{m.base}/remarks", {"person_id": people["remarker"], "agenda_item_id": m.items[0]["id"], "text": REMARK}
    )
    await meetings.post(f"{m.base}/remarks/{remark['id']}/ruling", {"allowed": True}, 200)
    return {"base": m.base, "closed": closed, "body": body.id, "people": people, "items": m.items}


def routes(held: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Each route that can carry closed or exempt content, with the secrets the confidential scope reads there."""
    base, closed = held["base"], held["closed"]
    return {
        base: (TITLE, RECOMMENDATION, WARNING, APPRAISAL),
        f"/meetings?body_id={held['body']}": (TITLE, RECOMMENDATION, WARNING, APPRAISAL),
        f"{base}/order-of-business": (TITLE,),
        f"{closed}/proposals": (PROPOSAL,),
        f"{closed}/votes": (MOTION,),
        f"{closed}/disqualifications": (WHY,),
        f"{closed}/disqualification-notices": (NOTICE,),
        f"{base}/remarks": (REMARK,),
        f"{base}/minutes?public=false": (TITLE, RECOMMENDATION, PROPOSAL, MOTION, REMARK),
        f"{base}/minutes.html?public=false": (TITLE, PROPOSAL, MOTION, REMARK),
    }


async def text_of(h: Harness, path: str, headers: dict[str, str]) -> str:
    response = await h.client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.text)
    return response.text if path.count(".html") else json.dumps(response.json(), ensure_ascii=False)


async def test_acc20_mtg07_closed_and_exempt_content_only_with_the_confidential_scope(
    meetings: Harness, held: dict[str, Any]
) -> None:
    chair = held["people"]["chair"]  # a member of the body, but neither the notice's nor the remark's author
    plain = meetings.headers(Scope.MEETINGS_READ, sub=chair)
    secretariat = meetings.headers(Scope.MEETINGS_READ, Scope.MEETINGS_WRITE, sub=chair)  # writes, no confidential
    confidential = meetings.headers(Scope.MEETINGS_READ, Scope.MEETINGS_CONFIDENTIAL, sub=chair)
    for path, secrets in routes(held).items():
        for headers in (plain, secretariat):
            shown = await text_of(meetings, path, headers)
            assert not [s for s in SECRETS if s in shown], path
        shown = await text_of(meetings, path, confidential)
        assert all(s in shown for s in secrets), path


async def test_mtg07_the_public_version_keeps_what_the_public_may_know(meetings: Harness, held: dict[str, Any]) -> None:
    plain = meetings.headers(Scope.MEETINGS_READ, sub=held["people"]["chair"])
    shown = (await meetings.client.get(held["base"], headers=plain)).json()
    closed_item, open_item = shown["agenda"]
    # MTG-06: the exempt document is gone from both lists; the public one stays.
    assert open_item["title"] == "Salg av tomt" and open_item["recommendation"] == "Tomten selges"
    assert open_item["documents"] == ["Saksframlegg tomtesalg"]
    assert [d["external_id"] for d in open_item["document_details"]] == ["2026/80-1"]
    # MTG-07: the case is on the agenda with its number, legal basis and outcome; nothing of its content.
    assert (closed_item["case_number"], closed_item["status"]) == ("081/26", "decided")
    assert closed_item["closed_basis"].startswith("Offl. § 25")
    assert (closed_item["title"], closed_item["recommendation"]) == ("Unntatt offentlighet", None)
    assert closed_item["documents"] == [] and closed_item["document_details"] == []
    [vote] = (await meetings.client.get(f"{held['closed']}/votes", headers=plain)).json()
    assert vote["result"] == "adopted" and vote["motion"] == {"text": "Unntatt offentlighet"}
    [proposal] = (await meetings.client.get(f"{held['closed']}/proposals", headers=plain)).json()
    assert (proposal["proposer_id"], proposal["kind"]) == (held["people"]["chair"], "alternative")
    [found] = (await meetings.client.get(f"{held['closed']}/disqualifications", headers=plain)).json()
    assert (found["person_id"], found["ground"], found["explanation"]) == (held["people"]["brother"], "fvl_6_b", None)
    # The same meeting, with the scope, is the whole record.
    full = (await meetings.client.get(held["base"], headers=meetings.headers())).json()
    assert full["agenda"][0]["title"] == TITLE and full["agenda"][0]["documents"] == [WARNING]


async def test_mtg07_a_member_reads_their_own_notice_and_remark_in_a_closed_case(
    meetings: Harness, held: dict[str, Any]
) -> None:
    people = held["people"]
    brother = meetings.headers(Scope.MEETINGS_READ, sub=people["brother"])
    remarker = meetings.headers(Scope.MEETINGS_READ, sub=people["remarker"])
    [notice] = (await meetings.client.get(f"{held['closed']}/disqualification-notices", headers=brother)).json()
    assert notice["explanation"] == NOTICE
    [remark] = (await meetings.client.get(f"{held['base']}/remarks", headers=remarker)).json()
    assert remark["text"] == REMARK
    [other] = (await meetings.client.get(f"{held['base']}/remarks", headers=brother)).json()
    assert other["text"] == "Unntatt offentlighet"


async def test_acc10_case_presented_carries_the_case_management_systems_document_ids(
    meetings: Harness, held: dict[str, Any]
) -> None:
    o = meetings.app.state.platform.outbox
    async with meetings.app.state.db.transaction() as session:
        payloads = (await session.execute(select(o.c.payload).where(o.c.event_type == PRESENTED))).scalars().all()
    presented = {e["data"]["case_number"]: e["data"] for e in map(json.loads, payloads)}
    assert [(d["external_id"], d["exempt"]) for d in presented["080/26"]["documents"]] == [
        ("2026/80-1", False),
        ("2026/80-2", True),
    ]
    closed = presented["081/26"]
    assert closed["closed"] is True and closed["closed_basis"].startswith("Offl. § 25")
    [warning] = closed["documents"]
    assert (warning["external_id"], warning["exempt_basis"]) == ("2026/81-1", "Offl. § 13 jf. fvl. § 13")
    stored = (await meetings.client.get(held["base"], headers=meetings.headers())).json()
    assert [d["external_id"] for d in stored["agenda"][0]["document_details"]] == ["2026/81-1"]
    too_long = await meetings.post(
        f"{held['base']}/agenda", {"case_number": "082/26", "title": "X", "documents": [document("Y", "x" * 201)]}, 422
    )
    assert any(e["field"].endswith("external_id") for e in too_long["errors"])
