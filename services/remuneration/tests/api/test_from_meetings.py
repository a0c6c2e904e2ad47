"""From the meetings service to a payout line: a council meeting is held and closed in meetings, its events
travel outbox → relay → this service's inbox under the subscriptions of config/subscriptions.yaml, and the
quarter's batch pays the meeting fees (REM-03, REM-30, REM-91)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from typing import Any

import httpx
import yaml

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.events.relay import HttpxSender
from folkevalgt_shared.settings import REPO_ROOT, Subscription
from folkevalgt_shared.testing import Harness, ServiceFactory
from remuneration.domain.model import Period


async def test_rem30_a_meeting_closed_in_the_meetings_service_pays_its_fees(
    service_factory: ServiceFactory, rem: Harness
) -> None:
    config = yaml.safe_load((REPO_ROOT / "config" / "subscriptions.yaml").read_text(encoding="utf-8"))
    types = config["meetings"]["remuneration"]
    meetings = await service_factory(
        "meetings", subscriptions=[Subscription(name="remuneration", url="http://remuneration/events", types=types)]
    )
    await meetings.app.state.relay.sender.close()
    meetings.app.state.relay.sender = HttpxSender(
        httpx.AsyncClient(mounts={"http://remuneration": httpx.ASGITransport(app=rem.app)})
    )
    body = await meetings.post(
        "/bodies",
        {
            "key": "council",
            "name": "Kommunestyret",
            "body_type": "municipal_council",
            "seats": 2,
            "quorum": 2,
            "notice_days": 10,
        },
    )
    people: dict[str, str] = {}
    for name, role in (("Kari", "chair"), ("Ola", "member")):
        people[name] = (await meetings.post("/people", {"name": name}))["id"]
        await meetings.post(
            "/memberships",
            {
                "body_id": body["id"],
                "person_id": people[name],
                "role": role,
                "party_group": "Ap",
                "start_date": "2023-10-01",
            },
        )
    # The council meets in a moment, called at short notice with the reason recorded (the notice goes out before
    # the start: MTG-06), and the roll call is taken once it has begun (MTG-15): the attendance is this quarter's.
    starts = datetime.now(UTC) + timedelta(seconds=2)
    meeting = await meetings.post("/meetings", {"body_id": body["id"], "starts_at": starts.isoformat()})
    await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "001/26", "title": "Sak"})
    await meetings.post(f"/meetings/{meeting['id']}/notice", {"late_reason": "Hastemøte"}, 200)
    await asyncio.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.1)
    await meetings.post(
        f"/meetings/{meeting['id']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": list(people.values())},
        200,
    )
    await meetings.post(f"/meetings/{meeting['id']}/close", status=200)
    while await meetings.app.state.relay.drain_once():
        pass

    period = Period.of(oslo_date(datetime.now(UTC)))
    attendance = (await rem.client.get(f"/attendance?period={period.label}", headers=rem.headers())).json()
    assert sorted(a["person_id"] for a in attendance) == sorted(people.values())
    next_quarter = datetime.combine(period.end + timedelta(days=1), time(8), tzinfo=UTC)
    rem.app.state.clock = lambda: next_quarter  # REM-04: a quarter is paid once it has ended
    batch = await rem.post("/batches", {"period": period.label})
    lines: list[dict[str, Any]] = (await rem.client.get(f"/batches/{batch['id']}/lines", headers=rem.headers())).json()[
        "items"
    ]
    fees = [line for line in lines if line["item_type"] == "meeting_fee"]
    assert sorted((f["recipient_id"], f["amount"], f["rule"]) for f in fees) == sorted(
        (person, "400.00", "REM-30") for person in people.values()
    )
    assert {f["sources"][0] for f in fees} == {f"attendance:{a['event_id']}" for a in attendance}
