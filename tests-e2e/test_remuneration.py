"""Remuneration through the gateway, from the meetings held to the payroll partner's pull (REM-03..92).

On one day the council (kommunestyret), the administration committee (administrasjonsutvalget) and the
executive committee (formannskapet) meet, each run through the meetings API: scheduled, given notice in
time (MTG-01/06), opened by the roll call and closed. Their attendance.recorded and meeting.closed events
reach remuneration. An executive committee member present at all three gets two meeting fees that day, one
per body and the highest first (REM-31); the mayor, present at all three, gets none (REM-11, REM-30), and
the mayor's pay waits for its rate (REM-10).

A batch pays only a quarter that has ended (REM-04): asked for while the meetings' quarter runs, it is
refused. Remuneration is then restarted with its settable clock (REMUNERATION_CLOCK__START_AT) on the first
morning of the next quarter, before the claim deadline; the meetings service keeps the real time.

Officials claim lost earnings as themselves, with their earner category recorded: documented loss is paid
up to 2,500 a day and undocumented loss of a self-employed 120 an hour (REM-20); a wage earner's undocumented
claim is refused; a claim for a quarter whose deadline has passed is kept as rejected (REM-05). The executive
committee member is bought out one day a month (REM-40): his lost-earnings claim for the day is kept as
rejected, as the buyout pays it at the rate the administration recorded for him.

The administration approves the quarter's batch; the payroll partner pulls it with the cursor, exactly
once, also as CSV, each line with the quarter's payout deadline (REM-04). A board leader who left during the
quarter and a further approved claim then arrive as new lines, the correction referencing the line it
corrects (REM-90).

Refused requests answer problem+json with the rule id and change nothing.
"""

from __future__ import annotations

import calendar
import csv
import io
import time as clock_time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from folkevalgt_devstack.stack import Stack
from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.settings import AuthSettings

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
OSLO = ZoneInfo("Europe/Oslo")
COUNCIL, EXECUTIVE, ADMINISTRATION = "municipal-council", "executive-committee", "administration-committee"
DOCUMENTED = {
    "kind": "lost_earnings",
    "documented": True,
    "documentation_kind": "employer_statement",
    "documentation_ref": "Lønnstrekk, Varanger Kraft",
    "amount_claimed": "3100.00",
}
UNDOCUMENTED = {"kind": "lost_earnings", "hours": "3", "justification": "Stengte verkstedet for å delta i møtet"}
TRAVEL = {"kind": "travel", "amount_claimed": "412.50", "documentation_ref": "Kvittering drosje Bjørnevatn"}
LOSS_BASIS = {
    "kind": "documented",
    "day_loss": "2300.00",
    "documentation_kind": "employer_statement",
    "documentation_ref": "Bekreftelse fra arbeidsgiver, Sydvaranger Gruve",
}


class Gateway:
    """Clients through the gateway, each with a development token for one caller."""

    def __init__(self, stack: Stack, events_delivered: Callable[[], None]) -> None:
        self.url = stack.topology.url("gateway")
        self.auth = AuthSettings(dev_key_file=stack.topology.var_dir / "dev-signing-key.pem")
        self.events_delivered = events_delivered  # the meetings service's events reached remuneration
        self.clients = ExitStack()

    def client(self, service: str, subject: str, *scopes: str) -> httpx.Client:
        token = mint_dev_token(self.auth, subject, scopes)
        return self.clients.enter_context(
            httpx.Client(base_url=f"{self.url}/{service}", headers={"Authorization": f"Bearer {token}"}, timeout=15)
        )

    def official(self, person_id: str) -> httpx.Client:
        """A politician in the app as themself: their person id is the token's subject."""
        return self.client("remuneration", person_id, "remuneration:read")


@dataclass(frozen=True)
class Day:
    """The day the three meetings were held, and who sat in them."""

    on: date
    period: str
    member: str  # in the council, the executive committee and the administration committee
    mayor: str
    councillors: tuple[str, ...]  # council members in none of the meetings' other bodies


