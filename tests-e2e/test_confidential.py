"""Closed-session and exempt content through the gateway, with real processes (MTG-06/07, ACC-20/23): a
politician's plain meetings:read token no longer reads a closed case's title, recommendation, documents
or motions in the meetings API (meeting, agenda, votes, minutes); the secretariat's meetings:confidential
scope does; the public OParl API shows nothing closed or exempt."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from folkevalgt_devstack.stack import Stack
from folkevalgt_shared.auth import ALL_SCOPES, Scope, mint_dev_token
from folkevalgt_shared.settings import AuthSettings

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
TITLE = "Personalsak: oppsigelse av NN"
RECOMMENDATION = "NN sies opp fra sin stilling"
WARNING = "Advarsel gitt til NN"
APPRAISAL = "Takst over kommunens tomt"
MOTION = "NN sies opp som innstilt"
SECRETS = (TITLE, RECOMMENDATION, WARNING, APPRAISAL, MOTION)


def client(stack: Stack, subject: str, scopes: list[str]) -> httpx.Client:
    token = mint_dev_token(AuthSettings(dev_key_file=stack.topology.var_dir / "dev-signing-key.pem"), subject, scopes)
    return httpx.Client(
        base_url=f"{stack.topology.url('gateway')}/meetings",
        headers={"Authorization": f"Bearer {token}"},
        timeout=15,
    )


@pytest.fixture(scope="module")
def secretariat(stack: Stack) -> Iterator[httpx.Client]:
    with client(stack, "secretariat", list(ALL_SCOPES)) as api:
        yield api


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def document(name: str, external_id: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "external_id": external_id, "url": f"https://sak.example.no/{external_id}.pdf", **extra}


def test_mtg07_acc20_closed_content_only_with_the_confidential_scope(
    stack: Stack, secretariat: httpx.Client, meetings_clock: Callable[[datetime | None], None]
) -> None:
    body = ok(
        secretariat.post(
            "/bodies",
            json={
                "key": "e2e-confidential",
                "name": "Administrasjonsutvalget (e2e)",
                "body_type": "other",
                "seats": 3,
                "quorum": 2,
                "notice_days": 7,
            },
        ),
        201,
    )
    members = []
    for n, role in enumerate(("chair", "member", "member")):
        person = ok(secretariat.post("/people", json={"name": f"Medlem {n}"}), 201)
        membership = {"body_id": body["id"], "person_id": person["id"], "role": role, "start_date": "2023-10-01"}
        ok(secretariat.post("/memberships", json=membership), 201)
        members.append(person["id"])
    starts = datetime.now(UTC) + timedelta(days=14)
    meeting = ok(secretariat.post("/meetings", json={"body_id": body["id"], "starts_at": starts.isoformat()}), 201)
    base = f"/meetings/{meeting['id']}"
    closed = ok(
        secretariat.post(
            f"{base}/agenda",
            json={
                "case_number": "090/26",
                "title": TITLE,
                "recommendation": RECOMMENDATION,
                "closed": True,
                "closed_basis": "Offl. § 25, kommuneloven § 11-5",
                "documents": [document(WARNING, "2026/90-1", exempt=True, exempt_basis="Offl. § 13 jf. fvl. § 13")],
            },
        ),
        201,
    )
    ok(
        secretariat.post(
            f"{base}/agenda",
            json={
                "case_number": "091/26",
                "title": "Salg av tomt",
                "documents": [
                    document("Saksframlegg tomtesalg", "2026/91-1"),
                    document(APPRAISAL, "2026/91-2", exempt=True, exempt_basis="Offl. § 23 første ledd"),
                ],
            },
        ),
        201,
    )
    ok(secretariat.post(f"{base}/notice"))
    meetings_clock(starts)  # MTG-15: the roll call on the meeting's day, at its start
    ok(
        secretariat.post(
            f"{base}/roll-call", json={"notice_approved": True, "agenda_approved": True, "present": members}
        )
    )
    votes = f"{base}/agenda/{closed['id']}/votes"
    ok(secretariat.post(votes, json={"motion": MOTION, "method": "tacit", "final": True}), 201)

    paths = (
        base,
        f"/meetings?body_id={body['id']}",
        f"{base}/order-of-business",
        votes,
        f"{base}/minutes?public=false",
    )
    # A politician of the body, with the token the app gets: the public version everywhere.
    with client(stack, members[1], [Scope.MEETINGS_READ]) as politician:
        for path in paths:
            text = json.dumps(ok(politician.get(path)), ensure_ascii=False)
            assert not [s for s in SECRETS if s in text], path
        agenda = ok(politician.get(base))["agenda"]
        assert [(i["case_number"], i["title"]) for i in agenda] == [
            ("090/26", "Unntatt offentlighet"),
            ("091/26", "Salg av tomt"),
        ]
        assert agenda[1]["documents"] == ["Saksframlegg tomtesalg"]
    # The secretariat and the case-management system, with meetings:confidential: the whole record.
    with client(stack, "case-management-system", [Scope.MEETINGS_READ, Scope.MEETINGS_CONFIDENTIAL]) as system:
        text = json.dumps([ok(system.get(path)) for path in paths], ensure_ascii=False)
        assert all(s in text for s in SECRETS)

    # OParl, without a token: the closed case is a numbered item without title; nothing exempt is published.
    oparl = f"{stack.topology.url('gateway')}/meetings/oparl/1.1"
    published = [ok(httpx.get(f"{oparl}/meeting/{meeting['id']}", timeout=15))]
    for kind in ("agendaitems", "papers", "consultations", "files"):
        url: str | None = f"{oparl}/body/sor-varanger/{kind}"
        while url:
            page = ok(httpx.get(url, timeout=15))
            published += page["data"]
            url = page["links"].get("next")
    text = json.dumps(published, ensure_ascii=False)
    assert not [s for s in SECRETS if s in text] and "090/26" not in text
    assert "Saksframlegg tomtesalg" in text
