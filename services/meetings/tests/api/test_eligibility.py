"""MTG-01 composition rules that look beyond the body, enforced when memberships are recorded: the executive
committee from the council, the administration committee's political members from the executive committee,
the appeals board's ineligibility, the elderly council's majority of pensioners and the youth council's ages
and personal deputies. The facts they need are personal data: not shown to plain meetings:read."""

from __future__ import annotations

from typing import Any

from folkevalgt_shared.testing import Harness

TERM = "2023-10-01"


async def body(h: Harness, key: str, body_type: str, seats: int = 5) -> dict[str, Any]:
    quorum = seats // 2 + 1
    return await h.post(
        "/bodies",
        {"key": key, "name": key, "body_type": body_type, "seats": seats, "quorum": quorum, "notice_days": 7},
    )


async def person(h: Harness, name: str, **facts: Any) -> str:
    return str((await h.post("/people", {"name": name, **facts}))["id"])


async def seat(
    h: Harness, body_id: str, person_id: str, role: str = "member", status: int = 201, **extra: Any
) -> dict[str, Any]:
    membership = {"body_id": body_id, "person_id": person_id, "role": role, "start_date": TERM, **extra}
    return await h.post("/memberships", membership, status)


async def members_of(h: Harness, body_id: str) -> list[str]:
    response = await h.client.get(f"/bodies/{body_id}/members", params={"on": "2024-01-01"}, headers=h.headers())
    return [m["person_id"] for m in response.json()]


def refused_by_mtg01(problem: dict[str, Any], field: str, words: str) -> None:
    assert problem["rule"] == "MTG-01", problem
    assert problem["errors"][0]["field"] == field and words in problem["errors"][0]["message"], problem


async def test_mtg01_executive_committee_is_elected_among_the_councils_members(meetings: Harness) -> None:
    council, executive = (
        await body(meetings, "ks", "municipal_council", 3),
        await body(meetings, "fsk", "executive_committee", 3),
    )
    member, deputy, outsider, former = [await person(meetings, n) for n in ("Medlem", "Vara", "Utenfor", "Tidligere")]
    await seat(meetings, council["id"], member)
    await seat(meetings, council["id"], deputy, "deputy", party_group="Ap", deputy_order=1)
    await seat(meetings, council["id"], former, start_date="2019-10-01", end_date="2023-09-30")  # gone the day before
    refused_by_mtg01(await seat(meetings, executive["id"], outsider, status=422), "person_id", "not a member")
    refused_by_mtg01(await seat(meetings, executive["id"], former, status=422), "person_id", "not a member")
    refused_by_mtg01(await seat(meetings, executive["id"], deputy, status=422), "person_id", "not a member")
    assert await members_of(meetings, executive["id"]) == []
    await seat(meetings, executive["id"], member, "mayor")
    # Our reading: the executive committee's deputies come from the council's members and deputies.
    await seat(meetings, executive["id"], deputy, "deputy", party_group="Ap", deputy_order=1)
    refused_by_mtg01(
        await seat(meetings, executive["id"], outsider, "deputy", 422, party_group="Ap", deputy_order=2),
        "person_id",
        "not a member or deputy",
    )


async def test_mtg01_administration_committees_political_members_come_from_the_executive_committee(
    meetings: Harness,
) -> None:
    council = await body(meetings, "ks", "municipal_council", 3)
    executive = await body(meetings, "fsk", "executive_committee", 3)
    administration = await body(meetings, "adm", "administration_committee")
    politician, councillor, employee = [await person(meetings, n) for n in ("Politiker", "Representant", "Ansatt")]
    for p in (politician, councillor):
        await seat(meetings, council["id"], p)
    await seat(meetings, executive["id"], politician)
    refused_by_mtg01(
        await seat(meetings, administration["id"], councillor, status=422), "person_id", "not in the executive"
    )
    refused_by_mtg01(
        await seat(meetings, administration["id"], employee, "chair", 422, on_behalf_of="employees"),
        "role",
        "employee representative",
    )
    assert await members_of(meetings, administration["id"]) == []
    await seat(meetings, administration["id"], politician, "chair")
    await seat(meetings, administration["id"], employee, on_behalf_of="employees")