@dataclass(frozen=True)
class Quarter:
    """The quarter's first approved batch and what went into it."""

    batch: dict[str, Any]
    lines: list[dict[str, Any]]
    cursor: int  # payroll's cursor before the approval
    documented: dict[str, Any]
    undocumented: dict[str, Any]
    bought_out: dict[str, Any]  # the executive committee member's claim for his bought-out day
    leader: dict[str, Any]  # the board leader's membership


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(response: httpx.Response, status: int, rule: str | None = None) -> dict[str, Any]:
    """A 4xx problem+json (RFC 9457) naming the municipal rule that refused the request."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem.get("rule") == rule, problem
    return problem


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def next_quarter_start(day: date) -> date:
    first = quarter_start(day)
    return date(first.year + 1, 1, 1) if first.month == 10 else date(first.year, first.month + 3, 1)


def every(client: httpx.Client, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paged listing, following its next links."""
    page = ok(client.get(url, params=params))
    items = list(page["items"])
    while page["next"]:
        page = ok(client.get(page["next"]))
        items += page["items"]
    return items


def pull(payroll: httpx.Client, after: int) -> tuple[list[dict[str, Any]], int]:
    """What the payroll partner gets after its cursor, page by page, and the cursor for its next pull."""
    page = ok(payroll.get("/lines", params={"after": after}))
    items = list(page["items"])
    while page["next"]:
        page = ok(payroll.get(page["next"]))
        items += page["items"]
    return items, page["cursor"]


def claims_of(official: httpx.Client) -> list[dict[str, Any]]:
    return every(official, "/claims")


def earner(official: httpx.Client, person_id: str, category: str) -> None:
    """The official records their own earner category (REM-20)."""
    ok(official.put(f"/officials/{person_id}", json={"earner_category": category}))


def bought_out_for_nothing(admin: httpx.Client, person_id: str, on: date) -> bool:
    """Whether none of the person's offices on the day is bought out (§7 b–d: committee and harbour board
    leaders, executive committee members, group leaders), from remuneration's register copy."""
    roles = ok(admin.get(f"/register/people/{person_id}/roles", params={"on": on.isoformat()}))
    return not any(
        r["role"] == "group_leader"
        or (r["role"] == "chair" and r["body_type"] in ("standing_committee", "harbour_board"))
        or (r["body_type"] == "executive_committee" and r["role"] in ("member", "vice_chair"))
        for r in roles
    )


def attended_on(official: httpx.Client, day: Day, person_id: str) -> dict[str, dict[str, Any]]:
    """The person's attendance received from the meetings service on the day, by attendance source."""
    attendance = ok(official.get("/attendance", params={"period": day.period, "person_id": person_id}))
    return {f"attendance:{a['event_id']}": a for a in attendance if a["held_on"] == day.on.isoformat()}


def hold_meeting(meetings: httpx.Client, body: dict[str, Any], starts: datetime, case_number: str) -> list[str]:
    """Scheduled, given notice (late, with its reason: MTG-06), opened with everyone expected present (MTG-15) and
    closed;
    returns who was present."""
    meeting = ok(
        meetings.post(
            "/meetings", json={"body_id": body["id"], "starts_at": starts.isoformat(), "location": "Kirkenes rådhus"}
        ),
        201,
    )
    base = f"/meetings/{meeting['id']}"
    ok(meetings.post(f"{base}/agenda", json={"case_number": case_number, "title": "Referatsaker"}), 201)
    ok(meetings.post(f"{base}/notice", json={"late_reason": "Ekstraordinært møte samme dag"}))
    clock_time.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.2)  # the roll call once begun
    present = [p["person_id"] for p in ok(meetings.get(f"{base}/participants")) if p["status"] == "expected"]
    ok(meetings.post(f"{base}/roll-call", json={"notice_approved": True, "agenda_approved": True, "present": present}))
    ok(meetings.post(f"{base}/close"))
    return present


@pytest.fixture(scope="module")
def gateway(stack: Stack, meetings_events_delivered: Callable[[], None]) -> Iterator[Gateway]:
    through = Gateway(stack, meetings_events_delivered)
    with through.clients:
        yield through


