"""Leave through the gateway, with the real processes.

A council group leader applies for leave from office as themself; the secretariat records the council's grant
(LEA-60). The leave service tells meetings and remuneration at once (the first day is today): meetings records
the member absent in the council meeting within the leave, with the next deputy of the party group summoned in
their place, and leaves the meeting after the leave as it was; remuneration, with the optional REM-81 switched
on in its settings, no longer pays the group leader's fixed remuneration for the days of the leave.

HR imports a unit and its employees as CSV; an employee who has used ten of the twelve paid welfare days asks
for three days after a death in the family; the unit manager grants them: two paid, one unpaid (LEA-16), and
the employee sees the pot empty. Another employee sees none of it. Refused requests change nothing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml

from folkevalgt_devstack.stack import Stack
from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.settings import REPO_ROOT, AuthSettings
from remuneration.domain.model import format_nok, nok
from remuneration.domain.rates import year_share

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
OSLO = ZoneInfo("Europe/Oslo")
COUNCIL = "municipal-council"
ON_LEAVE = "Permisjon fra vervet (LEA-60)"
EMPLOYEES = """employee_number;name;unit_code;position_percent;permanent;employment_start
E2E-1;Mona Leder;E2E-BHG;100;true;2010-08-01
E2E-2;Ola Ansatt;E2E-BHG;100;true;2015-01-01
E2E-3;Siri Kollega;E2E-BHG;80;true;2018-01-01
"""


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    return problem


def wait_for(check: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise TimeoutError(f"not within {timeout}s")


def delivered(database: Path) -> Callable[[], None]:
    def wait() -> None:
        def none_left() -> bool:
            with sqlite3.connect(database) as db:
                return db.execute("SELECT count(*) FROM outbox WHERE status != 'delivered'").fetchone() == (0,)

        wait_for(none_left)

    return wait


class Through:
    """Clients through the gateway, each with a development token for one caller."""

    def __init__(self, stack: Stack) -> None:
        self.url = stack.topology.url("gateway")
        self.auth = AuthSettings(dev_key_file=stack.topology.var_dir / "dev-signing-key.pem")
        self.clients = ExitStack()

    def client(self, service: str, subject: str, *scopes: str) -> httpx.Client:
        token = mint_dev_token(self.auth, subject, scopes)
        return self.clients.enter_context(
            httpx.Client(base_url=f"{self.url}/{service}", headers={"Authorization": f"Bearer {token}"}, timeout=15)
        )


@pytest.fixture(scope="module")
def through(stack: Stack) -> Iterator[Through]:
    gateway = Through(stack)
    with gateway.clients:
        yield gateway


@pytest.fixture(scope="module")
def rem81_on(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Remuneration restarted with REM-81 switched on in its settings, as a municipality would; restored after."""
    config = yaml.safe_load((REPO_ROOT / "config" / "sor-varanger.yaml").read_text(encoding="utf-8"))
    for version in config["versions"]:
        if "leave_deduction" in version["sections"].get("remuneration", {}):
            version["sections"]["remuneration"]["leave_deduction"]["enabled"] = True
    path = tmp_path_factory.mktemp("rem81") / "municipality.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    before = dict(stack.extra_env.get("remuneration", {}))

    def restart(env: dict[str, str]) -> None:
        stack.stop("remuneration")
        stack.extra_env["remuneration"] = env
        stack.start("remuneration")
        stack.wait_ready("remuneration")

    restart({**before, "REMUNERATION_MUNICIPALITY_CONFIG": str(path)})
    try:
        yield
    finally:
        delivered(stack.topology.var_dir / "leave.db")()
        restart(before)


def schedule(meetings: httpx.Client, body_id: str, day: date, case_number: str) -> str:
    """A council meeting on `day` at 10:00 Oslo time, its notice out (MTG-01/06); returns its id."""
    starts = datetime.combine(day, clock_time(10), tzinfo=OSLO).astimezone(UTC)
    meeting = ok(meetings.post("/meetings", json={"body_id": body_id, "starts_at": starts.isoformat(),
                                                  "location": "Kirkenes rådhus"}), 201)  # fmt: skip
    ok(meetings.post(f"/meetings/{meeting['id']}/agenda", json={"case_number": case_number, "title": "Referatsaker"}),
       201)  # fmt: skip
    ok(meetings.post(f"/meetings/{meeting['id']}/notice"))
    return str(meeting["id"])


def participants(meetings: httpx.Client, meeting_id: str) -> dict[str, dict[str, Any]]:
    return {p["person_id"]: p for p in ok(meetings.get(f"/meetings/{meeting_id}/participants"))}


def pay_of(admin: httpx.Client, period: str, person: str) -> int:
    """The person's remuneration in the quarter under the model in force, in øre (what-if stores nothing)."""
    report = ok(admin.get("/what-if", params={"period": period, "model": "1"}))
    found = next((r for r in report["by_recipient"] if r["recipient_id"] == person), None)
    return int(found["active"].replace(".", "")) if found else 0


