"""Document access through the gateway, with real processes (ACC-01..71).

The administration committee (administrasjonsutvalget) treats an appointment, run through the meetings API:
scheduled, its case put on the agenda with three documents (a public case presentation, the applicant list
exempt under Offl. § 25, certificates under a duty of confidentiality), and given notice, which publishes
case.presented to access. The case-management system registers a parallel case (another applicant's claim
to the same post, in the same competition group), an unrelated finished case, and a resident's case.

An employee representative in the committee — not a council member — sees the case's documents within the
committee's remit (ACC-04, ACC-06) but not the confidential one, which is not even listed (ACC-20, ACC-71);
once the committee demands it by a majority decision (decision.made) and the secretariat records the grant,
she sees it, and a council member outside the committee still does not (ACC-21). A committee member found
disqualified (member.disqualified) loses the case and its parallel case, not an unrelated one (ACC-40/41).
A council member acting as a resident's proxy (proxy.authorized, published signed into access's inbox)
sees that resident's case and only it, until the proxy is revoked (ACC-50). Every decision is in the audit
trail, which verifies (ACC-70); a joint demand of two is refused and nothing is written (ACC-01).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from folkevalgt_devstack.stack import Stack
from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.contracts import EventData, ProxyAuthorizedV1, ProxyRevokedV1
from folkevalgt_shared.events.envelope import build_envelope, signed_headers
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET, AuthSettings

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
COMMITTEE = "administration-committee"
CASE, PARALLEL, UNRELATED, RESIDENT = "081/26", "082/26", "083/26", "084/26"
CONFIDENTIAL = "Offl. § 13 jf. fvl. § 13 (1) nr. 1"


class Gateway:
    def __init__(self, stack: Stack) -> None:
        self.url = stack.topology.url("gateway")
        self.access_inbox = f"{stack.topology.url('access')}/events"
        self.auth = AuthSettings(dev_key_file=stack.topology.var_dir / "dev-signing-key.pem")
        self.clients = ExitStack()

    def client(self, service: str, subject: str, *scopes: str) -> httpx.Client:
        token = mint_dev_token(self.auth, subject, scopes)
        return self.clients.enter_context(
            httpx.Client(base_url=f"{self.url}/{service}", headers={"Authorization": f"Bearer {token}"}, timeout=15)
        )


@pytest.fixture(scope="module")
def gateway(stack: Stack) -> Iterator[Gateway]:
    gw = Gateway(stack)
    with gw.clients:
        yield gw


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(response: httpx.Response, status: int, rule: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem.get("rule") == rule, problem
    return problem


def publish_to_access(gateway: Gateway, data: EventData) -> None:
    """What the feedback service's relay would do: a signed CloudEvent into access's inbox."""
    event_id, payload = build_envelope(data, subject=str(getattr(data, "proxy_id", "")))
    response = httpx.post(
        gateway.access_inbox, content=payload, headers=signed_headers(DEV_WEBHOOK_SECRET, event_id, payload), timeout=15
    )
    assert ok(response)["status"] == "processed"


def test_access_to_case_documents_decided_by_the_rules(
    gateway: Gateway, meetings_events_delivered: Callable[[], None], short_notice: Any
) -> None:
    secretariat = gateway.client("meetings", "secretariat", *ALL_SCOPES)
    case_system = gateway.client("access", "case-management-system", "access:write", "access:decide", "access:read")
    auditor = gateway.client("access", "control-committee-secretary", "access:audit")

    committee = next(b for b in ok(secretariat.get("/bodies", params={"limit": 100}))["items"] if b["key"] == COMMITTEE)
    council = next(
        b for b in ok(secretariat.get("/bodies", params={"limit": 100}))["items"] if b["key"] == "municipal-council"
    )
    members = ok(secretariat.get(f"/bodies/{committee['id']}/members"))
    council_members = {m["person_id"] for m in ok(secretariat.get(f"/bodies/{council['id']}/members"))}
    employee = next(m["person_id"] for m in members if m["on_behalf_of"] == "employees")
    disqualified = next(m["person_id"] for m in members if m["role"] == "member" and m["person_id"] in council_members)
    outsiders = [p for p in sorted(council_members) if p not in {m["person_id"] for m in members}]
    council_member, proxy = outsiders[0], outsiders[1]
    assert employee not in council_members

    def official(person_id: str) -> httpx.Client:
        return gateway.client("access", person_id, "access:read")

    today = datetime.now(UTC).date().isoformat()
    for person_id in (employee, disqualified, council_member, proxy):
        ok(case_system.post("/declarations", json={"person_id": person_id, "signed_on": "2023-10-16"}), 201)

    # The case-management system: the parallel applicant's case, an unrelated finished case, a resident's case.
    finished = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    for number, fields in (
        (CASE, {"owning_body": COMMITTEE, "competition_group": "enhetsleder-renhold-2026"}),
        (
            PARALLEL,
            {"owning_body": COMMITTEE, "competition_group": "enhetsleder-renhold-2026", "finished_at": finished},
        ),
        (UNRELATED, {"owning_body": COMMITTEE, "finished_at": finished}),
        (RESIDENT, {"owning_body": "living-conditions-committee"}),
    ):
        ok(case_system.post("/cases", json={"case_number": number, "title": f"Sak {number}", **fields}), 201)
    for number, basis, scope in (
        (PARALLEL, "Offl. § 25", "whole"),
        (UNRELATED, "Offl. § 14", "whole"),
        (RESIDENT, CONFIDENTIAL, "whole"),
    ):
        ok(
            case_system.post(
                "/documents",
                json={
                    "case_number": number,
                    "external_id": f"{number}-1",
                    "title": f"Dokument i {number}",
                    "restriction_code": "UO",
                    "screening_basis": basis,
                    "screening_scope": scope,
                    "screened_fields": ["title"] if basis == CONFIDENTIAL else [],
                },
            ),
            201,
        )

    # The meetings service: the appointment on the committee's agenda, notice given: case.presented.
    starts = short_notice.start()
    meeting = ok(
        secretariat.post(
            "/meetings",
            json={
                "body_id": committee["id"],
                # The committee meets now (the roll call is on the meeting's day, after its start: MTG-15),
                # called at short notice with the reason recorded (MTG-06), so its decision is today's.
                "starts_at": starts.isoformat(),
                "location": "Rådhuset, møterom 2",
            },
        ),
        201,
    )
    base = f"/meetings/{meeting['id']}"
    item = ok(
        secretariat.post(
            f"{base}/agenda",
            json={
                "case_number": CASE,
                "title": "Tilsetting av enhetsleder renhold",
                "documents": [
                    {"name": "Saksframlegg"},
                    {"name": "Søkerliste", "exempt": True, "exempt_basis": "Offl. § 25"},
                    {"name": "Attester og vitnemål", "exempt": True, "exempt_basis": CONFIDENTIAL},
                ],
            },
        ),
        201,
    )
    ok(secretariat.post(f"{base}/notice", json={"late_reason": "Hastesak"}))
    meetings_events_delivered()

    documents = {d["title"]: d["id"] for d in ok(case_system.get("/documents", params={"case_number": CASE}))["items"]}
    secret = documents["Attester og vitnemål"]

    # ACC-04/06: within the committee's remit, after presentation; ACC-71: the confidential one is not listed.
    listing = ok(official(employee).get(f"/cases/{CASE}/documents"))
    assert listing["count"] == 2 and listing["case"]["stage"] == "presented"
    seen = {i["title"]: i["decision"] for i in listing["items"]}
    assert seen["Saksframlegg"]["rules"] == ["ACC-60"]
    assert seen["Søkerliste"]["outcome"] == "allow" and {"ACC-04", "ACC-06", "ACC-10"} <= set(
        seen["Søkerliste"]["rules"]
    )
    asked = ok(official(employee).post("/requests", json={"case_number": CASE, "document_id": secret}), 201)
    assert (asked["outcome"], asked["scope"], asked["documents"]) == ("deny", "none", [])
    why = ok(case_system.get("/decisions", params={"person": employee, "document": secret}))["decision"]
    assert why["outcome"] == "deny" and why["rules"] == ["ACC-20"] and "ACC-21" in why["would_change"][0]

    # The committee meets: a member found disqualified (member.disqualified), then a majority demands the
    # confidential information (decision.made), and the secretariat records the grant with its reference.
    expected = [p["person_id"] for p in ok(secretariat.get(f"{base}/participants")) if p["status"] == "expected"]
    short_notice.wait(starts)
    ok(
        secretariat.post(
            f"{base}/roll-call", json={"notice_approved": True, "agenda_approved": True, "present": expected}
        )
    )
    case_path = f"{base}/agenda/{item['id']}"
    question = {"person_id": disqualified, "ground": "fvl_6_b", "decision": {"method": "tacit"}}  # MTG-14: by vote
    ok(secretariat.post(f"{case_path}/disqualifications", json=question), 201)
    vote = ok(
        secretariat.post(
            f"{case_path}/votes",
            json={
                "motion": "Utvalget krever innsyn i taushetsbelagte opplysninger i saken (innsynsreglementet pkt. 3.1)",
                "method": "show_of_hands",
                "against": [],
            },
        ),
        201,
    )
    assert vote["result"] == "adopted"
    meetings_events_delivered()
    grant = ok(
        case_system.post(
            "/grants",
            json={
                "kind": "majority",
                "body_key": COMMITTEE,
                "decision_ref": f"ADM-sak {CASE}, møte {today}",
                "decided_on": today,
                "meeting_id": meeting["id"],
                "case_number": CASE,
            },
        ),
        201,
    )
    assert grant["status"] == "verified"

    listing = ok(official(employee).get(f"/cases/{CASE}/documents"))
    assert listing["count"] == 3
    certificate = next(i for i in listing["items"] if i["id"] == secret)
    assert certificate["decision"]["outcome"] == "allow" and "ACC-21" in certificate["decision"]["rules"]
    # For that body only: a council member outside the committee is still refused.
    outside = ok(case_system.get("/decisions", params={"person": council_member, "document": secret}))["decision"]
    assert outside["outcome"] == "deny" and outside["rules"] == ["ACC-20"]
    assert ok(official(council_member).get(f"/cases/{CASE}/documents"))["count"] == 2

    # ACC-40/41: the disqualified member, though in the body holding the grant, loses the case and the parallel
    # case; an unrelated case stays open to him as a council member (ACC-01).
    own = ok(official(disqualified).get(f"/cases/{CASE}/documents"))
    assert [i["title"] for i in own["items"]] == ["Saksframlegg"]  # what the public may see (ACC-60)
    for title in ("Søkerliste", "Attester og vitnemål"):
        lost = ok(case_system.get("/decisions", params={"person": disqualified, "document": documents[title]}))
        assert lost["decision"]["outcome"] == "deny" and lost["decision"]["rules"][0] == "ACC-40"
    parallel = ok(official(disqualified).get(f"/cases/{PARALLEL}/documents"))["items"][0]["decision"]
    assert parallel["outcome"] == "deny" and "ACC-41" in parallel["rules"]
    unrelated = ok(official(disqualified).get(f"/cases/{UNRELATED}/documents"))["items"][0]["decision"]
    assert unrelated["outcome"] == "allow" and "ACC-01" in unrelated["rules"]

    # ACC-50: a council member as a resident's proxy sees that resident's case, not yet presented, and only it.
    proxy_id = uuid.uuid4()
    power = {
        "proxy_id": proxy_id,
        "person_id": uuid.UUID(proxy),
        "resident_ref": "innbygger-4711",
        "case_numbers": [RESIDENT],
        "power_of_attorney_ref": "Fullmakt 2026/912-1",
        "valid_from": datetime.now(UTC).date() - timedelta(days=2),
        "changed_at": datetime.now(UTC),
    }
    publish_to_access(gateway, ProxyAuthorizedV1(**power, version=1))
    resident = ok(official(proxy).get(f"/cases/{RESIDENT}/documents"))
    assert [(i["decision"]["outcome"], i["decision"]["rules"]) for i in resident["items"]] == [("allow", ["ACC-50"])]
    assert ok(official(proxy).get(f"/cases/{CASE}/documents"))["count"] == 2  # not another resident's case
    publish_to_access(gateway, ProxyRevokedV1(**power, version=2, revoked_at=datetime.now(UTC)))
    after = ok(case_system.get("/decisions", params={"person": proxy, "external_id": f"{RESIDENT}-1"}))["decision"]
    assert after["outcome"] == "deny" and {"ACC-40", "ACC-50"} <= set(after["rules"])
    assert ok(official(proxy).get(f"/cases/{RESIDENT}/documents"))["count"] == 0

    # ACC-01: a joint demand needs three council members; two are refused and nothing is written.
    refused(
        case_system.post(
            "/joint-demands",
            json={"signatories": [council_member, proxy], "case_numbers": [CASE], "demanded_on": today},
        ),
        422,
        "ACC-01",
    )
    assert ok(case_system.get("/joint-demands"))["items"] == []
    # An official asks only for themself.
    refused(official(employee).post("/requests", json={"case_number": CASE, "person_id": council_member}), 403)

    # ACC-70: who asked about whom, what was decided and why; the chain verifies.
    trail = ok(auditor.get("/audit", params={"person_id": employee, "limit": 500}))["items"]
    actions = [e["action"] for e in trail]
    assert "request_decided" in actions and "decide" in actions and "list_case_documents" in actions
    assert ok(auditor.get("/audit/verify"))["valid"] is True
    refused(official(employee).get("/audit"), 403)
