"""A whole council meeting through the gateway, on the seeded council of 25 (MTG-01..38): notice, absence
with a deputy, a late arrival and a leave, a disqualified member, proposals and the chair's casting vote,
a closed case, an election by lot with gender move-up, the budget's test votes, a question, a minutes
remark and the published minutes; then the public OParl output, checked against the OParl schemas.
Refused requests answer problem+json with the rule id and change nothing."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import jsonschema
import pytest

from folkevalgt_devstack.stack import Stack
from folkevalgt_shared.auth import ALL_SCOPES, mint_dev_token
from folkevalgt_shared.settings import AuthSettings

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
SCHEMAS = Path(__file__).resolve().parents[1] / "services" / "meetings" / "tests" / "oparl-schema"
CLOSED_TITLE = "Tilsetting av kommunedirektør"
CLOSED_DOCUMENT = "Søkerliste kommunedirektør"
DOCUMENTS = "https://sak.sor-varanger.kommune.no/dokument"


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


def refused(response: httpx.Response, status: int, rule: str | None = None) -> dict[str, Any]:
    """A 4xx problem+json (RFC 9457) naming the municipal rule that refused the request."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem.get("rule") == rule, problem
    return problem


def validate(obj: dict[str, Any]) -> None:
    """The object and every object embedded in it against the OParl 1.1 schema of its type."""
    kind = obj["type"].rsplit("/", 1)[1]
    jsonschema.validate(obj, json.loads((SCHEMAS / f"{kind}.json").read_text()))
    for value in obj.values():
        for nested in value if isinstance(value, list) else [value]:
            if isinstance(nested, dict) and "type" in nested:
                validate(nested)


def public(url: str) -> Any:
    """OParl is read without a token."""
    return ok(httpx.get(url, timeout=15))


def every(url: str) -> list[dict[str, Any]]:
    """Every object of an OParl list, following its next links."""
    page = public(url)
    out = list(page["data"])
    while "next" in page["links"]:
        page = public(page["links"]["next"])
        out += page["data"]
    return out


def document(name: str) -> dict[str, Any]:
    slug = quote(name.replace(" ", "-"))
    return {"name": name, "file_name": f"{slug}.pdf", "mime_type": "application/pdf", "url": f"{DOCUMENTS}/{slug}.pdf"}


