"""An employee applies, the unit manager decides (LEA-02, LEA-03), the decision splits paid from unpaid and says
why (LEA-16), with the pots afterwards and the consequences (LEA-04); HR and payroll get leave.granted and
leave.revoked. Refused requests change nothing."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select

from leave.applications.models import Application, GrantedPart

MON = date(2026, 3, 2)


async def staffed(work: Any) -> None:
    """Prestøy: Mona manages, Ola and Kari work there; Hesseng: Per manages, Lise works there."""
    await work.staff(
        ("Mona", "PRESTOY", "100", True),
        ("Ola", "PRESTOY", "100", False),
        ("Kari", "PRESTOY", "50", False),
        ("Per", "HESSENG", "100", True),
        ("Lise", "HESSENG", "100", False),
    )


async def ten_paid_days(work: Any, name: str) -> None:
    """Five days of serious illness and five at the doctor's: ten of the twelve paid days used."""
    await work.grant(name, "serious_illness", date(2026, 1, 12), date(2026, 1, 16))
    await work.grant(name, "medical", date(2026, 2, 2), date(2026, 2, 6))


async def test_lea16_ten_paid_days_used_three_after_a_death_two_paid_and_one_unpaid(work: Any, kit: Any) -> None:
    await staffed(work)
    await ten_paid_days(work, "Ola")
    applied = await work.apply("Ola", "death", MON, date(2026, 3, 4), occasion="Mors gravferd")
    proposal = applied["proposal"]
    assert applied["status"] == "pending" and proposal["outcome"] == "grant"
    assert (proposal["split"]["paid_days"], proposal["split"]["unpaid_days"]) == ("2.00", "1.00")
    assert kit.pot(proposal)["remaining_days"] == "0.00"

    decided = await work.decide(applied, "Mona")
    split = decided["decision"]["split"]
    assert decided["status"] == "granted" and decided["decision"]["decided_by"] == work.employees["Mona"]["id"]
    assert (split["paid_hours"], split["unpaid_hours"], split["requested_hours"]) == ("15", "7.5", "22.5")
    assert [(p["pay"], p["days"], p["rule"]) for p in split["parts"]] == [("paid", 2, "LEA-11"),
                                                                           ("unpaid", 1, "LEA-16")]  # fmt: skip
    assert split["parts"][1]["why"] == "beyond the 12 days of the welfare pot for 2026"
    assert kit.pot(decided["decision"])["used_days"] == "12.00"
    assert split["consequences"]["seniority_interrupted"] is True
    quotas = await work.quotas("Ola", 2026)
    assert kit.pot(quotas)["remaining_hours"] == "0" and kit.pot(quotas, "public_office")["remaining_days"] == "12.00"
    [event] = [e for e in await work.outbox("no.folkevalgt.leave.leave.granted.v1") if e["reason"] == "death"]
    assert (event["paid_hours"], event["unpaid_hours"], event["rule"]) == ("15", "7.5", "LEA-11")
    assert [p["pay"] for p in event["parts"]] == ["paid", "unpaid"] and event["unit_code"] == "PRESTOY"


async def test_lea11_a_second_application_continuing_the_leave_shares_the_three_days(work: Any) -> None:
    await staffed(work)
    await work.grant("Ola", "death", date(2026, 2, 25), date(2026, 2, 27))  # Wednesday to Friday: three days
    monday = await work.apply("Ola", "death", MON)  # the Monday after, without naming the occasion
    parts = monday["proposal"]["split"]["parts"]
    assert [(p["pay"], p["rule"]) for p in parts] == [("unpaid", "LEA-16")]
    assert "maximum of 3 days for the occasion" in parts[0]["why"]
    decided = await work.decide(monday, "Mona")
    assert decided["decision"]["split"]["paid_hours"] == "0"
    # Another death later in the year is another occasion: paid again.
    later = await work.apply("Ola", "death", date(2026, 9, 7), occasion="Fars gravferd")
    assert later["proposal"]["split"]["paid_days"] == "1.00"


async def test_lea01_the_half_time_colleague_gets_half_hours_for_the_same_days(work: Any) -> None:
    await staffed(work)
    await ten_paid_days(work, "Kari")
    decided = await work.decide(await work.apply("Kari", "death", MON, date(2026, 3, 4)), "Mona")
    split = decided["decision"]["split"]
    assert (split["paid_hours"], split["unpaid_hours"], split["paid_days"]) == ("7.5", "3.75", "2.00")


