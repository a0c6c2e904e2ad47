"""Feedback end to end through the gateway, with real processes and the local SMTP server of `make run`:

- oral input → a memo to the mayor and the chief executive (in the mail sink) → registered with a journal
  number → the sender told by email (in the sink) → the politician sees each status change (FBK-01, FBK-11,
  FBK-20, FBK-21), and another politician sees nothing;
- a proxy (FBK-13) → the access service lets the politician see the resident's confidential case document
  (ACC-50), meetings records the politician as disqualified (fvl § 6 d) when the case is on an agenda of a
  body they sit in, and after the revocation access ends while the disqualification stays;
- a citizen initiative reaching its threshold (FBK-31) appears in meetings (MTG-33), and the initiators
  are told.

The last two need the access service's proxy facts and meetings' handlers of `proxy.*` and
`citizen_initiative.threshold_reached`."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, TypeVar

import httpx
import pytest

from folkevalgt_devstack.mail_sink import read_index
from folkevalgt_devstack.stack import Stack
from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.settings import AuthSettings

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
T = TypeVar("T")
MAYOR_AND_CHIEF_EXECUTIVE = {"ordforer@sor-varanger.kommune.no", "radmann@sor-varanger.kommune.no"}


def wait_for(check: Callable[[], T | None], what: str, timeout: float = 60.0) -> T:
    """Polls `check` until it returns something, or fails naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found is not None and found is not False:
            return found
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