def test_a_council_meeting_from_notice_to_published_minutes(
    api: httpx.Client, meetings_clock: Callable[[datetime | None], None]
) -> None:
    council = next(b for b in ok(api.get("/bodies", params={"limit": 100}))["items"] if b["key"] == "municipal-council")
    starts = datetime.now(UTC) + timedelta(days=20)
    day = starts.date().isoformat()
    members = ok(api.get(f"/bodies/{council['id']}/members", params={"on": day}))
    people = {p["id"]: p for p in ok(api.get("/people", params={"limit": 500}))["items"]}
    seated = [m for m in members if m["role"] in ("member", "mayor", "deputy_mayor")]
    mayor = next(m["person_id"] for m in seated if m["role"] == "mayor")
    assert len(seated) == 25

    def name(person_id: str) -> str:
        return str(people[person_id]["name"])

    meeting = ok(
        api.post(
            "/meetings", json={"body_id": council["id"], "starts_at": starts.isoformat(), "location": "Kirkenes rådhus"}
        ),
        201,
    )
    base = f"/meetings/{meeting['id']}"
    # The case documents come from the case-management system with their URLs; published unless exempt (MTG-06).
    school = ok(
        api.post(
            f"{base}/agenda",
            json={
                "case_number": "070/26",
                "title": "Skolebruksplan",
                "recommendation": "Skolebruksplanen vedtas.",
                "documents": [document("Saksframlegg skolebruksplan"), document("Elevtallsprognose")],
            },
        ),
        201,
    )
    # MTG-07: treated behind closed doors, with its legal basis.
    closed = ok(
        api.post(
            f"{base}/agenda",
            json={
                "case_number": "071/26",
                "title": CLOSED_TITLE,
                "closed": True,
                "closed_basis": "Offl. § 25, kommuneloven § 11-5",
                "documents": [document(CLOSED_DOCUMENT)],
            },
        ),
        201,
    )
    election = ok(api.post(f"{base}/agenda", json={"case_number": "072/26", "title": "Valg av styre"}), 201)
    budget = ok(
        api.post(f"{base}/agenda", json={"case_number": "073/26", "title": "Budsjett 2027", "budget": True}), 201
    )
    school_case, closed_case, budget_case = (f"{base}/agenda/{c['id']}" for c in (school, closed, budget))

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

    # MTG-06: another meeting five days ahead cannot be given notice any more; nothing changes.
    hasty = ok(
        api.post("/meetings", json={"body_id": council["id"], "starts_at": (starts - timedelta(days=15)).isoformat()}),
        201,
    )
    ok(api.post(f"/meetings/{hasty['id']}/agenda", json={"case_number": "074/26", "title": "Vinterbrøyting"}), 201)
    before = ok(api.get(f"/meetings/{hasty['id']}"))
    refused(api.post(f"/meetings/{hasty['id']}/notice"), 422, "MTG-06")
    assert ok(api.get(f"/meetings/{hasty['id']}")) == before and before["notice_published_at"] is None

    expected = [p["person_id"] for p in ok(api.get(f"{base}/participants")) if p["status"] == "expected"]
    assert len(expected) == 25 and first_deputy["person_id"] in expected
    regulars = [p for p in expected if p not in (mayor, first_deputy["person_id"])]
    parties = {m["person_id"]: m["party_group"] for m in members}
    deputies_of = {m["party_group"] for m in members if m["role"] == "deputy" and m["party_group"] != "Ap"}
    # Who does what: a member arriving late, one who is given leave, one disqualified, proposers.
    late, leaving = regulars[-1], regulars[-2]
    disqualified = next(p for p in regulars if parties[p] in deputies_of)
    proposer, withdrawer, too_late, remarker, *others = [p for p in regulars[:-2] if p != disqualified]
    signatories = others[:2]

    # MTG-15: the meeting's day has come: the roll call is taken at its start, not before.
    early = {"notice_approved": True, "agenda_approved": True, "present": expected}
    refused(api.post(f"{base}/roll-call", json=early), 422, "MTG-15")
    meetings_clock(starts)
    # MTG-15: 24 present at the roll call; notice and agenda approved; two members appointed to sign the minutes.
    present = [p for p in expected if p != late]
    opened = ok(
        api.post(
            f"{base}/roll-call",
            json={"notice_approved": True, "agenda_approved": True, "present": present, "signatories": signatories},
        )
    )
    assert opened["chair_id"] == mayor and opened["present"] == 24  # MTG-09

    # --- Case 070/26 -------------------------------------------------------------------------------
    # MTG-13/14: the council finds one member disqualified, by a vote he takes no part in; a deputy of the list
    # comes for this case only.
    question = {"person_id": disqualified, "ground": "fvl_6_b"}
    refused(api.post(f"{school_case}/disqualifications", json=question), 422, "MTG-14")  # the council decides
    ruling = ok(api.post(f"{school_case}/disqualifications", json=question | {"decision": {"method": "tacit"}}), 201)
    assert ruling["decided_by"] == "body" and ruling["votes_for"] == 23
    case_deputy = ruling["substitute_id"]
    assert case_deputy is not None
    ok(api.post(f"{school_case}/disqualifications/{ruling['id']}/substitute-arrived"))

    # MTG-20: proposals in writing from members taking part; one is withdrawn and stays recorded.
    alternative = ok(
        api.post(
            f"{school_case}/proposals",
            json={"proposer_id": proposer, "kind": "alternative", "text": "Bugøynes skole opprettholdes."},
        ),
        201,
    )
    amendment = ok(
        api.post(
            f"{school_case}/proposals",
            json={"proposer_id": withdrawer, "kind": "amendment", "text": "Planen evalueres etter to år."},
        ),
        201,
    )
    assert ok(api.post(f"{school_case}/proposals/{amendment['id']}/withdraw"))["status"] == "withdrawn"

    # MTG-21: the chair opens voting; from now no new proposal.
    treatment = ok(api.post(f"{school_case}/voting"))
    assert treatment["voting_open"] is True
    proposals = ok(api.get(f"{school_case}/proposals"))
    refused(
        api.post(f"{school_case}/proposals", json={"proposer_id": too_late, "kind": "addition", "text": "Og mer."}),
        422,
        "MTG-21",
    )
    assert ok(api.get(f"{school_case}/proposals")) == proposals
    assert [(p["id"], p["status"]) for p in proposals] == [(alternative["id"], "made"), (amendment["id"], "withdrawn")]
    # MTG-12: no leave while the case is being voted on.
    refused(api.post(f"{base}/leaves", json={"person_id": leaving, "application": "Fly til Oslo"}), 422, "MTG-12")

    # MTG-16: a member arriving during the vote reports to the chair and joins from the next case.
    arrival = ok(api.post(f"{base}/arrivals", json={"person_id": late}), 201)
    assert arrival["joins_from"] == closed["id"]
    voters = ok(api.get(f"{school_case}/treatment"))["taking_part"]
    assert len(voters) == 24 and case_deputy in voters and disqualified not in voters and late not in voters

    # MTG-22: only those taking part vote; an unknown voter, or the late arrival, is refused and nothing is stored.
    against = [p for p in voters if p != mayor][:12]
    ballots = [{"voter_id": p, "option": "against" if p in against else "for"} for p in voters]
    vote = {"motion": "Innstillingen", "ballots": ballots, "final": True}
    for stranger in (str(uuid.uuid4()), late):
        wrong = [*ballots[1:], {"voter_id": stranger, "option": "for"}]
        refused(api.post(f"{school_case}/votes", json=vote | {"ballots": wrong}), 422, "MTG-22")
    assert ok(api.get(f"{school_case}/votes")) == []
    # MTG-25: 12–12, the mayor's casting vote decides; the vote decides the case (MTG-21).
    decision = ok(api.post(f"{school_case}/votes", json=vote), 201)
    assert decision["result"] == "adopted" and decision["casting_vote"] is True and decision["final"] is True
    # MTG-21: the case is decided: another vote in it is refused and nothing is stored.
    refused(api.post(f"{school_case}/votes", json=vote), 409, "MTG-21")
    assert [v["id"] for v in ok(api.get(f"{school_case}/votes"))] == [decision["id"]]

    # MTG-36: a minutes remark on the case, allowed by the chair.
    remark = ok(
        api.post(
            f"{base}/remarks",
            json={
                "person_id": remarker,
                "agenda_item_id": school["id"],
                "text": "Representanten mener saken burde vært sendt på høring til ungdomsrådet.",
            },
        ),
        201,
    )
    assert ok(api.post(f"{base}/remarks/{remark['id']}/ruling", json={"allowed": True}))["status"] == "allowed"

    # --- Case 071/26, behind closed doors (MTG-07) ---------------------------------------------------
    closed_voters = ok(api.get(f"{closed_case}/treatment"))["taking_part"]
    assert late in closed_voters and len(closed_voters) == 25
    ok(api.post(f"{closed_case}/votes", json={"motion": "Innstillingen", "method": "tacit", "final": True}), 201)
    # MTG-12: leave on a written application once the case under treatment is finished.
    ok(api.post(f"{base}/leaves", json={"person_id": leaving, "application": "Fly til Oslo kl. 15"}), 201)

    # --- Case 072/26: MTG-26/27: one ballot from each member taking part (MTG-22), the council quorate (MTG-02).
    # Round 1 elects the two named on more than half of the 24 ballots; round 2 fills the two places left, three
    # tied for them → lots, with the seed fixed when the round opened; then both women are elected (MTG-27).
    men = [p["id"] for p in people.values() if p["gender"] == "male"][:4]
    women = [p["id"] for p in people.values() if p["gender"] == "female"][:2]
    rounds = f"{base}/agenda/{election['id']}/elections/rounds"
    electors = ok(api.get(f"{base}/agenda/{election['id']}/treatment"))["taking_part"]
    assert len(electors) == 24 and leaving not in electors

    def count(round_id: str, named: list[list[str]]) -> dict[str, Any]:
        ballots = [{"candidates": n} for n in named]
        return dict(ok(api.post(f"{rounds}/{round_id}/count", json={"voters": electors, "ballots": ballots})))

    first = ok(api.post(rounds, json={"kind": "election", "places": 4, "witnesses": ["Gruppelederne"]}), 201)
    stuffed = {"voters": electors, "ballots": [{"candidates": [men[0]]}] * 25}
    refused(api.post(f"{rounds}/{first['id']}/count", json=stuffed), 422, "MTG-22")
    round_one = count(first["id"], [[men[0], men[1]]] * 13 + [[men[0], men[2], men[3], women[0]]] * 11)
    assert (round_one["ballots"], round_one["votes_cast"]) == (24, 24)
    assert set(round_one["elected"]) == {men[0], men[1]} and round_one["unfilled"] == 2  # 13 of 24 is a majority
    second = ok(api.post(rounds, json={"kind": "election", "round": 2, "follows": first["id"]}), 201)
    assert second["places"] == 2 and second["lottery_seed"] is None
    result = count(second["id"], [[men[2]]] * 8 + [[men[3]]] * 8 + [[women[0]]] * 7 + [[women[0], women[1]]])
    assert set(result["lottery"]["among"]) == {men[2], men[3], women[0]}
    assert hashlib.sha256(result["lottery_seed"].encode()).hexdigest() == second["lottery_commitment"]
    assert set(result["elected"]) == {women[0], women[1]} and women[1] in result["moved_up"]  # ≥ 40 % of 4

    # --- Case 073/26, the budget (MTG-24) ------------------------------------------------------------
    # Alternative proposals per main chapter; a test vote per chapter, then the budget as a whole.
    def budget_proposal(by: str, chapter: str, text: str) -> str:
        made = ok(
            api.post(
                f"{budget_case}/proposals",
                json={"proposer_id": by, "kind": "alternative", "chapter": chapter, "text": text},
            ),
            201,
        )
        return str(made["id"])

    school_a = budget_proposal(proposer, "Oppvekst", "Rammen til oppvekst økes med 2 mill. kr.")
    school_b = budget_proposal(withdrawer, "Oppvekst", "Rammen til oppvekst som i rådmannens forslag.")
    care_a = budget_proposal(proposer, "Helse og omsorg", "Nytt sykehjem i Kirkenes.")
    care_b = budget_proposal(withdrawer, "Helse og omsorg", "Utbygging av hjemmetjenesten.")
    care_c = budget_proposal(too_late, "Helse og omsorg", "Rammen som i rådmannens forslag.")
    budget_voters = ok(api.get(f"{budget_case}/treatment"))["taking_part"]
    assert len(budget_voters) == 24 and late in budget_voters and leaving not in budget_voters  # MTG-12/16

    def test_vote(kind: str, chapter: str, tally: dict[str, int]) -> dict[str, Any]:
        alternatives = [{"proposal_id": p, "votes": n} for p, n in tally.items()]
        vote = {"kind": kind, "chapter": chapter, "alternatives": alternatives}
        return dict(ok(api.post(f"{budget_case}/votes", json=vote), 201))

    with_majority = test_vote("budget_test", "Oppvekst", {school_a: 14, school_b: 10})
    assert with_majority["result"] == "chosen" and with_majority["chosen"] == school_a and not with_majority["binding"]
    without = test_vote("budget_test", "Helse og omsorg", {care_a: 10, care_b: 8, care_c: 6})
    assert without["result"] == "no_majority" and without["runoff"] == [care_a, care_b]
    runoff = test_vote("budget_runoff", "Helse og omsorg", {care_b: 13, care_a: 11})
    assert runoff["chosen"] == care_b and not runoff["binding"]
    # The test votes bind nothing: to the public the budget is not yet decided.
    oparl_budget = public(f"{str(api.base_url).rstrip('/')}/oparl/1.1/agendaitem/{budget['id']}")
    assert "result" not in oparl_budget
    whole = {
        "motion": "Budsjett 2027 som helhet, med valgte alternativer",
        "method": "show_of_hands",
        "against": budget_voters[:5],
        "final": True,
    }
    final = ok(api.post(f"{budget_case}/votes", json=whole), 201)
    assert (final["result"], final["counts"]) == (
        "adopted",
        [{"option": "yes", "value": 19}, {"option": "no", "value": 5}],
    )

    # MTG-16/MTG-12/MTG-14 per case: who took part in each case.
    participation = {c["case_number"]: c for c in ok(api.get(f"{base}/participation"))}
    assert late not in participation["070/26"]["taking_part"] and late in participation["071/26"]["taking_part"]
    assert leaving in participation["071/26"]["taking_part"] and leaving not in participation["073/26"]["taking_part"]
    assert participation["070/26"]["disqualified"] == [disqualified]
    assert all(c["quorate"] for c in participation.values())

    # --- Minutes (MTG-35/36/37) ----------------------------------------------------------------------
    ok(api.post(f"{base}/close"))
    minutes = ok(api.get(f"{base}/minutes"))
    assert minutes["opening"]["notice_approved"] and len(minutes["signatories"]) == 3
    assert minutes["chair"] == name(mayor) and len(minutes["present"]) == 25
    assert [(a["name"], a["joins_from"]) for a in minutes["arrivals"]] == [(name(late), "071/26")]
    assert [(a["name"], a["application"]) for a in minutes["leaves"]] == [(name(leaving), "Fly til Oslo kl. 15")]
    assert [c["case_number"] for c in minutes["cases"]] == ["070/26", "071/26", "072/26", "073/26"]
    school_minutes, closed_minutes, _, budget_minutes = minutes["cases"]
    assert [(p["proposer"], p["withdrawn"]) for p in school_minutes["proposals"]] == [
        (name(proposer), False),
        (name(withdrawer), True),
    ]
    assert [r["by"] for r in school_minutes["remarks"]] == [name(remarker)]
    assert school_minutes["disqualified"][0]["substitute"] == name(case_deputy)
    assert name(late) not in school_minutes["taking_part"] and name(case_deputy) in school_minutes["taking_part"]
    [school_vote] = school_minutes["votes"]
    assert (school_vote["for"], school_vote["against"], school_vote["casting_vote"]) == (12, 12, True)
    assert closed_minutes["title"] == CLOSED_TITLE and closed_minutes["closed_basis"].startswith("Offl. § 25")
    assert [v["kind"] for v in budget_minutes["votes"]] == ["budget_test", "budget_test", "budget_runoff", "binding"]
    assert (budget_minutes["votes"][-1]["for"], budget_minutes["votes"][-1]["against"]) == (19, 5)
    assert budget_minutes["decision"] == "adopted"
    assert minutes["questions"][0]["in_time"] is True and minutes["overdue"] is False

    for approver in [mayor, *signatories]:  # MTG-37: approved by the chair and the signatories, then published
        ok(api.post(f"{base}/minutes/approvals", json={"person_id": approver}), 201)
    published = ok(api.post(f"{base}/minutes/publish"))
    assert published == ok(api.get(f"{base}/minutes", params={"public": True}))
    # MTG-37: the public version says on what basis a case was closed, and nothing of its content.
    public_closed = published["cases"][1]
    assert public_closed["title"] == "Unntatt offentlighet" and public_closed["closed_basis"].startswith("Offl. § 25")
    assert "proposals" not in public_closed and "votes" not in public_closed
    assert published["leaves"][0]["application"] is None and published["cases"][0]["remarks"]
    html = api.get(f"{base}/minutes.html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    for shown in (name(late), name(leaving), remark["text"], "trukket", "Offl. § 25", "Unntatt offentlighet"):
        assert shown in html.text
    for secret in (CLOSED_TITLE, CLOSED_DOCUMENT):
        assert secret not in json.dumps(published, ensure_ascii=False) and secret not in html.text

    # --- OParl 1.1, without a token: System → Body → meetings → Meeting, Paper, Consultation, File -----
    system = public(f"{str(api.base_url).rstrip('/')}/oparl/1.1/system")
    [body] = public(system["body"])["data"]
    meeting_url = f"{system['id'].removesuffix('/system')}/meeting/{meeting['id']}"
    listed = next(m for m in every(body["meeting"]) if m["id"] == meeting_url)
    oparl_meeting = public(meeting_url)
    assert listed == oparl_meeting
    items = oparl_meeting["agendaItem"]
    assert [(i["public"], i.get("result")) for i in items] == [
        (True, "adopted"),
        (False, "adopted"),
        (True, None),
        (True, "adopted"),
    ]
    paper = public(next(p for p in every(body["paper"]) if p["reference"] == "070/26")["id"])
    [consultation] = [c for c in paper["consultation"] if c["agendaItem"] == items[0]["id"]]
    assert public(consultation["id"]) == consultation and consultation["authoritative"] is True
    assert paper["mainFile"]["name"] == "Saksframlegg skolebruksplan"
    file = public(paper["auxiliaryFile"][0]["id"])
    assert file["name"] == "Elevtallsprognose" and file["accessUrl"].startswith(DOCUMENTS)
    seen = [system, body, oparl_meeting, paper, consultation, file]
    for obj in seen:
        validate(obj)
    # MTG-07: the closed case has no paper, consultation or file, and its title and documents never show.
    [hidden] = closed["document_details"]
    text = json.dumps(seen + every(body["paper"]) + every(body["file"]) + every(body["agendaItem"]), ensure_ascii=False)
    assert CLOSED_TITLE not in text and CLOSED_DOCUMENT not in text and hidden["id"] not in text
    assert httpx.get(f"{system['id'].removesuffix('/system')}/file/{hidden['id']}").status_code == 404