@pytest.fixture(scope="module")
def meetings(gateway: Gateway) -> httpx.Client:
    return gateway.client("meetings", "secretariat", *ALL_SCOPES)


@pytest.fixture(scope="module")
def admin(gateway: Gateway) -> httpx.Client:
    """The payroll office: acts for anyone in remuneration."""
    return gateway.client("remuneration", "lonnskontoret", "remuneration:read", "remuneration:write")


@pytest.fixture(scope="module")
def payroll(gateway: Gateway) -> httpx.Client:
    return gateway.client("remuneration/payroll", "payroll-partner", "payroll:read")


@pytest.fixture(scope="module")
def held(gateway: Gateway, meetings: httpx.Client) -> Day:
    """The council, the administration committee and the executive committee meet today."""
    bodies = {b["key"]: b for b in ok(meetings.get("/bodies", params={"limit": 100}))["items"]}
    # The roll call is taken on the meeting's day, after its start (MTG-15), and the notice goes out before the
    # start (MTG-06): the three meet in a moment, each called at short notice with the reason recorded, so the
    # attendance, and with it the meeting fee, falls on today.
    starts = datetime.now(UTC)

    def roles(key: str) -> dict[str, set[str]]:
        members = ok(meetings.get(f"/bodies/{bodies[key]['id']}/members", params={"on": starts.date().isoformat()}))
        by_person: dict[str, set[str]] = {}
        for m in members:
            by_person.setdefault(m["person_id"], set()).add(m["role"])
        return by_person

    council, executive, administration = roles(COUNCIL), roles(EXECUTIVE), roles(ADMINISTRATION)
    mayor = next(p for p, r in council.items() if "mayor" in r)
    member = min(p for p, r in executive.items() if "member" in r and "member" in administration.get(p, set()))
    councillors = tuple(sorted(p for p, r in council.items() if "member" in r and p not in executive))
    for key, number in ((COUNCIL, 1), (ADMINISTRATION, 2), (EXECUTIVE, 3)):
        soon = datetime.now(UTC) + timedelta(seconds=3)
        present = hold_meeting(meetings, bodies[key], soon, f"{100 + number}/{starts:%y}")
        assert member in present and mayor in present
    gateway.events_delivered()
    today = datetime.now(OSLO).date()
    return Day(on=today, period=quarter_of(today), member=member, mayor=mayor, councillors=councillors)


@pytest.fixture(scope="module")
def quarter_ended(stack: Stack, gateway: Gateway, admin: httpx.Client, held: Day) -> Iterator[datetime]:
    """REM-04: the running quarter is refused a batch; remuneration is then restarted with its clock on the first
    morning of the next quarter (08:00 Oslo), and on the real clock again when the module is done."""
    problem = refused(admin.post("/batches", json={"period": held.period}), 422, "REM-04")
    assert problem["errors"][0]["field"] == "period"
    after = datetime.combine(next_quarter_start(held.on), time(8), tzinfo=OSLO)
    before = dict(stack.extra_env.get("remuneration", {}))

    def restart(env: dict[str, str]) -> None:
        stack.stop("remuneration")
        stack.extra_env["remuneration"] = env
        stack.start("remuneration")
        stack.wait_ready("remuneration", timeout=300)  # a busy machine can take long to start a service

    restart({**before, "REMUNERATION_CLOCK__START_AT": after.astimezone(UTC).isoformat()})
    try:
        gateway.events_delivered()
        yield after
    finally:
        restart(before)