async def test_lea03_the_manager_of_another_unit_cannot_see_or_decide_and_a_manager_not_their_own(work: Any) -> None:
    await staffed(work)
    applied = await work.apply("Ola", "medical", MON, hours_per_day="2")
    h = work.h
    other = await h.client.post(f"/applications/{applied['id']}/decision", json={"outcome": "grant"},
                                headers=work.manager("Per"))  # fmt: skip
    assert other.status_code == 404
    assert (await h.client.get(f"/applications/{applied['id']}", headers=work.manager("Per"))).status_code == 404
    queue = await h.client.get(f"/units/{work.units['PRESTOY']['id']}/queue", headers=work.manager("Per"))
    assert queue.status_code == 404
    own = await work.apply("Mona", "medical", MON, hours_per_day="2")
    response = await h.client.post(f"/applications/{own['id']}/decision", json={"outcome": "grant"},
                                   headers=work.manager("Mona"))  # fmt: skip
    assert response.status_code == 403 and "own leave" in response.json()["detail"]
    # An employee has no decision scope at all.
    response = await h.client.post(f"/applications/{applied['id']}/decision", json={"outcome": "grant"},
                                   headers=work.as_("Ola"))  # fmt: skip
    assert response.status_code == 403
    queue = (await h.client.get(f"/units/{work.units['PRESTOY']['id']}/queue", headers=work.manager("Mona"))).json()
    assert [a["id"] for a in queue["items"]] == [applied["id"], own["id"]]
    assert queue["items"][0]["proposal"]["split"]["paid_hours"] == "2"


async def test_an_employee_sees_their_own_applications_only(work: Any) -> None:
    await staffed(work)
    olas = await work.apply("Ola", "medical", MON, hours_per_day="2")
    await work.apply("Lise", "moving", MON)
    h = work.h
    assert (await h.client.get(f"/applications/{olas['id']}", headers=work.as_("Lise"))).status_code == 404
    mine = (await h.client.get("/applications", headers=work.as_("Lise"))).json()["items"]
    assert [a["reason"] for a in mine] == ["moving"]
    withdraw = await h.client.post(f"/applications/{olas['id']}/withdrawal", headers=work.as_("Lise"))
    assert withdraw.status_code == 404
    response = await h.client.post(
        "/applications",
        json={"employee_id": work.employees["Ola"]["id"], "reason": "medical", "start_date": "2026-03-03",
              "end_date": "2026-03-03", "justification": "For Ola"},
        headers=work.as_("Lise"),
    )  # fmt: skip
    assert response.status_code == 403
    everyone = (await h.client.get("/applications", headers=work.hr())).json()["items"]
    assert len(everyone) == 2


async def test_lea03_grant_less_deny_with_a_reason_and_a_right_that_cannot_be_denied(work: Any) -> None:
    await staffed(work)
    week = await work.apply("Ola", "other_welfare", MON, date(2026, 3, 6))
    assert week["proposal"]["split"]["parts"][0]["discretionary"] is True
    less = await work.decide(week, "Mona", end_date="2026-03-03")
    assert less["current"] == {"start_date": "2026-03-02", "end_date": "2026-03-03", "hours_per_day": None}
    assert less["requested"]["end_date"] == "2026-03-06"
    assert less["decision"]["split"]["unpaid_days"] == "2.00"

    more = await work.apply("Ola", "moving", date(2026, 3, 9))
    refused = await work.decide(more, "Mona", end_date="2026-03-10", status=422)
    assert refused["errors"] == [{"field": "end_date", "message": "outside"}]
    no_reason = await work.decide(more, "Mona", outcome="deny", status=422)
    assert no_reason["errors"] == [{"field": "note", "message": "required"}]
    denied = await work.decide(more, "Mona", outcome="deny", note="Forsvarlig bemanning (LEA-03)")
    assert denied["status"] == "denied" and denied["decision"]["note"] == "Forsvarlig bemanning (LEA-03)"
    assert denied["decision"]["split"] is None and denied["decision"]["pots_after"]
    again = await work.decide(more, "Mona", status=409)
    assert again["status"] == 409

    rehab = await work.apply("Ola", "rehabilitation", date(2026, 4, 6), date(2026, 12, 31))
    refused = await work.decide(rehab, "Mona", outcome="deny", note="Budsjett", status=422)
    assert refused["rule"] == "LEA-05"
    shorter = await work.decide(rehab, "Mona", end_date="2026-06-30", status=422)
    assert shorter["rule"] == "LEA-05"


