"""Question time (MTG-32), citizen initiatives (MTG-33) and delegations (MTG-34), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.testing import Harness
from meetings.citizens import service as citizens_service


@pytest.fixture
async def council(build: Any) -> dict[str, Any]:
    council = await build.council(seats=25, quorum=13)
    committee = await build.body(
        [], key="oppvekst", name="Utvalg for oppvekst", body_type="standing_committee", seats=5, quorum=3
    )
    return {"council": council.body, "committee": committee.body}


def next_year_month(month: int) -> int:
    today = oslo_date(datetime.now(UTC))
    return today.year + 1 if today.month >= month else today.year


async def get(h: Harness, path: str) -> Any:
    response = await h.client.get(path, headers=h.headers())
    assert response.status_code == 200, response.text
    return response.json()


# -- MTG-32 ---------------------------------------------------------------------------------------


@pytest.fixture
async def question_time(meetings: Harness, council: dict[str, Any]) -> dict[str, Any]:
    year = next_year_month(1) if oslo_date(datetime.now(UTC)).month != 1 else next_year_month(6)
    month = 1 if oslo_date(datetime.now(UTC)).month != 1 else 6
    starts = datetime(year, month, 14, 15, 0, tzinfo=UTC)
    meeting = await meetings.post(
        "/meetings", {"body_id": council["council"]["id"], "starts_at": (starts + timedelta(hours=2)).isoformat()}
    )
    qt = await meetings.post("/question-times", {"meeting_id": meeting["id"], "starts_at": starts.isoformat()})
    item = await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "001/27", "title": "Skolestruktur"})
    later = await meetings.post(
        "/meetings", {"body_id": council["council"]["id"], "starts_at": (starts + timedelta(days=40)).isoformat()}
    )
    later_item = await meetings.post(f"/meetings/{later['id']}/agenda", {"case_number": "020/27", "title": "Havn"})
    return {"qt": qt, "starts": starts, "item": item, "later_item": later_item}


QUESTION = {"asker_name": "Kari Nordmann", "channel": "email", "text": "Når blir gang- og sykkelveien ferdig?"}


async def meeting_at(h: Harness, body: dict[str, Any], starts: datetime) -> dict[str, Any]:
    return dict(await h.post("/meetings", {"body_id": body["id"], "starts_at": starts.isoformat()}))


async def test_mtg32_question_time_only_in_january_and_june(meetings: Harness, council: dict[str, Any]) -> None:
    june = datetime(next_year_month(6), 6, 10, 15, tzinfo=UTC)
    held_with = await meeting_at(meetings, council["council"], june + timedelta(hours=2))
    march = datetime(next_year_month(3), 3, 10, 15, tzinfo=UTC).isoformat()
    problem = await meetings.post("/question-times", {"meeting_id": held_with["id"], "starts_at": march}, 422)
    assert problem["rule"] == "MTG-32" and problem["errors"][0]["field"] == "starts_at"
    committee_meeting = await meeting_at(meetings, council["committee"], june + timedelta(hours=2))
    committee = await meetings.post(
        "/question-times", {"meeting_id": committee_meeting["id"], "starts_at": june.isoformat()}, 422
    )
    assert committee["rule"] == "MTG-32"
    scheduled = await meetings.post("/question-times", {"meeting_id": held_with["id"], "starts_at": june.isoformat()})
    assert oslo_date(datetime.fromisoformat(scheduled["starts_at"])).month == 6
    assert scheduled["meeting_id"] == held_with["id"] and scheduled["body_id"] == council["council"]["id"]
    await meetings.post("/question-times", {"meeting_id": held_with["id"], "starts_at": june.isoformat()}, 409)
    at_meeting = datetime(next_year_month(1), 1, 20, 17, tzinfo=UTC)
    january = await meeting_at(meetings, council["council"], at_meeting)
    clash = await meetings.post(
        "/question-times", {"meeting_id": january["id"], "starts_at": at_meeting.isoformat()}, 422
    )
    assert clash["rule"] == "MTG-32"


async def test_mtg32_the_deadline_counts_from_the_council_meeting(
    meetings: Harness, council: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Question time on Monday 14 June, the council meeting on Thursday 17 June: questions are due five working
    days before the meeting, on Thursday 10 June (seed 1916), not before the question time (7 June)."""
    year = next_year_month(6)
    while date(year, 6, 14).weekday() != 0:  # a year in which 14 June is a Monday
        year += 1
    question_time = datetime(year, 6, 14, 16, tzinfo=UTC)
    meeting = await meeting_at(meetings, council["council"], datetime(year, 6, 17, 8, tzinfo=UTC))
    qt = await meetings.post("/question-times", {"meeting_id": meeting["id"], "starts_at": question_time.isoformat()})
    assert qt["question_deadline"] == f"{year}-06-10"
    path = f"/question-times/{qt['id']}/questions"

    def at(moment: datetime) -> None:
        monkeypatch.setattr(citizens_service, "utcnow", lambda: moment)

    at(datetime(year, 6, 10, 21, 59, tzinfo=UTC))  # 23:59 in Oslo, the last day
    assert (await meetings.post(path, QUESTION))["in_time"] is True
    at(datetime(year, 6, 10, 22, 0, tzinfo=UTC))  # midnight in Oslo: 11 June, late
    problem = await meetings.post(path, QUESTION, 422)
    assert problem["rule"] == "MTG-32" and problem["errors"][0]["field"] == "late_reason"
    assert (await meetings.post(path, {**QUESTION, "late_reason": "Brøytingen stoppet i går"}))["in_time"] is False