@pytest.fixture(scope="module")
def approved(
    gateway: Gateway,
    meetings: httpx.Client,
    admin: httpx.Client,
    payroll: httpx.Client,
    held: Day,
    quarter_ended: datetime,
) -> Quarter:
    """Lost-earnings claims approved, the bought-out member's rate recorded, a board leader registered, the
    quarter's batch approved."""
    # Council members none of whose days is bought out (REM-40).
    plain = [p for p in held.councillors if bought_out_for_nothing(admin, p, held.on)]
    documenting, self_employed = plain[0], plain[1]
    wage_earner = gateway.official(documenting)
    earner(wage_earner, documenting, "wage_earner")
    documented = ok(wage_earner.post("/claims", json={**DOCUMENTED, "day": held.on.isoformat()}), 201)
    official = gateway.official(self_employed)
    earner(official, self_employed, "self_employed")
    undocumented = ok(official.post("/claims", json={**UNDOCUMENTED, "day": held.on.isoformat()}), 201)
    for claim in (documented, undocumented):
        ok(admin.post(f"/claims/{claim['id']}/approve"))
    # REM-40: the executive committee member is bought out a day a month, at his own documented loss.
    member = gateway.official(held.member)
    earner(member, held.member, "wage_earner")
    ok(admin.post("/loss-bases", json={**LOSS_BASIS, "person_id": held.member, "start_date": held.on.isoformat()}), 201)
    bought_out = ok(member.post("/claims", json={**DOCUMENTED, "day": held.on.isoformat()}), 201)

    # The leader of a board outside the council: 400 a year in phone allowance for the days held (REM-50).
    naming = {"key": "game-fisheries-board", "name": "Vilt- og fiskenemnda", "body_type": "other"}
    board = ok(meetings.post("/bodies", json={**naming, "seats": 5, "quorum": 3, "notice_days": 7}), 201)
    leader = ok(meetings.post("/people", json={"name": "Randi Store", "gender": "female"}), 201)
    membership = ok(
        meetings.post(
            "/memberships",
            json={
                "body_id": board["id"],
                "person_id": leader["id"],
                "role": "chair",
                "start_date": date(held.on.year, 1, 1).isoformat(),
            },
        ),
        201,
    )
    gateway.events_delivered()

    _, cursor = pull(payroll, 0)
    batch = ok(admin.post("/batches", json={"period": held.period}), 201)
    assert batch["status"] == "draft"
    approval = ok(admin.post(f"/batches/{batch['id']}/approve"))
    assert approval["status"] == "approved"
    lines = every(admin, f"/batches/{batch['id']}/lines")
    assert len(lines) == approval["totals"]["lines"]
    return Quarter(approval, lines, cursor, documented, undocumented, bought_out, membership)


def test_rem31_a_member_at_three_meetings_in_a_day_gets_two_fees_one_per_body(
    gateway: Gateway, held: Day, approved: Quarter
) -> None:
    official = gateway.official(held.member)
    attended = attended_on(official, held, held.member)
    assert {a["body_key"] for a in attended.values()} == {COUNCIL, ADMINISTRATION, EXECUTIVE}
    assert all(a["secretariat_present"] for a in attended.values())  # REM-03: the administration pays the fee
    lines = every(official, f"/people/{held.member}/lines", period=held.period)
    fees = [line for line in lines if line["item_type"] == "meeting_fee" and line["earned_on"] == held.on.isoformat()]
    # REM-31: at most two fees a day and one per body, the highest kept: 400 for the council and the executive
    # committee (REM-30 §5 c–e), none for the administration committee (300, §5 f).
    fee_bodies = sorted(attended[source]["body_key"] for fee in fees for source in fee["sources"])
    assert fee_bodies == sorted([COUNCIL, EXECUTIVE])
    assert [(fee["amount"], fee["rule"]) for fee in fees] == [("400.00", "REM-30")] * 2
    # An official reads only their own lines.
    refused(official.get(f"/people/{held.mayor}/lines"), 403)


def test_rem11_rem30_the_mayor_gets_no_meeting_fee(
    gateway: Gateway, admin: httpx.Client, held: Day, approved: Quarter
) -> None:
    mayor = gateway.official(held.mayor)
    attended = attended_on(mayor, held, held.mayor)
    assert {a["body_key"] for a in attended.values()} == {COUNCIL, ADMINISTRATION, EXECUTIVE}
    assert [line for line in every(mayor, f"/people/{held.mayor}/lines") if line["item_type"] == "meeting_fee"] == []
    # The others present at the same meetings were paid their fees.
    fee_sources = {s for line in approved.lines if line["item_type"] == "meeting_fee" for s in line["sources"]}
    same_meetings = {a["meeting_id"] for a in attended.values()}
    paid = {
        a["person_id"]
        for a in ok(admin.get("/attendance", params={"period": held.period}))
        if a["meeting_id"] in same_meetings and f"attendance:{a['event_id']}" in fee_sources
    }
    assert held.member in paid and held.mayor not in paid
    # REM-10: the mayor's pay is 100 % of the chief executive's base salary, which is not set yet: it is shown
    # to the administration as rate pending, never paid as 0.
    pending = [p for p in approved.batch["rate_pending"] if p["recipient_id"] == held.mayor]
    assert pending and {p["item_type"] for p in pending} == {"fixed_pay"}