async def test_mtg01_appeals_board_refuses_council_members_and_responsible_employees(meetings: Harness) -> None:
    council, board = await body(meetings, "ks", "municipal_council", 3), await body(meetings, "klage", "appeals_board")
    councillor = await person(meetings, "Representant", employee_with_responsibility=False)
    await seat(meetings, council["id"], councillor)
    manager = await person(meetings, "Enhetsleder", employee_with_responsibility=True)
    unknown = await person(meetings, "Ukjent")
    citizen = await person(meetings, "Innbygger", employee_with_responsibility=False)
    refused_by_mtg01(await seat(meetings, board["id"], councillor, status=422), "person_id", "council member")
    refused_by_mtg01(await seat(meetings, board["id"], manager, status=422), "person_id", "budget, personnel")
    refused_by_mtg01(await seat(meetings, board["id"], unknown, status=422), "person_id", "not recorded")
    refused_by_mtg01(
        await seat(meetings, board["id"], manager, "deputy", 422, party_group="Ap", deputy_order=1),
        "person_id",
        "budget, personnel",
    )
    assert await members_of(meetings, board["id"]) == []
    await seat(meetings, board["id"], citizen, "chair")
    # A council deputy is not a council member: eligible.
    deputy = await person(meetings, "Vara", employee_with_responsibility=False)
    await seat(meetings, council["id"], deputy, "deputy", party_group="H", deputy_order=1)
    await seat(meetings, board["id"], deputy)


async def test_mtg01_elderly_council_keeps_a_majority_of_pensioners_and_leaders_among_them(meetings: Harness) -> None:
    council = await body(meetings, "eldre", "elderly_council", 7)
    pensioners = [await person(meetings, f"Pensjonist {i}", old_age_pensioner=True) for i in range(4)]
    others = [await person(meetings, f"Yrkesaktiv {i}", old_age_pensioner=False) for i in range(3)]
    unknown = await person(meetings, "Ukjent")
    refused_by_mtg01(await seat(meetings, council["id"], others[0], "chair", 422), "role", "pensioner")
    await seat(meetings, council["id"], pensioners[0], "chair")
    for p in others:  # 3 of 7 not pensioners: the other 4 seats still make a majority
        await seat(meetings, council["id"], p)
    # The fourth who is not (or not known to be) a pensioner would leave only 3 of 7 seats.
    refused_by_mtg01(await seat(meetings, council["id"], unknown, status=422), "person_id", "not recorded")
    for p in pensioners[1:]:
        await seat(meetings, council["id"], p)
    assert len(await members_of(meetings, council["id"])) == 7
    # When one who is not a pensioner leaves, another may take the seat from the next day.
    leaving = (await meetings.client.get(f"/bodies/{council['id']}/members", headers=meetings.headers())).json()
    membership = next(m for m in leaving if m["person_id"] == others[0])
    changed = await meetings.client.patch(
        f"/memberships/{membership['id']}", json={"end_date": "2024-12-31"}, headers=meetings.headers()
    )
    assert changed.status_code == 200
    await seat(meetings, council["id"], unknown, status=422)  # overlaps on the first day of the term
    await seat(meetings, council["id"], unknown, start_date="2025-01-01")