class Users:
    """Clients through the gateway, each with a development token for one caller."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.auth = AuthSettings(dev_key_file=stack.topology.var_dir / "dev-signing-key.pem")
        self.base = stack.topology.url("gateway")
        self.admin = self.client("case-management", ALL_SCOPES)

    def client(self, subject: str, scopes: Any, **claims: str) -> httpx.Client:
        token = mint_dev_token(self.auth, subject, scopes, extra_claims=claims or None)
        return httpx.Client(base_url=self.base, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def politician(self, person_id: str) -> httpx.Client:
        return self.client(person_id, ["feedback:write", "feedback:read", "meetings:read", "access:read"])

    def resident(self, pid: str) -> httpx.Client:
        return self.client(pid, ["feedback:sign"], kommunenummer="5605")

    def mail(self, match: Callable[[dict[str, Any]], bool], what: str) -> EmailMessage:
        """The first message the sink received that matches, parsed."""
        folder = self.stack.topology.mail_dir
        entry = wait_for(lambda: next((e for e in read_index(folder) if match(e)), None), what)
        message = message_from_bytes((folder / entry["file"]).read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        return message

    def members(self, body_key: str) -> list[dict[str, Any]]:
        bodies = ok(self.admin.get("/meetings/bodies", params={"limit": 100}))["items"]
        body = next(b for b in bodies if b["key"] == body_key)
        members: list[dict[str, Any]] = ok(self.admin.get(f"/meetings/bodies/{body['id']}/members"))
        return [m | {"body_id": body["id"]} for m in members]

    def in_feedback_register(self, person_id: str) -> None:
        """The politician reaches feedback's register copy through meetings' events."""
        wait_for(
            lambda: ok(self.admin.get(f"/feedback/register/people/{person_id}/roles")) or None,
            "the politician in the feedback service's register copy",
        )


@pytest.fixture(scope="module")
def users(stack: Stack) -> Iterator[Users]:
    yield Users(stack)


def record(client: httpx.Client, **fields: Any) -> dict[str, Any]:
    body = {
        "channel": "oral",
        "sender": {"kind": "resident", "name": "Kari Nordmann", "email": f"kari-{uuid.uuid4().hex[:8]}@example.no"},
        "text": "Hjemmetjenesten kom ikke til min mor i Bjørnevatn tirsdag kveld, og ingen ga beskjed om det.",
        "unit_key": "helse-og-omsorg",
        "place": "Bjørnevatn",
        "occurred_on": (datetime.now(UTC).date() - timedelta(days=1)).isoformat(),
    } | fields
    result: dict[str, Any] = ok(client.post("/feedback/items", json=body), 201)
    return result


def test_oral_input_reaches_the_mayor_and_chief_executive_and_the_politician_follows_it(users: Users) -> None:
    council = [m for m in users.members("municipal-council") if m["role"] in ("member", "mayor")]
    receiver, other = council[0]["person_id"], council[1]["person_id"]
    users.in_feedback_register(receiver)
    politician = users.politician(receiver)
    item = record(politician)
    sender = item["sender"]["email"]
    assert item["concreteness"]["concrete"] is True and item["status"] == "received"

    # FBK-11: forwarded as a memo drafted from the record, sent to the mayor and the chief executive.
    forwarded = ok(politician.post(f"/feedback/items/{item['id']}/forward", json={}))
    assert forwarded["next_step"]["owner"] == "post_reception"
    memo = users.mail(lambda e: e["item"] == item["id"] and e["purpose"] == "memo", "the memo in the mail sink")
    assert MAYOR_AND_CHIEF_EXECUTIVE <= {a.strip() for a in str(memo["To"]).split(",")}
    for part in ("plain", "html"):
        content = memo.get_body((part,)).get_content()
        assert "Hjemmetjenesten kom ikke til min mor" in content and "Bjørnevatn" in content
        assert "Ordfører og Rådmann" in content

    # FBK-20: the post reception registers it; the journal number follows the year's sequence.
    post = users.admin
    entry = ok(post.post(f"/feedback/items/{item['id']}/register", json={}), 201)
    year = datetime.now(UTC).year
    assert entry["journalnummer"].startswith(f"{year}/") and entry["journalposttype"] == "inngående dokument"
    exported = ok(post.get("/feedback/registry/export", params={"year": year}))
    assert entry["journalnummer"] in [j["journalnummer"] for j in exported["journalposter"]]

    # FBK-11: the sender is told, with the journal number.
    notice = users.mail(lambda e: sender in e["to"], "the notice to the sender in the mail sink")
    assert entry["journalnummer"] in str(notice["Subject"])

    # FBK-21: each status change is visible to the politician who received the input.
    seen = [ok(politician.get(f"/feedback/items/{item['id']}"))["status"]]
    for change in ({"status": "assigned", "unit": "Hjemmetjenesten"}, {"status": "answered"}, {"status": "closed"}):
        ok(post.post(f"/feedback/items/{item['id']}/status", json=change))
        seen.append(ok(politician.get(f"/feedback/items/{item['id']}"))["status"])
    assert seen == ["registered", "assigned", "answered", "closed"]
    history = ok(politician.get(f"/feedback/items/{item['id']}/history"))
    assert [h["status"] for h in history] == ["received", "registered", "assigned", "answered", "closed"]

    # A politician sees only their own items: the wrong person gets nothing.
    stranger = users.politician(other)
    assert stranger.get(f"/feedback/items/{item['id']}").status_code == 404
    assert item["id"] not in [i["id"] for i in ok(stranger.get("/feedback/items", params={"limit": 500}))["items"]]

    # Bad input is refused, naming the field, and nothing is written.
    before = len(ok(politician.get("/feedback/items", params={"limit": 500}))["items"])
    refused = politician.post("/feedback/items", json={"sender": {"kind": "resident", "name": "X"}, "text": " "})
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert {"body.channel", "body.text"} <= {e["field"] for e in refused.json()["errors"]}
    assert len(ok(politician.get("/feedback/items", params={"limit": 500}))["items"]) == before


def _meeting_with_case(users: Users, body_id: str, case_number: str, days_ahead: int) -> tuple[str, str]:
    """A meeting of the body with the resident's case on its agenda, the notice published."""
    starts = datetime.now(UTC) + timedelta(days=days_ahead)
    meeting = ok(
        users.admin.post(
            "/meetings/meetings", json={"body_id": body_id, "starts_at": starts.isoformat(), "location": "Rådhuset"}
        ),
        201,
    )
    item = ok(
        users.admin.post(
            f"/meetings/meetings/{meeting['id']}/agenda",
            json={
                "case_number": case_number,
                "title": "Klage på vedtak om helsetjenester",
                "closed": True,
                "closed_basis": "Offl. § 13 jf. fvl. § 13",
            },
        ),
        201,
    )
    ok(users.admin.post(f"/meetings/meetings/{meeting['id']}/notice"))
    return meeting["id"], item["id"]


def _disqualified(users: Users, meeting_id: str, item_id: str, person_id: str) -> dict[str, Any] | None:
    found = ok(users.admin.get(f"/meetings/meetings/{meeting_id}/agenda/{item_id}/disqualifications"))
    return next((d for d in found if d["person_id"] == person_id), None)