def test_rem20_documented_loss_is_capped_at_2500_a_day_and_undocumented_paid_by_the_hour(
    gateway: Gateway, held: Day, approved: Quarter
) -> None:
    documented, undocumented = approved.documented, approved.undocumented
    assert (documented["status"], documented["amount"], documented["rule"]) == ("assessed", "2500.00", "REM-20")
    assert "employer statement" in documented["explanation"]
    assert (undocumented["amount"], undocumented["rule"]) == ("360.00", "REM-20")  # 3 hours × 120
    wage_earner = gateway.official(approved.documented["person_id"])
    [claim] = claims_of(wage_earner)
    assert (claim["id"], claim["status"]) == (documented["id"], "approved")
    paid = {line["claim_id"]: line["amount"] for line in approved.lines if line["claim_id"]}
    assert (paid[documented["id"]], paid[undocumented["id"]]) == ("2500.00", "360.00")
    # The day's cap is used up: a claim from a second job the same day is refused and nothing is stored.
    before = claims_of(wage_earner)
    second_job = {**DOCUMENTED, "day": held.on.isoformat(), "documentation_ref": "Lønnstrekk, Kirkenes Hotell"}
    refused(wage_earner.post("/claims", json=second_job), 422, "REM-20")
    # The same claim sent again without an Idempotency-Key is the same claim: 409, not paid twice.
    refused(wage_earner.post("/claims", json={**DOCUMENTED, "day": held.on.isoformat()}), 409)
    assert claims_of(wage_earner) == before