async def test_mtg01_youth_council_ages_13_to_18_and_personal_deputies(meetings: Harness) -> None:
    youth = await body(meetings, "ungdom", "youth_council", 7)
    twelve = await person(meetings, "Tolv", birth_date="2010-10-02")  # 13 the day after the term starts
    thirteen = await person(meetings, "Tretten", birth_date="2010-10-01")  # 13 on the day
    eighteen = await person(meetings, "Atten", birth_date="2004-10-02")  # 19 the day after
    nineteen = await person(meetings, "Nitten", birth_date="2004-10-01")  # 19 on the day
    unknown = await person(meetings, "Ukjent")
    refused_by_mtg01(await seat(meetings, youth["id"], twelve, status=422), "start_date", "12 years")
    refused_by_mtg01(await seat(meetings, youth["id"], nineteen, status=422), "start_date", "19 years")
    refused_by_mtg01(await seat(meetings, youth["id"], unknown, status=422), "person_id", "birth_date")
    await seat(meetings, youth["id"], thirteen)
    await seat(meetings, youth["id"], eighteen)
    # Personal deputies: one per representative, who must be a representative of the body.
    deputies = [await person(meetings, f"Vara {i}", birth_date="2009-05-05") for i in range(3)]
    deputy = {"party_group": None, "deputy_order": 1}
    refused_by_mtg01(
        await seat(meetings, youth["id"], deputies[0], "deputy", 422, **deputy), "personal_deputy_for", "required"
    )
    refused_by_mtg01(
        await seat(meetings, youth["id"], deputies[0], "deputy", 422, **deputy, personal_deputy_for=twelve),
        "personal_deputy_for",
        "not a representative",
    )
    await seat(meetings, youth["id"], deputies[0], "deputy", **deputy, personal_deputy_for=thirteen)
    refused_by_mtg01(
        await seat(
            meetings,
            youth["id"],
            deputies[1],
            "deputy",
            422,
            party_group=None,
            deputy_order=2,
            personal_deputy_for=thirteen,
        ),
        "personal_deputy_for",
        "already has",
    )
    await seat(
        meetings, youth["id"], deputies[1], "deputy", party_group=None, deputy_order=2, personal_deputy_for=eighteen
    )
    # Elsewhere deputies follow the list's order, not a person.
    committee = await body(meetings, "komite", "standing_committee")
    m = await seat(meetings, committee["id"], await person(meetings, "Komitemedlem"))
    refused_by_mtg01(
        await seat(
            meetings,
            committee["id"],
            deputies[2],
            "deputy",
            422,
            party_group="Ap",
            deputy_order=1,
            personal_deputy_for=m["person_id"],
        ),
        "personal_deputy_for",
        "not for a standing_committee",
    )


async def test_mtg01_eligibility_facts_are_personal_data(meetings: Harness) -> None:
    facts = {"birth_date": "2010-10-01", "old_age_pensioner": False, "employee_with_responsibility": False}
    kari = await meetings.post("/people", {"name": "Kari", **facts})
    assert {k: kari[k] for k in facts} == facts
    problem = await meetings.post("/people", {"name": "Ola", "old_age_pensioner": "no"}, 422)
    assert problem["errors"][0]["field"] == "body.old_age_pensioner"
    plain = await meetings.client.get(f"/people/{kari['id']}", headers=meetings.headers("meetings:read", sub="other"))
    assert all(plain.json()[k] is None for k in facts) and plain.json()["name"] == "Kari"
    listed = await meetings.client.get("/people", headers=meetings.headers("meetings:read", sub="other"))
    assert all(p[k] is None for p in listed.json()["items"] for k in facts)
    own = await meetings.client.get(f"/people/{kari['id']}", headers=meetings.headers("meetings:read", sub=kari["id"]))
    assert {k: own.json()[k] for k in facts} == facts


async def test_mtg01_mtg10_a_youth_representatives_absence_summons_their_personal_deputy_only(
    meetings: Harness,
) -> None:
    youth = await body(meetings, "ungdom", "youth_council", 3)
    first, second, third = [await person(meetings, n, birth_date="2009-05-05") for n in ("En", "To", "Tre")]
    for p in (first, second, third):
        await seat(meetings, youth["id"], p)
    # Elected in this order, but each stands in for one representative.
    deputy_of_second = await person(meetings, "Vara for To", birth_date="2010-01-01")
    deputy_of_first = await person(meetings, "Vara for En", birth_date="2010-01-01")
    await seat(meetings, youth["id"], deputy_of_second, "deputy", deputy_order=1, personal_deputy_for=second)
    await seat(meetings, youth["id"], deputy_of_first, "deputy", deputy_order=2, personal_deputy_for=first)
    starts = "2099-06-01T10:00:00+00:00"
    meeting = await meetings.post("/meetings", {"body_id": youth["id"], "starts_at": starts})
    absences = f"/meetings/{meeting['id']}/absences"
    result = await meetings.post(absences, {"person_id": first, "reason": "Syk"})
    assert result["summoned"]["person_id"] == deputy_of_first and result["summoned"]["in_place_of"] == first
    # The third representative has no personal deputy: nobody else's stands in.
    result = await meetings.post(absences, {"person_id": third, "reason": "Syk"})
    assert result["summoned"] is None
