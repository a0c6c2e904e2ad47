"""Opening (MTG-15), the minutes' signatories and approval (MTG-37), their content (MTG-35) and
minutes remarks (MTG-36), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from folkevalgt_shared.testing import Harness


async def board_meeting(build: Any, body_type: str = "standing_committee", seats: int = 4) -> dict[str, Any]:
    """A body with a chair and members, an open and a closed case, the notice published."""
    roles = ["chair"] + ["member"] * (seats - 1)
    seated = await build.body(roles, name="Utvalget", body_type=body_type)
    closed = {"case_number": "031/26", "title": "Personalsak", "closed": True, "closed_basis": "Offl. § 25"}
    agenda = [{"case_number": "030/26", "title": "Trafikksikkerhet"}, closed]
    m = await build.meeting(seated, location="Rådhuset", agenda=agenda)
    return {"base": m.base, "members": seated.members, "open": m.items[0], "closed": m.items[1]}


async def get(h: Harness, path: str, status: int = 200) -> Any:
    response = await h.client.get(path, headers=h.headers())
    assert response.status_code == status, response.text
    return response.json()


async def test_mtg15_not_constituted_unless_notice_and_agenda_approved(meetings: Harness, build: Any) -> None:
    m = await board_meeting(build)
    problem = await meetings.post(
        f"{m['base']}/roll-call", {"notice_approved": True, "agenda_approved": False, "present": m["members"]}, 422
    )
    assert problem["rule"] == "MTG-15" and problem["errors"][0]["field"] == "agenda_approved"
    assert (await get(meetings, m["base"]))["status"] == "notice_published"
    assert all(not p.get("present") for p in await get(meetings, f"{m['base']}/participants"))
    await get(meetings, f"{m['base']}/opening", 404)


async def test_mtg15_signatories_must_be_present(meetings: Harness, build: Any) -> None:
    m = await board_meeting(build)
    chair, a, b, absent = m["members"]
    problem = await meetings.post(
        f"{m['base']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": [chair, a, b], "signatories": [a, absent]},
        422,
    )
    assert problem["rule"] == "MTG-15" and "not present" in problem["errors"][0]["message"]
    assert (await get(meetings, m["base"]))["status"] == "notice_published"
    await get(meetings, f"{m['base']}/opening", 404)

    await meetings.post(
        f"{m['base']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": [chair, a, b], "signatories": [a, b]},
        200,
    )
    opening = await get(meetings, f"{m['base']}/opening")
    assert opening["notice_approved"] and opening["agenda_approved"] and opening["tacit"] is False  # stated
    chair_first, *signatories = opening["approvers"]
    assert (chair_first["person_id"], chair_first["capacity"]) == (chair, "chair")
    assert {(x["person_id"], x["capacity"]) for x in signatories} == {(a, "signatory"), (b, "signatory")}
    refused = await meetings.client.put(
        f"{m['base']}/signatories", json={"person_ids": [a, absent]}, headers=meetings.headers()
    )
    assert refused.status_code == 422 and refused.json()["rule"] == "MTG-15"
    assert len((await get(meetings, f"{m['base']}/opening"))["approvers"]) == 3


async def test_mtg15_dispensation_committee_everyone_present_approves(meetings: Harness, build: Any) -> None:
    m = await board_meeting(build, body_type="dispensation_committee", seats=3)
    await meetings.post(
        f"{m['base']}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": m["members"]}, 200
    )
    approvers = await get(meetings, f"{m['base']}/minutes/approvals")
    assert sorted(a["person_id"] for a in approvers) == sorted(m["members"])


async def test_mtg37_minutes_are_published_only_when_chair_and_signatories_approved(
    meetings: Harness, build: Any
) -> None:
    m = await board_meeting(build)
    chair, a, b, c = m["members"]
    await meetings.post(
        f"{m['base']}/roll-call", {"notice_approved": True, "agenda_approved": True, "present": [chair, a, b, c]}, 200
    )
    await meetings.post(f"{m['base']}/close", status=200)
    unappointed = await meetings.post(f"{m['base']}/minutes/publish", status=422)
    assert unappointed["rule"] == "MTG-37" and "appointed" in unappointed["detail"]

    appointed = await meetings.client.put(
        f"{m['base']}/signatories", json={"person_ids": [a, b]}, headers=meetings.headers()
    )
    assert appointed.status_code == 200
    outsider = await meetings.post(f"{m['base']}/minutes/approvals", {"person_id": c}, 422)
    assert outsider["rule"] == "MTG-37"
    own_name_only = await meetings.post(
        f"{m['base']}/minutes/approvals",
        {"person_id": a},
        403,
        headers=meetings.headers("meetings:read", sub=b),
    )
    assert own_name_only["status"] == 403
    await meetings.post(f"{m['base']}/minutes/approvals", {"person_id": chair})
    await meetings.post(
        f"{m['base']}/minutes/approvals", {"person_id": a}, headers=meetings.headers("meetings:read", sub=a)
    )
    early = await meetings.post(f"{m['base']}/minutes/publish", status=422)
    assert early["rule"] == "MTG-37" and b in early["errors"][0]["message"]
    assert (await get(meetings, f"{m['base']}/minutes"))["published_at"] is None

    await meetings.post(f"{m['base']}/minutes/approvals", {"person_id": b})
    await meetings.post(f"{m['base']}/minutes/approvals", {"person_id": b}, 409)
    published = await meetings.post(f"{m['base']}/minutes/publish", status=200)
    assert published["published_at"] is not None
    assert all(s["approved_at"] for s in published["signatories"])


async def test_mtg35_minutes_record_secretary_administration_opening_and_signatories(
    meetings: Harness, build: Any
) -> None:
    m = await board_meeting(build)
    chair, a, b, _ = m["members"]
    staff = {
        "secretary": {"name": "Siri Sekretær", "title": "Politisk sekretariat"},
        "attendees": [{"name": "Rune Rådmann", "title": "Rådmann"}, {"name": "Sara Saksbehandler"}],
    }
    stored = await meetings.client.put(f"{m['base']}/administration", json=staff, headers=meetings.headers())
    assert stored.status_code == 200 and stored.json()["attendees"][1] == {"name": "Sara Saksbehandler", "title": None}
    await meetings.post(
        f"{m['base']}/roll-call",
        {
            "present": [chair, a, b],
            "notice_approved": True,
            "agenda_approved": True,
            "opening_note": "Sak 031/26 behandles for lukkede dører",
            "signatories": [a, b],
        },
        200,
    )
    minutes = await get(meetings, f"{m['base']}/minutes")
    assert minutes["secretary"] == {"name": "Siri Sekretær", "title": "Politisk sekretariat"}
    assert [x["name"] for x in minutes["administration"]] == ["Rune Rådmann", "Sara Saksbehandler"]
    assert minutes["opening"] == {
        "notice_approved": True,
        "agenda_approved": True,
        "tacit": False,
        "note": "Sak 031/26 behandles for lukkede dører",
    }
    assert sorted((s["name"], s["capacity"]) for s in minutes["signatories"]) == [
        ("Medlem 0", "chair"),
        ("Medlem 1", "signatory"),
        ("Medlem 2", "signatory"),
    ]
    html = (await meetings.client.get(f"{m['base']}/minutes.html", headers=meetings.headers())).text
    assert "Møtesekretær: Siri Sekretær" in html and "Rune Rådmann, Rådmann" in html
    assert "Innkalling og saksliste: godkjent. Sak 031/26" in html
    assert "Valgt til å godkjenne protokollen sammen med møteleder: Medlem" in html


async def test_mtg36_remarks_by_members_present_decided_by_chair_or_body(meetings: Harness, build: Any) -> None:
    m = await board_meeting(build)
    chair, a, b, absent = m["members"]
    remarks = f"{m['base']}/remarks"
    await meetings.post(
        f"{m['base']}/roll-call",
        {"notice_approved": True, "agenda_approved": True, "present": [chair, a, b], "signatories": [a, b]},
        200,
    )

    stranger = await meetings.post(remarks, {"person_id": absent, "text": "Jeg var ikke enig"}, 422)
    assert stranger["rule"] == "MTG-36" and stranger["errors"][0]["field"] == "person_id"
    assert await get(meetings, remarks) == []

    formal = await meetings.post(
        remarks,
        {"person_id": a, "agenda_item_id": m["open"]["id"], "text": "Saken var ikke varslet", "formal_error": True},
    )
    assert formal["status"] == "allowed"  # normally accepted without a ruling
    refuse_formal = await meetings.post(f"{remarks}/{formal['id']}/ruling", {"allowed": False}, 422)
    assert refuse_formal["rule"] == "MTG-36"

    on_closed = await meetings.post(
        remarks, {"person_id": b, "agenda_item_id": m["closed"]["id"], "text": "Hemmelig merknad"}
    )
    assert on_closed["status"] == "pending"
    blocked_early = await meetings.post(
        f"{remarks}/{on_closed['id']}/protest", {"protested_by": a, "allowed": True}, 422
    )
    assert blocked_early["rule"] == "MTG-36"
    await meetings.post(f"{remarks}/{on_closed['id']}/ruling", {"allowed": True}, 200)

    general = await meetings.post(remarks, {"person_id": b, "text": "Protokolltilførsel om møtet"})
    refused = await meetings.post(f"{remarks}/{general['id']}/ruling", {"allowed": False}, 200)
    assert refused["status"] == "refused"
    not_present = await meetings.post(
        f"{remarks}/{general['id']}/protest", {"protested_by": absent, "allowed": True}, 422
    )
    assert not_present["rule"] == "MTG-36"
    assert (await get(meetings, remarks))[2]["status"] == "refused"
    decided = await meetings.post(
        f"{remarks}/{general['id']}/protest",
        {"protested_by": b, "allowed": True, "votes_for": 2, "votes_against": 1},
        200,
    )
    assert decided["status"] == "allowed" and decided["protested_by"] == b and decided["body_votes_for"] == 2
    await meetings.post(f"{remarks}/{general['id']}/protest", {"protested_by": a, "allowed": False}, 409)

    pending = await meetings.post(remarks, {"person_id": a, "text": "Ubesvart merknad"})
    internal = await get(meetings, f"{m['base']}/minutes")
    assert [r["text"] for r in internal["remarks"]] == ["Protokolltilførsel om møtet"]
    assert internal["cases"][0]["remarks"] == [
        {"by": "Medlem 1", "text": "Saken var ikke varslet", "formal_error": True}
    ]
    assert internal["cases"][1]["remarks"][0]["text"] == "Hemmelig merknad"

    await meetings.post(f"{m['base']}/close", status=200)
    for person in (chair, a, b):
        await meetings.post(f"{m['base']}/minutes/approvals", {"person_id": person})
    undecided = await meetings.post(f"{m['base']}/minutes/publish", status=422)
    assert undecided["rule"] == "MTG-36"
    await meetings.post(f"{remarks}/{pending['id']}/ruling", {"allowed": False}, 200)
    public = await meetings.post(f"{m['base']}/minutes/publish", status=200)
    assert "remarks" not in public["cases"][1] and len(public["cases"][0]["remarks"]) == 1
    html = (await meetings.client.get(f"{m['base']}/minutes.html", headers=meetings.headers())).text
    assert "Protokolltilførsel om møtet" in html and "Hemmelig merknad" not in html and "Ubesvart" not in html