def test_rem40_the_bought_out_day_is_paid_as_buyout_at_the_members_own_rate_not_as_lost_earnings(
    gateway: Gateway, held: Day, approved: Quarter
) -> None:
    claim = approved.bought_out
    assert (claim["status"], claim["rule"], claim["amount"]) == ("rejected", "REM-40", None)
    assert "bought-out day" in claim["explanation"]
    lines = every(gateway.official(held.member), f"/people/{held.member}/lines", period=held.period)
    assert not [line for line in lines if line["claim_id"] == claim["id"]]
    # §7 c: one day a month at his documented 2 300, for the days of the month from the one the rate was
    # recorded from; the days before wait for a rate, never paid at a flat one.
    buyout = [line for line in lines if line["item_type"] == "buyout"]
    month_days = calendar.monthrange(held.on.year, held.on.month)[1]
    share = Decimal(2300) * (month_days - held.on.day + 1) / month_days
    assert buyout and {(line["earned_on"], line["rule"]) for line in buyout} == {(held.on.isoformat(), "REM-40")}
    # A day a month as an executive committee member, and more if he also leads his party group (§7 d).
    prices = {(share * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for days in (1, 2, 3)}
    assert all(Decimal(line["amount"]) in prices for line in buyout)
    assert any(Decimal(line["amount"]) == min(prices) for line in buyout)
    pending = [p for p in approved.batch["rate_pending"] if p["recipient_id"] == held.member]
    assert pending and {(p["item_type"], p["rule"]) for p in pending} == {("buyout", "REM-40")}


def test_rem20_a_wage_earners_undocumented_claim_is_refused_and_not_stored(gateway: Gateway, held: Day) -> None:
    person = held.councillors[-1]
    official = gateway.official(person)
    earner(official, person, "wage_earner")
    before = claims_of(official)
    refused(official.post("/claims", json={**UNDOCUMENTED, "day": held.on.isoformat()}), 422, "REM-20")
    assert claims_of(official) == before


def test_rem05_a_claim_after_the_quarters_deadline_is_kept_as_rejected(
    gateway: Gateway, admin: httpx.Client, held: Day
) -> None:
    person = held.councillors[-2]
    official = gateway.official(person)
    long_ago = held.on - timedelta(days=240)  # a quarter that ended months ago: its deadline has passed (REM-04)
    late = ok(official.post("/claims", json={**TRAVEL, "day": long_ago.isoformat()}), 201)
    assert (late["status"], late["rule"], late["amount"]) == ("rejected", "REM-05", None)
    assert late["period"] == quarter_of(long_ago) and late["claim_deadline"] < held.on.isoformat()
    assert late["decided_by"] == "REM-05"
    # Only an override with a reason admits it; it cannot simply be approved, and stays as it was.
    refused(admin.post(f"/claims/{late['id']}/approve"), 409)
    assert [(c["id"], c["status"], c["version"]) for c in claims_of(official)] == [
        (late["id"], "rejected", late["version"])
    ]


def test_rem90_payroll_pulls_approved_lines_once_and_corrections_as_new_lines(
    gateway: Gateway, meetings: httpx.Client, admin: httpx.Client, payroll: httpx.Client, held: Day, approved: Quarter
) -> None:
    pulled, cursor = pull(payroll, approved.cursor)
    assert pulled == approved.lines and cursor == pulled[-1]["sequence"]
    # REM-04: each line carries the quarter's payout deadline, and so does the batch.
    assert {line["payout_deadline"] for line in pulled} == {approved.batch["payout_deadline"]}
    assert approved.batch["overdue"] is False
    assert pull(payroll, cursor) == ([], cursor)  # pulled again: nothing new

    # The same lines as CSV, and the cursor for the next pull in its header.
    export = payroll.get("/lines.csv", params={"after": approved.cursor})
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [(r["line_id"], r["recipient_id"], r["item_type"], r["amount"], r["currency"]) for r in rows] == [
        (line["line_id"], line["recipient_id"], line["item_type"], line["amount"], "NOK") for line in pulled
    ]
    assert int(export.headers["payroll-cursor"]) == cursor

    # An official is not payroll.
    refused(gateway.official(held.member).get("/payroll/lines"), 403)

    # A changed input: the board leader left a month into the quarter; and a further claim is approved.
    leader = approved.leader
    [allowance] = [
        line
        for line in pulled
        if line["recipient_id"] == leader["person_id"] and line["item_type"] == "phone_allowance"
    ]
    left_on = quarter_start(held.on) + timedelta(days=30)
    ok(meetings.patch(f"/memberships/{leader['id']}", json={"end_date": left_on.isoformat()}))
    official = gateway.official(held.councillors[0])
    travel = ok(official.post("/claims", json={**TRAVEL, "day": held.on.isoformat()}), 201)
    ok(admin.post(f"/claims/{travel['id']}/approve"))
    gateway.events_delivered()

    correction = ok(admin.post("/batches", json={"period": held.period}), 201)
    assert pull(payroll, cursor) == ([], cursor)  # a draft is not for payroll
    assert ok(admin.post(f"/batches/{correction['id']}/approve"))["totals"]["corrections"] == 1
    new, last = pull(payroll, cursor)
    assert new == every(admin, f"/batches/{correction['id']}/lines")
    assert not {line["line_id"] for line in new} & {line["line_id"] for line in pulled}
    # REM-90: approved lines are never edited; the difference comes as a line referencing the one it corrects.
    [corrected] = [line for line in new if line["corrects"]]
    assert corrected["corrects"] == allowance["line_id"] and corrected["recipient_id"] == leader["person_id"]
    assert Decimal(corrected["amount"]) < 0 < Decimal(allowance["amount"]) + Decimal(corrected["amount"])
    [claimed] = [line for line in new if line["claim_id"] == travel["id"]]
    assert (claimed["item_type"], claimed["amount"], claimed["corrects"]) == ("travel", "412.50", None)
    assert pull(payroll, last) == ([], last)