def test_lea60_leave_from_office_replaces_the_member_in_its_span_and_reduces_fixed_pay(
    stack: Stack, through: Through, rem81_on: None
) -> None:
    meetings = through.client("meetings", "secretariat", *ALL_SCOPES)
    secretariat = through.client("leave", "secretariat", "leave:admin", "leave:read")
    admin = through.client("remuneration", "lonnskontoret", "remuneration:read", "remuneration:write")
    today = datetime.now(OSLO).date()
    council = next(b for b in ok(meetings.get("/bodies", params={"limit": 100}))["items"] if b["key"] == COUNCIL)
    roles: dict[str, set[str]] = {}
    for m in ok(meetings.get(f"/bodies/{council['id']}/members", params={"on": today.isoformat()})):
        roles.setdefault(m["person_id"], set()).add(m["role"])
    leader = min(p for p, r in roles.items() if {"member", "group_leader"} <= r and not r & {"mayor", "deputy_mayor"})
    representative = through.client("leave", leader, "leave:read", "leave:write")

    within, after = today + timedelta(days=20), today + timedelta(days=130)
    inside = schedule(meetings, council["id"], within, f"901/{today:%y}")
    outside = schedule(meetings, council["id"], after, f"902/{today:%y}")
    assert participants(meetings, inside)[leader]["status"] == "expected"

    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    quarter_end = date(today.year, (today.month - 1) // 3 * 3 + 3, 1) + timedelta(days=31)
    quarter_end = quarter_end.replace(day=1) - timedelta(days=1)
    paid_before = pay_of(admin, quarter, leader)

    # LEA-60: more than two years is refused, nothing is stored.
    too_long = {"start_date": today.isoformat(), "end_date": (today + timedelta(days=800)).isoformat(),
                "body_keys": [COUNCIL], "reason": "health", "justification": "Behandling"}  # fmt: skip
    problem = refused(representative.post("/office-leaves", json=too_long), 422)
    assert problem["rule"] == "LEA-60" and problem["errors"][0]["field"] == "end_date"
    assert ok(representative.get("/office-leaves"))["items"] == []

    end = today + timedelta(days=100)
    applied = ok(representative.post("/office-leaves", json={**too_long, "end_date": end.isoformat()}), 201)
    assert applied["status"] == "pending" and applied["person_id"] == leader
    decision = {"outcome": "grant", "decision_ref": f"KST 099/{today:%y}", "decided_on": today.isoformat()}
    granted = ok(secretariat.post(f"/office-leaves/{applied['id']}/decision", json=decision))
    assert granted["status"] == "granted" and granted["published"] == ["started"]
    assert granted["granted_by"] == "Kommunestyret"
    delivered(stack.topology.var_dir / "leave.db")()

    # MTG-10/LEA-60: absent in the meeting within the leave, the next deputy of the group summoned instead.
    def replaced() -> dict[str, dict[str, Any]] | None:
        seated = participants(meetings, inside)
        return seated if seated[leader]["status"] == "absent" else None

    seated = wait_for(replaced)
    assert seated[leader]["absence_reason"] == ON_LEAVE
    substitutes = [p for p in seated.values() if p["in_place_of"] == leader]
    assert len(substitutes) == 1 and roles[substitutes[0]["person_id"]] == {"deputy"}
    later = participants(meetings, outside)
    assert later[leader]["status"] == "expected" and not any(p["in_place_of"] == leader for p in later.values())

    # REM-81 (switched on): the group leader's fixed remuneration is not paid for the leave's days this quarter.
    def reduced() -> int | None:
        paid = pay_of(admin, quarter, leader)
        return paid if paid != paid_before else None

    paid_after = wait_for(reduced)
    assert format_nok(paid_before - paid_after) == format_nok(year_share(nok(3000), today, quarter_end, "day"))

    # Revoked by the council: the member is back in office from today; meetings and remuneration hear of it.
    revocation = {"decision_ref": f"KST 100/{today:%y}", "decided_on": today.isoformat()}
    revoked = ok(secretariat.post(f"/office-leaves/{applied['id']}/revocation", json=revocation))
    assert revoked["status"] == "revoked" and revoked["end_date"] == (today - timedelta(days=1)).isoformat()
    assert wait_for(lambda: pay_of(admin, quarter, leader) == paid_before)
    # Another representative sees none of it.
    stranger = through.client("leave", next(p for p in roles if p != leader), "leave:read", "leave:write")
    assert stranger.get(f"/office-leaves/{applied['id']}").status_code == 404


@pytest.fixture(scope="module")
def workplace(through: Through) -> dict[str, Any]:
    """HR imports a kindergarten and its staff as CSV and makes Mona its manager."""
    hr = through.client("leave", "hr-office", "leave:admin", "leave:read")
    ok(hr.post("/units/import", json=[{"code": "E2E-BHG", "name": "Hesseng barnehage"}]))
    imported = ok(hr.post("/employees/import", content=EMPLOYEES.encode(), headers={"Content-Type": "text/csv"}))
    assert imported["created"] + imported["unchanged"] + imported["updated"] == 3
    staff = {e["employee_number"]: e for e in ok(hr.get("/employees", params={"unit_code": "E2E-BHG"}))["items"]}
    ok(hr.post("/units/import", json=[{"code": "E2E-BHG", "name": "Hesseng barnehage",
                                       "manager_employee_number": "E2E-1"}]))  # fmt: skip
    return {"hr": hr, "mona": staff["E2E-1"], "ola": staff["E2E-2"], "siri": staff["E2E-3"]}


def test_lea16_ten_paid_days_used_then_three_after_a_death_two_paid_and_one_unpaid(
    through: Through, workplace: dict[str, Any]
) -> None:
    ola_id, mona_id = workplace["ola"]["id"], workplace["mona"]["id"]
    ola = through.client("leave", ola_id, "leave:read", "leave:write")
    mona = through.client("leave", mona_id, "leave:decide", "leave:read", "leave:write")
    year = datetime.now(OSLO).year + 1  # a year of its own: nothing else of Ola's in it
    monday = date(year, 1, 5) + timedelta(days=-date(year, 1, 5).weekday() % 7)  # the first Monday from 5 January

    def apply(body: dict[str, Any], status: int = 201) -> Any:
        return ok(ola.post("/applications", json={"justification": "Søknad", **body}), status)

    def week(weeks: int, days: int = 5) -> dict[str, str]:
        first = monday + timedelta(weeks=weeks)
        return {"start_date": first.isoformat(), "end_date": (first + timedelta(days=days - 1)).isoformat()}

    # Ten paid days: five of serious illness in the family and five at the doctor's (LEA-10, LEA-14).
    for reason, weeks in (("serious_illness", 0), ("medical", 1)):
        applied = apply({"reason": reason, **week(weeks)})
        ok(mona.post(f"/applications/{applied['id']}/decision", json={"outcome": "grant"}))
    quotas = ok(ola.get(f"/employees/{ola_id}/quotas", params={"year": year}))
    welfare = next(p for p in quotas["pots"] if p["pot"] == "welfare")
    assert (welfare["used_days"], welfare["remaining_days"]) == ("10.00", "2.00")

    death = {"reason": "death", **week(4, days=3), "occasion": "Fars død"}
    applied = apply(death)
    assert applied["proposal"]["split"]["paid_days"] == "2.00"
    decided = ok(mona.post(f"/applications/{applied['id']}/decision", json={"outcome": "grant"}))
    split = decided["decision"]["split"]
    assert (split["paid_days"], split["unpaid_days"]) == ("2.00", "1.00")
    assert [(p["pay"], p["rule"]) for p in split["parts"]] == [("paid", "LEA-11"), ("unpaid", "LEA-16")]
    welfare = next(p for p in ok(ola.get(f"/employees/{ola_id}/quotas", params={"year": year}))["pots"]
                   if p["pot"] == "welfare")  # fmt: skip
    assert welfare["remaining_days"] == "0.00"

    # Bad input is refused with the field or the rule, and nothing is written.
    before = len(ok(ola.get("/applications"))["items"])
    day = (monday + timedelta(weeks=4, days=1)).isoformat()
    overlap = refused(ola.post("/applications", json={"reason": "moving", "start_date": day, "end_date": day,
                                                      "justification": "Flytter"}), 409)  # fmt: skip
    assert overlap["errors"][0]["field"] == "start_date"
    later = week(8, days=1)
    backwards = {"reason": "moving", "start_date": later["start_date"], "end_date": week(7)["start_date"],
                 "justification": "x"}  # fmt: skip
    assert refused(ola.post("/applications", json=backwards), 422)["errors"][0]["field"] == "end_date"
    unknown = {**backwards, "reason": "birthday", "end_date": later["end_date"]}
    assert refused(ola.post("/applications", json=unknown), 422)["errors"][0]["field"] == "reason"
    negative = {**unknown, "reason": "medical", "hours_per_day": "-1"}
    assert refused(ola.post("/applications", json=negative), 422)["errors"][0]["field"] == "body.hours_per_day"
    assert len(ok(ola.get("/applications"))["items"]) == before
    percent = {"position_percent": "120"}
    problem = refused(workplace["hr"].patch(f"/employees/{ola_id}", json=percent), 422)
    assert problem["errors"][0]["field"] == "body.position_percent"

    # A colleague sees none of Ola's leave.
    siri = through.client("leave", workplace["siri"]["id"], "leave:read", "leave:write")
    assert siri.get(f"/applications/{applied['id']}").status_code == 404
    assert siri.get(f"/employees/{ola_id}/quotas").status_code == 404
    assert ok(siri.get("/applications"))["items"] == []
