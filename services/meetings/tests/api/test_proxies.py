"""Powers of attorney from the feedback service (FBK-13) through the real, signed inbox: a politician who is or
has been proxy for a resident in a case is disqualified in it when it comes before a body they sit in
(fvl § 6 d, ACC-50), whichever arrives first, also after the proxy ends; and a citizen initiative that has
reached its signatures is registered for the council (FBK-31, MTG-33)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from folkevalgt_shared.contracts import (
    CitizenInitiativeThresholdReachedV1,
    ProxyAuthorizedV1,
    ProxyRevokedV1,
)
from folkevalgt_shared.events.envelope import build_envelope, signed_headers
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET, Subscription
from folkevalgt_shared.testing import Harness
from folkevalgt_shared.types import utcnow

DISQUALIFIED = "no.folkevalgt.meetings.member.disqualified.v1"
CASE = "100/26"


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [Subscription(name="access", url="http://access/events", types=[DISQUALIFIED])]


Delivered = ProxyAuthorizedV1 | ProxyRevokedV1 | CitizenInitiativeThresholdReachedV1


async def deliver(h: Harness, data: Delivered, *, status: str = "processed", code: int = 200) -> tuple[str, bytes]:
    """To the event endpoint, signed as the feedback service's relay signs it."""
    subject = data.initiative_id if isinstance(data, CitizenInitiativeThresholdReachedV1) else data.proxy_id
    event_id, payload = build_envelope(data, subject=str(subject), source="/feedback")
    await redeliver(h, event_id, payload, status, code)
    return event_id, payload


async def redeliver(h: Harness, event_id: str, payload: bytes, status: str = "processed", code: int = 200) -> None:
    response = await h.client.post(
        "/events", content=payload, headers=signed_headers(DEV_WEBHOOK_SECRET, event_id, payload)
    )
    assert response.status_code == code, response.text
    if code == 200:
        assert response.json()["status"] == status, response.text


def proxy(person: str, *, version: int = 1, cases: tuple[str, ...] = (CASE,), **more: Any) -> dict[str, Any]:
    fields = {
        "proxy_id": uuid.UUID(int=7),
        "person_id": person,
        "resident_ref": "resident-4711",
        "case_numbers": list(cases),
        "power_of_attorney_ref": "2026/100-7",
        "valid_from": date(2026, 1, 1),
        "version": version,
        "changed_at": utcnow(),
    }
    return fields | more


@pytest.fixture
async def committee(build: Any) -> Any:
    """A committee of three (two Ap, one H) with two Ap deputies."""
    return await build.body(
        ["chair", "member", "member", "deputy", "deputy"],
        names=["Kari", "Ola", "Per", "Vara 1", "Vara 2"],
        parties=["Ap", "Ap", "H", "Ap", "Ap"],
        body_type="standing_committee",
    )