def test_a_proxy_opens_the_residents_case_and_disqualifies_the_politician_for_good(users: Users) -> None:
    committee = [m for m in users.members("living-conditions-committee") if m["role"] in ("member", "chair")]
    proxy_person, body_id = committee[0]["person_id"], committee[0]["body_id"]
    users.in_feedback_register(proxy_person)
    politician = users.politician(proxy_person)
    case_number = f"{datetime.now(UTC).year}/{uuid.uuid4().int % 90000 + 10000}"
    external_id = f"journalpost-{uuid.uuid4().hex[:10]}"
    # The case-management system has the resident's case and a confidential document in it (ACC-20, ACC-65).
    ok(users.admin.post("/access/cases", json={"case_number": case_number, "title": "Klage på helsetjenester"}), 201)
    ok(
        users.admin.post(
            "/access/documents",
            json={
                "external_id": external_id,
                "case_number": case_number,
                "title": "Legeerklæring",
                "restriction_code": "UO",
                "screening_basis": "Offl. § 13 jf. fvl. § 13 (1) nr. 1",
                "screening_scope": "whole",
            },
        ),
        201,
    )

    def decision() -> dict[str, Any]:
        found = ok(users.admin.get("/access/decisions", params={"person": proxy_person, "external_id": external_id}))
        result: dict[str, Any] = found["decision"]
        return result

    assert decision()["outcome"] == "deny"

    item = record(politician, sender={"kind": "resident", "name": "Ola Nordmann", "email": "ola@example.no"})
    proxy = ok(
        politician.post(
            f"/feedback/items/{item['id']}/proxy",
            json={
                "power_of_attorney": {"written": True, "document_ref": f"{case_number}-3"},
                "case_numbers": [case_number],
                "valid_from": datetime.now(UTC).date().isoformat(),
            },
        ),
        201,
    )
    # ACC-50: the proxy sees the resident's confidential document.
    allowed = wait_for(lambda: (d := decision())["outcome"] == "allow" and d, "access allows the proxy (ACC-50)")
    assert "ACC-50" in allowed["rules"]

    # fvl § 6 d: on the agenda of a body the proxy sits in, the proxy is disqualified.
    meeting_id, agenda_id = _meeting_with_case(users, body_id, case_number, days_ahead=20)
    recorded = wait_for(
        lambda: _disqualified(users, meeting_id, agenda_id, proxy_person), "meetings records the disqualification"
    )
    assert recorded["ground"] == "fvl_6_d"

    # Revoked: access ends, the disqualification stays — also for the case's next meeting.
    ok(politician.post(f"/feedback/proxies/{proxy['id']}/revoke", json={"reason": "Saken er avgjort"}))
    wait_for(lambda: decision()["outcome"] == "deny", "access ends with the revocation (ACC-50)")
    assert _disqualified(users, meeting_id, agenda_id, proxy_person) is not None
    later_meeting, later_item = _meeting_with_case(users, body_id, case_number, days_ahead=40)
    wait_for(
        lambda: _disqualified(users, later_meeting, later_item, proxy_person),
        "still disqualified after the proxy ended (fvl § 6 d)",
    )


def test_an_initiative_with_its_signatures_goes_to_the_council(users: Users) -> None:
    title = f"Lys i lysløypa {uuid.uuid4().hex[:6]}"
    starter = users.resident(f"e2e-{uuid.uuid4().hex}")
    contact = f"initiativ-{uuid.uuid4().hex[:8]}@example.no"
    initiative = ok(
        starter.post(
            "/feedback/initiatives",
            json={"title": title, "proposal": f"Kommunestyret ber om lys i lysløypa ({title}).", "contact": contact},
        ),
        201,
    )
    assert initiative["threshold"] == min(-(-initiative["population"] * 2 // 100), 300)
    first = users.resident(f"e2e-{uuid.uuid4().hex}")
    ok(first.post(f"/feedback/initiatives/{initiative['id']}/signatures"), 201)
    twice = first.post(f"/feedback/initiatives/{initiative['id']}/signatures")
    assert twice.status_code == 409 and twice.json()["rule"] == "FBK-31"
    last: dict[str, Any] = {}
    for _ in range(initiative["threshold"] - 1):
        last = ok(
            users.resident(f"e2e-{uuid.uuid4().hex}").post(f"/feedback/initiatives/{initiative['id']}/signatures"), 201
        )
    assert last["status"] == "put_forward" and last["signatures"] == initiative["threshold"]

    def in_meetings() -> dict[str, Any] | None:
        found = ok(users.admin.get("/meetings/citizen-initiatives"))
        return next((i for i in found if i["id"] == initiative["id"] or i["title"] == title), None)

    created = wait_for(in_meetings, "the initiative in meetings (MTG-33)")
    assert created["signatures"] == initiative["threshold"] and created["deadline"] is not None
    users.mail(lambda e: contact in e["to"], "the initiators told")
