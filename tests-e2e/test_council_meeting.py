"""A whole council meeting through the gateway, on the seeded council of 25 (MTG-01..38)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from folkevalgt_devstack.stack import Stack
from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.settings import AuthSettings

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
SCHEMAS = Path(__file__).resolve().parents[1] / "services" / "meetings" / "tests" / "oparl-schema"


@pytest.fixture(scope="module")
def api(stack: Stack) -> Iterator[httpx.Client]:
    token = mint_dev_token(
        AuthSettings(dev_key_file=stack.topology.var_dir / "dev-signing-key.pem"), "secretariat", ALL_SCOPES
    )
    with httpx.Client(
        base_url=f"{stack.topology.url('gateway')}/meetings", headers={"Authorization": f"Bearer {token}"}, timeout=15
    ) as client:
        yield client


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_a_council_meeting_from_notice_to_published_minutes(api: httpx.Client) -> None:
    council = next(b for b in ok(api.get("/bodies", params={"limit": 100}))["items"] if b["key"] == "municipal-council")
    starts = datetime.now(UTC) + timedelta(days=20)
    day = starts.date().isoformat()
    members = ok(api.get(f"/bodies/{council['id']}/members", params={"on": day}))
    people = {p["id"]: p for p in ok(api.get("/people", params={"limit": 500}))["items"]}
    seated = [m for m in members if m["role"] in ("member", "mayor", "deputy_mayor")]
    mayor = next(m["person_id"] for m in seated if m["role"] == "mayor")
    assert len(seated) == 25

    meeting = ok(
        api.post(
            "/meetings", json={"body_id": council["id"], "starts_at": starts.isoformat(), "location": "Kirkenes rådhus"}
        ),
        201,
    )
    base = f"/meetings/{meeting['id']}"
    case = ok(api.post(f"{base}/agenda", json={"case_number": "070/26", "title": "Skolebruksplan"}), 201)
    election = ok(api.post(f"{base}/agenda", json={"case_number": "071/26", "title": "Valg av styre"}), 201)
    budget = ok(
        api.post(f"{base}/agenda", json={"case_number": "072/26", "title": "Budsjett 2027", "budget": True}), 201
    )

    # MTG-10: an Ap member reports absence, the first Ap deputy is summoned.
    absent = next(m for m in seated if m["party_group"] == "Ap" and m["role"] == "member")
    summons = ok(api.post(f"{base}/absences", json={"person_id": absent["person_id"], "reason": "Syk"}), 201)
    first_deputy = min(
        (m for m in members if m["role"] == "deputy" and m["party_group"] == "Ap"), key=lambda m: m["deputy_order"]
    )
    assert summons["summoned"]["person_id"] == first_deputy["person_id"]
    # MTG-30: a question in good time.
    asker = seated[1]["person_id"]
    question = ok(
        api.post(
            f"{base}/questions",
            json={"asker_id": asker, "kind": "question", "text": "Når kommer ny barnehage i Bjørnevatn?"},
        ),
        201,
    )
    assert question["in_time"] is True
    # MTG-01/06: 20 days is enough even with a budget case (14 days).
    ok(api.post(f"{base}/notice"))

    expected = [p["person_id"] for p in ok(api.get(f"{base}/participants")) if p["status"] == "expected"]
    assert len(expected) == 25 and first_deputy["person_id"] in expected
    # MTG-15: notice and agenda approved without objection; two members present appointed to approve the minutes.
    signatories = [p for p in expected if p != mayor][:2]
    opened = ok(api.post(f"{base}/roll-call", json={"present": expected, "signatories": signatories}))
    assert opened["chair_id"] == mayor  # MTG-09

    # MTG-14: one member disqualified in the first case; 24 vote; 12–12 → the mayor's casting vote (MTG-25).
    disqualified = next(p for p in expected if p not in (mayor, first_deputy["person_id"]))
    ok(
        api.post(
            f"{base}/agenda/{case['id']}/disqualifications", json={"person_id": disqualified, "ground": "fvl_6_b"}
        ),
        201,
    )
    voters = [p for p in expected if p != disqualified]
    against = [p for p in voters if p != mayor][:12]
    ballots = [{"voter_id": p, "option": "against" if p in against else "for"} for p in voters]
    decision = ok(
        api.post(f"{base}/agenda/{case['id']}/votes", json={"motion": "Innstillingen", "ballots": ballots}), 201
    )
    assert decision["result"] == "adopted" and decision["casting_vote"] is True

    # MTG-26/27: three tied for the last two places → lots; then the second woman moves up.
    men = [p for p in people.values() if p["gender"] == "male"][:4]
    women = [p for p in people.values() if p["gender"] == "female"][:2]
    votes = {
        men[0]["id"]: 20,
        men[1]["id"]: 18,
        men[2]["id"]: 15,
        men[3]["id"]: 15,
        women[0]["id"]: 15,
        women[1]["id"]: 2,
    }
    result = ok(
        api.post(
            f"{base}/agenda/{election['id']}/elections",
            json={
                "kind": "election",
                "round": 2,
                "places": 4,
                "votes": votes,
                "lottery_seed": "Vitner: gruppelederne, sak 071/26",
            },
        ),
        201,
    )
    assert set(result["lottery"]["among"]) == {men[2]["id"], men[3]["id"], women[0]["id"]}
    assert women[0]["id"] in result["elected"] and women[1]["id"] in result["elected"]  # ≥ 40 % of 4 = 2 women
    assert men[0]["id"] in result["elected"] and women[1]["id"] in result["moved_up"]

    # MTG-24 budget: a vote on the whole.
    whole = [{"voter_id": p, "option": "for"} for p in expected]
    assert (
        ok(
            api.post(f"{base}/agenda/{budget['id']}/votes", json={"motion": "Budsjettet som helhet", "ballots": whole}),
            201,
        )["result"]
        == "adopted"
    )

    ok(api.post(f"{base}/close"))
    for approver in [mayor, *signatories]:  # MTG-37: approved by the chair and the signatories, then published
        ok(api.post(f"{base}/minutes/approvals", json={"person_id": approver}), 201)
    minutes = ok(api.post(f"{base}/minutes/publish"))
    assert minutes["opening"]["notice_approved"] and len(minutes["signatories"]) == 3
    assert minutes["chair"] == people[mayor]["name"] and len(minutes["present"]) == 25
    assert [c["case_number"] for c in minutes["cases"]] == ["070/26", "071/26", "072/26"]
    assert minutes["cases"][0]["votes"][0]["casting_vote"] is True
    assert minutes["questions"][0]["in_time"] is True and minutes["overdue"] is False

    oparl = ok(httpx.get(f"{str(api.base_url).rstrip('/')}/oparl/1.1/meeting/{meeting['id']}"))  # no token
    schema = json.loads((SCHEMAS / "Meeting.json").read_text())
    jsonschema.validate(oparl, schema)
    assert [i["result"] for i in oparl["agendaItem"] if "result" in i] == ["adopted", "adopted"]