async def disqualified(h: Harness, base: str, item: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    response = await h.client.get(f"{base}/agenda/{item['id']}/disqualifications", headers=h.headers())
    return [(d["person_id"], d["ground"], d["substitute_id"]) for d in response.json()]


async def published(h: Harness) -> list[dict[str, Any]]:
    o = h.app.state.platform.outbox
    async with h.app.state.db.transaction() as session:
        rows = (await session.execute(select(o.c.payload).where(o.c.event_type == DISQUALIFIED))).scalars().all()
    return [json.loads(p)["data"] for p in rows]


async def test_fvl6d_a_proxy_arriving_while_the_case_is_on_the_agenda_disqualifies(
    meetings: Harness, build: Any, committee: Any
) -> None:
    ola, vara1 = committee.people["Ola"], committee.people["Vara 1"]
    m = await build.meeting(
        committee, agenda=[{"case_number": CASE, "title": "Byggesak"}, {"case_number": "101/26", "title": "Annen sak"}]
    )
    event_id, payload = await deliver(meetings, ProxyAuthorizedV1(**proxy(ola)))
    case, other = m.items
    assert await disqualified(meetings, m.base, case) == [(ola, "fvl_6_d", vara1)]  # a deputy for the case
    assert await disqualified(meetings, m.base, other) == []  # only the resident's case
    [event] = await published(meetings)
    assert (event["person_id"], event["case_number"], event["ground"]) == (ola, CASE, "fvl_6_d")
    # Delivered twice, and the same version again under a new event id: no second disqualification.
    await redeliver(meetings, event_id, payload, "duplicate")
    await deliver(meetings, ProxyAuthorizedV1(**proxy(ola)))
    assert len(await disqualified(meetings, m.base, case)) == 1 and len(await published(meetings)) == 1


async def test_fvl6d_a_case_put_on_the_agenda_after_the_proxy_is_known_disqualifies(
    meetings: Harness, build: Any, committee: Any
) -> None:
    ola = committee.people["Ola"]
    await deliver(meetings, ProxyAuthorizedV1(**proxy(ola, cases=(CASE, "102/26"))))
    # Not before the notice: the agenda is not yet the body's (MTG-14 is decided before or during the meeting).
    m = await build.meeting(committee, agenda=[{"case_number": CASE, "title": "Byggesak"}], notice=False)
    assert await disqualified(meetings, m.base, m.items[0]) == []
    await meetings.post(f"{m.base}/notice", status=200)
    assert [p for p, *_ in await disqualified(meetings, m.base, m.items[0])] == [ola]
    # A case added after the notice (MTG-17) is checked as it is added.
    later = await meetings.post(f"{m.base}/agenda", {"case_number": "102/26", "title": "Klage"})
    assert [p for p, *_ in await disqualified(meetings, m.base, later)] == [ola]
    assert [e["case_number"] for e in await published(meetings)] == [CASE, "102/26"]


async def test_acc50_the_disqualification_outlives_the_revoked_proxy(
    meetings: Harness, build: Any, committee: Any
) -> None:
    ola = committee.people["Ola"]
    first = await build.meeting(committee, agenda=[{"case_number": CASE, "title": "Byggesak"}])
    await deliver(meetings, ProxyAuthorizedV1(**proxy(ola)))
    revoked = proxy(ola, version=2, valid_to=date(2026, 2, 1), revoked_at=utcnow())
    await deliver(meetings, ProxyRevokedV1(**revoked))
    assert [p for p, *_ in await disqualified(meetings, first.base, first.items[0])] == [ola]
    # The case comes back to the body after the revocation: "has been proxy" still disqualifies.
    again = await build.meeting(
        committee, days_ahead=30, agenda=[{"case_number": CASE, "title": "Byggesak, ny behandling"}]
    )
    assert [p for p, *_ in await disqualified(meetings, again.base, again.items[0])] == [ola]


async def test_fvl6d_order_free_a_revocation_overtaking_its_authorization(
    meetings: Harness, build: Any, committee: Any
) -> None:
    ola, per = committee.people["Ola"], committee.people["Per"]
    m = await build.meeting(
        committee, agenda=[{"case_number": CASE, "title": "Byggesak"}, {"case_number": "103/26", "title": "Tilskudd"}]
    )
    # Version 2 (revoked, scope narrowed to 103/26) arrives before version 1 (which covered 100/26 as well).
    await deliver(meetings, ProxyRevokedV1(**proxy(ola, version=2, cases=("103/26",), revoked_at=utcnow())))
    await deliver(meetings, ProxyAuthorizedV1(**proxy(ola, version=1, cases=(CASE, "103/26"))))
    assert [p for p, *_ in await disqualified(meetings, m.base, m.items[0])] == [ola]  # was proxy in 100/26
    assert [p for p, *_ in await disqualified(meetings, m.base, m.items[1])] == [ola]
    # A power of attorney revoked before its first day never made Per proxy; one from after the meeting not yet.
    never = proxy(per, cases=("103/26",), valid_from=date(2027, 1, 1), revoked_at=datetime(2026, 6, 1, 12, tzinfo=UTC))
    await deliver(meetings, ProxyRevokedV1(**never | {"proxy_id": uuid.UUID(int=8)}))
    day = datetime.fromisoformat(m.meeting["starts_at"]).date()
    future = proxy(per, cases=(CASE,), valid_from=day + timedelta(days=1))
    await deliver(meetings, ProxyAuthorizedV1(**future | {"proxy_id": uuid.UUID(int=9)}))
    assert [p for p, *_ in await disqualified(meetings, m.base, m.items[0])] == [ola]
    assert [p for p, *_ in await disqualified(meetings, m.base, m.items[1])] == [ola]


async def test_fvl6d_deputies_who_are_proxies_are_disqualified_when_summoned_and_passed_over(
    meetings: Harness, build: Any, committee: Any
) -> None:
    people = committee.people
    ola, vara1, vara2 = people["Ola"], people["Vara 1"], people["Vara 2"]
    m = await build.meeting(committee, agenda=[{"case_number": CASE, "title": "Byggesak"}])
    # Vara 1 is proxy in the case: not summoned for it in Ola's place, Vara 2 is.
    await deliver(meetings, ProxyAuthorizedV1(**proxy(vara1)))
    await deliver(meetings, ProxyAuthorizedV1(**proxy(ola) | {"proxy_id": uuid.UUID(int=8)}))
    assert await disqualified(meetings, m.base, m.items[0]) == [(ola, "fvl_6_d", vara2)]
    # Kari reports an absence: Vara 1 is summoned for the meeting, and disqualified in the case at once.
    await meetings.post(f"{m.base}/absences", {"person_id": people["Kari"], "reason": "Syk"})
    assert sorted(p for p, *_ in await disqualified(meetings, m.base, m.items[0])) == sorted([ola, vara1])


async def test_fvl6d_nobody_outside_the_body_and_no_decided_case(meetings: Harness, build: Any, committee: Any) -> None:
    outsider = (await meetings.post("/people", {"name": "Utenfor"}))["id"]
    m = await build.meeting(committee, agenda=[{"case_number": CASE, "title": "Byggesak"}], constituted=True)
    await meetings.post(
        f"{m.base}/agenda/{m.items[0]['id']}/votes", {"motion": "Innstillingen", "method": "tacit", "final": True}
    )
    await deliver(meetings, ProxyAuthorizedV1(**proxy(outsider)))
    await deliver(meetings, ProxyAuthorizedV1(**proxy(committee.people["Ola"]) | {"proxy_id": uuid.UUID(int=8)}))
    assert await disqualified(meetings, m.base, m.items[0]) == []  # decided before the proxy was known
    assert await published(meetings) == []


def initiative(**more: Any) -> CitizenInitiativeThresholdReachedV1:
    fields = {
        "initiative_id": uuid.UUID(int=42),
        "body_key": "council",
        "title": "Gatelys i Bjørnevatn",
        "proposal": "Kommunen setter opp gatelys langs skoleveien.",
        "contact": "initiativ@example.no",
        "signatures": 200,
        "population": 10_000,
        "threshold": 200,
        "reached_at": datetime.fromisoformat("2026-03-31T22:30:00+00:00"),  # 1 April in Oslo
    }
    return CitizenInitiativeThresholdReachedV1(**fields | more)


async def test_fbk31_mtg33_an_initiative_at_its_threshold_is_registered_once(meetings: Harness, build: Any) -> None:
    await build.council(["mayor", "member"])
    await build.body(["chair", "member"], key="committee", body_type="standing_committee")
    event_id, payload = await deliver(meetings, initiative())
    await redeliver(meetings, event_id, payload, "duplicate")
    await deliver(meetings, initiative(signatures=250))  # the same initiative under a new event id
    [found] = (await meetings.client.get("/citizen-initiatives", headers=meetings.headers())).json()
    assert found["id"] == str(uuid.UUID(int=42)) and found["signatures"] == 200
    assert (found["registered_on"], found["deadline"]) == ("2026-04-01", "2026-10-01")  # MTG-33: six months
    # Refused, nothing written: another body than the council; fewer than 2 % of 10 001 residents (201).
    await deliver(meetings, initiative(initiative_id=uuid.UUID(int=43), body_key="committee"), code=422)
    await deliver(meetings, initiative(initiative_id=uuid.UUID(int=44), population=10_001), code=422)
    assert len((await meetings.client.get("/citizen-initiatives", headers=meetings.headers())).json()) == 1