async def test_lea02_phone_applications_only_when_urgent_and_the_channel_is_kept(work: Any) -> None:
    await staffed(work)
    refused = await work.apply("Ola", "death", MON, channel="phone", status=422)
    assert refused["rule"] == "LEA-02" and refused["errors"][0]["field"] == "channel"
    # The manager records the urgent call for Ola.
    response = await work.h.client.post(
        "/applications",
        json={"employee_id": work.employees["Ola"]["id"], "reason": "death", "start_date": MON.isoformat(),
              "end_date": MON.isoformat(), "justification": "Ringte inn", "channel": "phone", "urgent": True},
        headers=work.manager("Mona"),
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["channel"] == "phone"
    assert response.json()["submitted_by"] == work.employees["Mona"]["id"]


async def test_lea01_a_temporary_employee_gets_no_regulation_leave_but_statutory_leave_is_recorded(
    work: Any,
) -> None:
    await staffed(work)
    await work.employee("Vikar", "PRESTOY", permanent=False)
    refused = await work.apply("Vikar", "death", MON, status=422)
    assert refused["rule"] == "LEA-01"
    parental = await work.apply("Vikar", "parental", MON, date(2026, 3, 13))
    assert parental["legal_basis"].startswith("Arbeidsmiljøloven § 12-5")
    granted = await work.decide(parental, "Mona")
    assert granted["decision"]["split"]["statutory_hours"] == "75"
    assert granted["decision"]["split"]["paid_hours"] == "0"


async def test_bad_input_is_refused_naming_the_field_or_rule_and_nothing_is_written(work: Any) -> None:
    await staffed(work)
    granted = await work.grant("Ola", "medical", MON, date(2026, 3, 3))
    before = await work.count(Application.__table__)
    overlap = await work.apply("Ola", "moving", date(2026, 3, 3), status=409)
    assert overlap["errors"] == [{"field": "start_date", "message": f"overlaps {granted['id']} on 2026-03-03"}]
    backwards = await work.apply("Ola", "moving", date(2026, 3, 10), date(2026, 3, 9), status=422)
    assert backwards["errors"] == [{"field": "end_date", "message": "the last day comes before the first"}]
    unknown = await work.apply("Ola", "birthday", date(2026, 3, 10), status=422)
    assert unknown["errors"] == [{"field": "reason", "message": "unknown reason"}]
    negative = await work.apply("Ola", "medical", date(2026, 3, 10), hours_per_day="-2", status=422)
    assert negative["errors"][0]["field"] == "body.hours_per_day"
    too_many = await work.apply("Ola", "medical", date(2026, 3, 10), hours_per_day="8", status=422)
    assert too_many["errors"][0]["field"] == "hours_per_day"
    weekend = await work.apply("Ola", "moving", date(2026, 3, 7), date(2026, 3, 8), status=422)
    assert weekend["errors"][0]["field"] == "start_date"
    before_regulation = await work.apply("Ola", "moving", date(2012, 7, 2), status=422)
    assert before_regulation["errors"][0]["field"] == "start_date"
    assert await work.count(Application.__table__) == before


async def test_lea16_some_hours_at_the_doctor_share_a_day_with_some_hours_of_blood_donation(work: Any) -> None:
    await staffed(work)
    await work.apply("Ola", "medical", MON, hours_per_day="3")
    await work.apply("Ola", "blood_donation", MON, hours_per_day="4.5")
    full = await work.apply("Ola", "first_school_day", MON, hours_per_day="0.5", status=409)
    assert full["status"] == 409


async def test_lea16_a_leave_across_new_year_charges_each_year(work: Any, kit: Any) -> None:
    await staffed(work)
    await work.grant("Ola", "medical", date(2026, 11, 2), date(2026, 11, 13))  # 10 days of 2026's pot
    decided = await work.grant("Ola", "serious_illness", date(2026, 12, 28), date(2027, 1, 6))
    split = decided["decision"]["split"]
    assert [(p["year"], p["pay"], p["days"], p["rule"]) for p in split["parts"]] == [
        (2026, "paid", 2, "LEA-10"),
        (2026, "unpaid", 2, "LEA-16"),
        (2027, "paid", 1, "LEA-10"),
        (2027, "unpaid", 2, "LEA-16"),
    ]
    assert kit.pot(await work.quotas("Ola", 2026))["remaining_days"] == "0.00"
    assert kit.pot(await work.quotas("Ola", 2027))["used_days"] == "1.00"


async def test_lea03_a_grant_revoked_or_cut_short_gives_the_days_back_and_tells_payroll(work: Any, kit: Any) -> None:
    await staffed(work)
    await ten_paid_days(work, "Ola")
    week = await work.grant("Ola", "death", MON, date(2026, 3, 4))
    h = work.h
    cut = await h.client.post(f"/applications/{week['id']}/revocation",
                              json={"reason": "Kom tilbake etter to dager", "from_date": "2026-03-04"},
                              headers=work.manager("Mona"))  # fmt: skip
    assert cut.status_code == 200, cut.text
    body = cut.json()
    assert body["status"] == "granted" and body["current"]["end_date"] == "2026-03-03"
    assert body["decision"]["split"]["unpaid_hours"] == "0" and body["revocation"]["from_date"] == "2026-03-04"
    [revoked] = await work.outbox("no.folkevalgt.leave.leave.revoked.v1")
    assert (revoked["revoked_from"], revoked["end_date"], revoked["paid_hours"]) == ("2026-03-04", "2026-03-03", "15")
    assert revoked["version"] > 2
    everything = {"reason": "Feilregistrert", "from_date": "2026-03-02"}
    whole = await h.client.post(f"/applications/{week['id']}/revocation", json=everything, headers=work.hr())
    assert whole.json()["status"] == "revoked" and whole.json()["decision"]["split"]["paid_hours"] == "0"
    assert kit.pot(await work.quotas("Ola", 2026))["remaining_days"] == "2.00"
    async with work.h.app.state.db.reading() as session:
        parts = (
            await session.scalars(select(GrantedPart).where(GrantedPart.application_id == uuid.UUID(week["id"])))
        ).all()
    assert parts == []
    response = await h.client.post(f"/applications/{week['id']}/revocation", json={"reason": "Igjen"},
                                   headers=work.hr())  # fmt: skip
    assert response.status_code == 409
    # The days are free again: a new application for them is accepted.
    await work.apply("Ola", "moving", MON)


async def test_withdrawn_before_the_decision_only(work: Any) -> None:
    await staffed(work)
    applied = await work.apply("Ola", "moving", MON)
    h = work.h
    withdrawn = await h.client.post(f"/applications/{applied['id']}/withdrawal", headers=work.as_("Ola"))
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert (
        await h.client.post(f"/applications/{applied['id']}/withdrawal", headers=work.as_("Ola"))
    ).status_code == 409
    await work.apply("Ola", "moving", MON)  # the day is free again


async def test_lea32_a_second_leave_for_municipal_office_within_a_period_is_the_employers_discretion(
    work: Any,
) -> None:
    await staffed(work)
    await work.grant("Ola", "municipal_office", date(2022, 10, 3), date(2026, 9, 30))
    second = await work.apply("Ola", "municipal_office", date(2026, 10, 1), date(2027, 9, 30))
    parts = second["proposal"]["split"]["parts"]
    # 1–2 October 2026 still lie within the four years from 3 October 2022; from Monday 5 October, discretion.
    assert [(p["first_date"], p["last_date"], p["right"]) for p in parts][:2] == [
        ("2026-10-01", "2026-10-02", True),
        ("2026-10-05", "2026-12-31", False),
    ]
    assert not any(p["right"] for p in parts[1:]) and all(p["discretionary"] for p in parts[1:])


async def test_reasons_are_listed_with_their_rule_and_settings(work: Any) -> None:
    await staffed(work)
    reasons = (await work.h.client.get("/reasons", params={"on": "2026-01-01"}, headers=work.as_("Ola"))).json()
    death = next(r for r in reasons if r["code"] == "death")
    assert (death["rule"], death["paid"], death["max_days"], death["pot"]) == ("LEA-11", True, "3", "welfare")
    sickness = next(r for r in reasons if r["code"] == "sickness")
    assert sickness["source"] == "statutory" and sickness["paid"] is None


async def test_an_application_created_twice_with_one_key_is_one_application(work: Any) -> None:
    await staffed(work)
    body = {"reason": "moving", "start_date": "2026-03-02", "end_date": "2026-03-02", "justification": "Flytter"}
    headers = {**work.as_("Ola"), "Idempotency-Key": "flytting"}
    first = await work.h.client.post("/applications", json=body, headers=headers)
    again = await work.h.client.post("/applications", json=body, headers=headers)
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert await work.count(Application.__table__) == 1


async def test_lea02_an_application_for_an_unknown_employee_is_422_naming_the_field_and_tells_nothing(
    work: Any,
) -> None:
    """HR records an application for an id nobody has: 422 naming body.employee_id, nothing written. A manager
    of another unit gets the same 403 for an unknown id as for an employee of that unit: the answer does not
    tell whether the employee exists."""
    await staffed(work)
    body = {"reason": "death", "start_date": MON.isoformat(), "end_date": MON.isoformat(),
            "justification": "Ringte inn", "channel": "phone", "urgent": True}  # fmt: skip
    unknown = "00000000-0000-4000-8000-00000000dead"
    by_hr = await work.h.client.post("/applications", json={**body, "employee_id": unknown}, headers=work.hr())
    assert by_hr.status_code == 422, by_hr.text
    assert by_hr.json()["errors"][0] == {
        "field": "body.employee_id",
        "message": "no such employee you may apply for",
        "code": "unknown_reference",
    }
    answers = []
    for employee_id in (unknown, work.employees["Ola"]["id"]):  # Ola is not in Per's unit
        response = await work.h.client.post(
            "/applications", json={**body, "employee_id": employee_id}, headers=work.manager("Per")
        )
        answers.append((response.status_code, response.json()["detail"]))
    assert answers[0] == answers[1] == (403, "an employee applies only for themself")
    everyone = (await work.h.client.get("/applications", headers=work.hr())).json()["items"]
    assert everyone == []  # nothing written
