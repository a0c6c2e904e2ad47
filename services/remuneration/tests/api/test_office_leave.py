"""Leave from office (LEA-60) reported by the leave service's office_leave.started/ended: with REM-81
switched on in the settings, fixed remuneration is not paid for the days of a leave of at least three
months, in the quarter's batch and in what-if alike."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from folkevalgt_shared.contracts import OfficeLeaveEndedV1, OfficeLeaveStartedV1
from folkevalgt_shared.events.envelope import build_envelope
from folkevalgt_shared.settings import REPO_ROOT
from folkevalgt_shared.testing import Harness, ServiceFactory
from folkevalgt_shared.types import utcnow
from remuneration.db import office_leave
from remuneration.domain.model import format_nok, nok
from remuneration.domain.rates import year_share

LEAVE_ID = uuid.UUID(int=81)
GROUP_LEADER_YEARLY = nok(3000)  # model 1, §5 i (REM-32)


@pytest.fixture
def rem81_enabled() -> bool:
    """A test that looks at the default settings parametrizes this to False."""
    return True


@pytest.fixture
async def rem(
    service_factory: ServiceFactory, rem81_enabled: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Harness:
    """The service with the municipality's settings, REM-81 switched on as a municipality would: in its
    configuration file."""
    if rem81_enabled:
        config = yaml.safe_load((REPO_ROOT / "config" / "sor-varanger.yaml").read_text(encoding="utf-8"))
        for version in config["versions"]:
            if "leave_deduction" in version["sections"].get("remuneration", {}):
                version["sections"]["remuneration"]["leave_deduction"]["enabled"] = True
        path = tmp_path / "municipality.yaml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("REMUNERATION_MUNICIPALITY_CONFIG", str(path))
    return await service_factory("remuneration")


@pytest.fixture
async def kari(council: Any) -> str:
    """Kari leads the Ap group in the council: 3 000 a year in fixed remuneration (REM-32)."""
    await council.seat("Kari", "member")
    return str(await council.seat("Kari", "group_leader"))


def leave(person: str, start: date, end: date | None = None, *, version: int = 1, **more: Any) -> dict[str, Any]:
    fields = {"leave_id": LEAVE_ID, "person_id": person, "start_date": start, "end_date": end}
    return {**fields, "reason": "health", "version": version, "changed_at": utcnow(), **more}


async def leader_pay(rem: Harness, period: str) -> list[dict[str, Any]]:
    batch = await rem.post("/batches", {"period": period})
    response = await rem.client.get(f"/batches/{batch['id']}/lines", headers=rem.headers("remuneration:write"))
    assert response.status_code == 200, response.text
    return [line for line in response.json()["items"] if line["rule"] == "REM-32"]


def paid_for(start: date, end: date) -> str:
    return format_nok(year_share(GROUP_LEADER_YEARLY, start, end, "day"))


async def test_rem81_leave_from_office_reduces_fixed_remuneration_in_the_batch_and_in_what_if(
    rem: Harness, council: Any, kari: str
) -> None:
    await council.deliver(OfficeLeaveStartedV1(**leave(kari, date(2026, 1, 15), date(2026, 4, 30))), subject="leave")
    (line,) = await leader_pay(rem, "2026Q1")
    assert line["amount"] == paid_for(date(2026, 1, 1), date(2026, 1, 14))
    assert "76 days of leave from office not paid (REM-81)" in line["explanation"]
    response = await rem.client.get("/what-if?period=2026Q1&model=1", headers=rem.headers("remuneration:write"))
    assert response.status_code == 200, response.text
    leader = next(i for i in response.json()["by_item_type"] if i["item_type"] == "leader_pay")
    assert leader["active"] == leader["model"] == line["amount"]


async def test_rem81_a_leave_delivered_twice_is_deducted_once(rem: Harness, council: Any, kari: str) -> None:
    started = OfficeLeaveStartedV1(**leave(kari, date(2026, 1, 15), date(2026, 4, 30)))
    event_id, payload = build_envelope(started, subject=str(started.leave_id))
    assert (await council.deliver_payload(event_id, payload))["status"] == "processed"
    assert (await council.deliver_payload(event_id, payload))["status"] == "duplicate"
    # The same version under a new event id (a resend by the leave service) changes nothing either.
    await council.deliver(started)
    assert await council.count(office_leave) == 1
    (line,) = await leader_pay(rem, "2026Q1")
    assert line["amount"] == paid_for(date(2026, 1, 1), date(2026, 1, 14))


async def test_rem81_an_end_received_before_its_start_keeps_the_end_date(rem: Harness, council: Any, kari: str) -> None:
    start, end = date(2026, 1, 1), date(2026, 4, 14)
    await council.deliver(OfficeLeaveEndedV1(**leave(kari, start, end, version=2)))
    await council.deliver(OfficeLeaveStartedV1(**leave(kari, start)))  # older: does not reopen the leave
    async with rem.app.state.db.reading() as session:
        stored = (await session.execute(select(office_leave.c.end_date, office_leave.c.ended))).one()
    assert tuple(stored) == (end, True)
    (line,) = await leader_pay(rem, "2026Q2")
    assert line["amount"] == paid_for(date(2026, 4, 15), date(2026, 6, 30))
    assert "14 days of leave from office not paid (REM-81)" in line["explanation"]


async def test_rem81_leave_shorter_than_three_months_is_not_deducted(rem: Harness, council: Any, kari: str) -> None:
    # From 15 January the minimum runs through 14 April; this leave ends a day before.
    await council.deliver(OfficeLeaveStartedV1(**leave(kari, date(2026, 1, 15), date(2026, 4, 13))))
    (line,) = await leader_pay(rem, "2026Q1")
    assert line["amount"] == paid_for(date(2026, 1, 1), date(2026, 3, 31))
    assert "REM-81" not in line["explanation"]


async def test_rem81_leave_from_another_body_leaves_the_councils_remuneration_whole(
    rem: Harness, council: Any, kari: str
) -> None:
    elsewhere = leave(kari, date(2026, 1, 1), date(2026, 6, 30), body_keys=["executive-committee"])
    await council.deliver(OfficeLeaveStartedV1(**elsewhere))
    (line,) = await leader_pay(rem, "2026Q1")
    assert line["amount"] == paid_for(date(2026, 1, 1), date(2026, 3, 31))


@pytest.mark.parametrize("rem81_enabled", [False])
async def test_rem81_is_off_unless_the_settings_switch_it_on(rem: Harness, council: Any, kari: str) -> None:
    await council.deliver(OfficeLeaveStartedV1(**leave(kari, date(2026, 1, 15), date(2026, 4, 30))))
    (line,) = await leader_pay(rem, "2026Q1")
    assert line["amount"] == paid_for(date(2026, 1, 1), date(2026, 3, 31))