async def test_mtg32_late_questions_only_until_the_council_meeting_starts(
    meetings: Harness, council: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Question time in the evening after the council meeting of the same day."""
    year = next_year_month(6)
    meeting = await meeting_at(meetings, council["council"], datetime(year, 6, 15, 8, tzinfo=UTC))
    qt = await meetings.post(
        "/question-times", {"meeting_id": meeting["id"], "starts_at": datetime(year, 6, 15, 16, tzinfo=UTC).isoformat()}
    )
    assert qt["late_questions_until"] == meeting["starts_at"]
    path = f"/question-times/{qt['id']}/questions"
    late = {**QUESTION, "late_reason": "Hastesak"}
    monkeypatch.setattr(citizens_service, "utcnow", lambda: datetime(year, 6, 15, 7, 59, tzinfo=UTC))
    assert (await meetings.post(path, late))["in_time"] is False
    monkeypatch.setattr(citizens_service, "utcnow", lambda: datetime(year, 6, 15, 8, tzinfo=UTC))
    closed = await meetings.post(path, late, 422)
    assert closed["rule"] == "MTG-32" and closed["errors"][0]["field"] == "question_time_id"
    assert len(await get(meetings, path)) == 1


async def test_mtg32_questions_in_time_are_answered_and_recorded(
    meetings: Harness, question_time: dict[str, Any]
) -> None:
    path = f"/question-times/{question_time['qt']['id']}/questions"
    asked = await meetings.post(
        path, {**QUESTION, "on_behalf_of": "organisation", "on_behalf_of_name": "Velforeningen", "channel": "letter"}
    )
    assert asked["in_time"] is True and asked["answered_at_question_time"] == "this question time"
    about_later_case = await meetings.post(path, {**QUESTION, "agenda_item_id": question_time["later_item"]["id"]})
    assert about_later_case["in_time"] is True
    answered = await meetings.post(
        f"{path}/{asked['id']}/answer", {"answer": "Til sommeren.", "answered_by": "Ordføreren"}, 200
    )
    assert answered["answer"] == "Til sommeren." and answered["answered_at"] is not None
    await meetings.post(f"{path}/{asked['id']}/answer", {"answer": "Igjen", "answered_by": "Ordføreren"}, 409)
    listed = await get(meetings, path)
    assert [q["id"] for q in listed] == [asked["id"], about_later_case["id"]]


async def test_mtg32_fbk30_personal_confidential_and_agenda_questions_are_rejected(
    meetings: Harness, question_time: dict[str, Any]
) -> None:
    path = f"/question-times/{question_time['qt']['id']}/questions"
    for flag in ({"personal_case": True}, {"confidential": True}, {"agenda_item_id": question_time["item"]["id"]}):
        problem = await meetings.post(path, {**QUESTION, **flag}, 422)
        assert problem["rule"] == "MTG-32"
    unnamed = await meetings.post(path, {**QUESTION, "on_behalf_of": "business"}, 422)
    assert unnamed["errors"][0]["field"] == "on_behalf_of_name"
    assert await get(meetings, path) == []


async def test_mtg32_fbk30_late_questions_need_a_reason_and_the_chair_decides(
    meetings: Harness, question_time: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"/question-times/{question_time['qt']['id']}/questions"
    monkeypatch.setattr(citizens_service, "utcnow", lambda: question_time["starts"] - timedelta(days=2))
    problem = await meetings.post(path, QUESTION, 422)
    assert problem["rule"] == "MTG-32" and problem["errors"][0]["field"] == "late_reason"
    late = await meetings.post(path, {**QUESTION, "late_reason": "Saken oppsto i går."})
    assert late["in_time"] is False
    assert late["answered_at_question_time"] == "the chair decides whether it is answered at the next meeting"
    monkeypatch.setattr(citizens_service, "utcnow", lambda: question_time["starts"] + timedelta(minutes=1))
    await meetings.post(path, {**QUESTION, "late_reason": "For sent"}, 409)


# -- MTG-33 ---------------------------------------------------------------------------------------


def initiative(council: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "body_id": council["council"]["id"],
        "title": "Lys i lysløypa",
        "proposal": "Kommunen setter opp lys i lysløypa på Prestøya.",
        "contact": "Ola Nordmann, ola@example.no",
        "signatures": 300,
        "population": 20000,
        **extra,
    }


async def test_mtg33_two_percent_or_300_signatures(meetings: Harness, council: dict[str, Any]) -> None:
    few = await meetings.post("/citizen-initiatives", initiative(council, signatures=299), 422)
    assert few["rule"] == "MTG-33" and few["errors"][0]["field"] == "signatures"
    small_town = await meetings.post("/citizen-initiatives", initiative(council, signatures=200, population=10000))
    assert small_town["signatures_needed"] == 200
    registered = await meetings.post("/citizen-initiatives", initiative(council))
    today = oslo_date(datetime.now(UTC))
    assert registered["registered_on"] == str(today) and registered["deadline"] > str(today)
    assert registered["overdue"] is False
    to_committee = await meetings.post(
        "/citizen-initiatives", initiative(council, body_id=council["committee"]["id"]), 422
    )
    assert to_committee["rule"] == "MTG-33"
    assert len(await get(meetings, "/citizen-initiatives")) == 2


async def test_mtg33_overdue_initiatives_and_planning_cases(meetings: Harness, council: dict[str, Any]) -> None:
    old = str(oslo_date(datetime.now(UTC)) - timedelta(days=200))
    overdue = await meetings.post("/citizen-initiatives", initiative(council, registered_on=old))
    assert overdue["overdue"] is True
    planning = await meetings.post(
        "/citizen-initiatives",
        initiative(council, registered_on=old, referred_to_planning_case=True, planning_case_reference="PLAN 2026/4"),
    )
    assert planning["deadline"] is None and planning["overdue"] is False
    unnamed = await meetings.post("/citizen-initiatives", initiative(council, referred_to_planning_case=True), 422)
    assert unnamed["errors"][0]["field"] == "planning_case_reference"
    await meetings.post("/citizen-initiatives", initiative(council))
    listed = await get(meetings, "/citizen-initiatives?overdue=true")
    assert [i["id"] for i in listed] == [overdue["id"]]


async def test_mtg33_same_content_in_the_same_election_period_is_refused(
    meetings: Harness, council: dict[str, Any]
) -> None:
    earlier = await meetings.post("/citizen-initiatives", initiative(council))
    again = await meetings.post(
        "/citizen-initiatives", initiative(council, same_content_as_initiative_id=earlier["id"]), 422
    )
    assert again["rule"] == "MTG-33" and again["errors"][0]["field"] == "same_content_as_initiative_id"
    last_term = await meetings.post("/citizen-initiatives", initiative(council, registered_on="2023-06-01"))
    renewed = await meetings.post(
        "/citizen-initiatives", initiative(council, same_content_as_initiative_id=last_term["id"])
    )
    assert renewed["follows_initiative_id"] == last_term["id"]
    meeting = await meetings.post(
        "/meetings",
        {"body_id": council["council"]["id"], "starts_at": (datetime.now(UTC) + timedelta(days=20)).isoformat()},
    )
    case = await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "030/26", "title": "Lysløyper"})
    treated = await meetings.post(
        "/citizen-initiatives", initiative(council, same_content_as_agenda_item_id=case["id"]), 422
    )
    assert treated["rule"] == "MTG-33"
    assert len(await get(meetings, "/citizen-initiatives")) == 3


async def test_mtg33_the_initiative_becomes_a_council_case(meetings: Harness, council: dict[str, Any]) -> None:
    registered = await meetings.post("/citizen-initiatives", initiative(council))
    path = f"/citizen-initiatives/{registered['id']}"
    decision = {"decided_on": str(oslo_date(datetime.now(UTC))), "outcome": "rejected", "decision": "Ikke vedtatt."}
    await meetings.post(f"{path}/decision", decision, 409)  # not on an agenda yet
    committee_meeting = await meetings.post(
        "/meetings",
        {"body_id": council["committee"]["id"], "starts_at": (datetime.now(UTC) + timedelta(days=20)).isoformat()},
    )
    committee_case = await meetings.post(
        f"/meetings/{committee_meeting['id']}/agenda", {"case_number": "031/26", "title": "Lysløype"}
    )
    wrong = await meetings.post(f"{path}/agenda-item", {"agenda_item_id": committee_case["id"]}, 422)
    assert wrong["rule"] == "MTG-33"
    meeting = await meetings.post(
        "/meetings",
        {"body_id": council["council"]["id"], "starts_at": (datetime.now(UTC) + timedelta(days=20)).isoformat()},
    )
    case = await meetings.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "032/26", "title": "Lysløype"})
    linked = await meetings.post(f"{path}/agenda-item", {"agenda_item_id": case["id"]}, 200)
    assert linked["agenda_item_id"] == case["id"]
    decided = await meetings.post(f"{path}/decision", decision, 200)
    assert decided["outcome"] == "rejected" and decided["appealable"] is False
    await meetings.post(f"{path}/decision", decision, 409)


# -- MTG-34 ---------------------------------------------------------------------------------------


async def case_in(h: Harness, body: dict[str, Any], days: int) -> dict[str, Any]:
    meeting = await h.post(
        "/meetings", {"body_id": body["id"], "starts_at": (datetime.now(UTC) + timedelta(days=days)).isoformat()}
    )
    item = await h.post(f"/meetings/{meeting['id']}/agenda", {"case_number": "040/26", "title": "Nedleggelse av skole"})
    return {"meeting": meeting, "path": f"/meetings/{meeting['id']}/agenda/{item['id']}/delegations"}


DELEGATION = {"organisation": "FAU Sandnes skole", "spokespeople": "Per og Pål", "subject": "Skolen bør bestå"}


async def group_leaders(meetings: Harness, council: dict[str, Any], parties: tuple[str, ...]) -> list[str]:
    """One group leader per party in the council (the register's role group_leader)."""
    leaders = []
    for party in parties:
        person = await meetings.post("/people", {"name": f"Gruppeleder {party}"})
        membership = {
            "body_id": council["council"]["id"],
            "person_id": person["id"],
            "role": "group_leader",
            "party_group": party,
            "start_date": "2023-10-01",
        }
        await meetings.post("/memberships", membership)
        leaders.append(person["id"])
    return leaders


async def test_mtg34_fbk32_delegations_are_decided_by_the_group_leaders(
    meetings: Harness, council: dict[str, Any]
) -> None:
    leaders = await group_leaders(meetings, council, ("Ap", "H", "Sp", "FrP", "SV"))
    case = await case_in(meetings, council["council"], days=20)
    accepted = await meetings.post(case["path"], DELEGATION)
    refused = await meetings.post(case["path"], {**DELEGATION, "organisation": "Naboene"})
    assert accepted["status"] == "requested"
    yes = await meetings.post(
        f"{case['path']}/{accepted['id']}/decision", {"accepted": True, "decided_by": leaders[:3]}, 200
    )
    assert sorted(yes["decided_by"]) == sorted(leaders[:3])
    starts = datetime.fromisoformat(case["meeting"]["starts_at"])
    assert datetime.fromisoformat(yes["meets_group_leaders_at"]) == starts - timedelta(minutes=30)
    no = await meetings.post(
        f"{case['path']}/{refused['id']}/decision",
        {"accepted": False, "decided_by": leaders, "note": "Ikke tid"},
        200,
    )
    assert no["status"] == "refused" and no["meets_group_leaders_at"] is None
    await meetings.post(f"{case['path']}/{refused['id']}/decision", {"accepted": True, "decided_by": leaders}, 409)
    listed = await get(meetings, case["path"])
    assert [(d["organisation"], d["status"]) for d in listed] == [
        ("FAU Sandnes skole", "accepted"),
        ("Naboene", "refused"),
    ]


async def test_mtg34_fbk32_only_a_majority_of_the_group_leaders_decides(
    meetings: Harness, council: dict[str, Any]
) -> None:
    leaders = await group_leaders(meetings, council, ("Ap", "H", "Sp", "FrP"))
    outsider = (await meetings.post("/people", {"name": "Vanlig representant"}))["id"]
    case = await case_in(meetings, council["council"], days=20)
    asked = await meetings.post(case["path"], DELEGATION)
    decision = f"{case['path']}/{asked['id']}/decision"
    for decided_by in (leaders[:2], [leaders[0], outsider, leaders[1]], [outsider]):  # half; a stranger; no leader
        problem = await meetings.post(decision, {"accepted": True, "decided_by": decided_by}, 422)
        assert problem["rule"] == "MTG-34" and problem["errors"][0]["field"] == "body.decided_by"
    missing = await meetings.post(decision, {"accepted": True}, 422)
    assert missing["errors"][0]["field"] == "body.decided_by"
    assert [d["status"] for d in await get(meetings, case["path"])] == ["requested"]  # nothing recorded
    decided = await meetings.post(decision, {"accepted": True, "decided_by": leaders[:3]}, 200)  # 3 of 4
    assert decided["status"] == "accepted"


async def test_mtg34_fbk32_late_delegations_and_other_bodies_are_refused(
    meetings: Harness, council: dict[str, Any]
) -> None:
    late = await case_in(meetings, council["council"], days=2)
    problem = await meetings.post(late["path"], DELEGATION, 422)
    assert problem["rule"] == "MTG-34"
    committee = await case_in(meetings, council["committee"], days=20)
    assert (await meetings.post(committee["path"], DELEGATION, 422))["rule"] == "MTG-34"
    assert await get(meetings, late["path"]) == []
