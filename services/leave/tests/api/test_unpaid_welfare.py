"""Unpaid welfare leave of chapter 4, rule by rule (LEA-21..24): each reason's maximum for the occasion is unpaid
and never touches the paid welfare pot; a day over it is another welfare reason at the manager's discretion
(LEA-26); a second application for the same occasion shares the maximum; the applicant is the employee themself,
and a manager applying is decided by HR, never by themself (LEA-03)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select

from leave.applications.models import Application, GrantedPart

MON = date(2026, 3, 2)  # a Monday with a plain working week after it
FRI = date(2026, 3, 6)


async def staffed(work: Any) -> None:
    """Prestøy: Mona manages, Ola and Kari (half time) work there; Hesseng: Per manages."""
    await work.staff(
        ("Mona", "PRESTOY", "100", True),
        ("Ola", "PRESTOY", "100", False),
        ("Kari", "PRESTOY", "50", False),
        ("Per", "HESSENG", "100", True),
    )


def parts(application: dict[str, Any]) -> list[tuple[str, int, str, bool]]:
    split = (application.get("decision") or {}).get("split") or application["proposal"]["split"]
    return [(p["pay"], p["days"], p["rule"], p["discretionary"]) for p in split["parts"]]


async def granted_parts(work: Any, application: dict[str, Any]) -> list[tuple[str, str]]:
    async with work.h.app.state.db.reading() as session:
        rows = await session.execute(
            select(GrantedPart.pay, GrantedPart.rule).where(GrantedPart.application_id == uuid.UUID(application["id"]))
        )
        return sorted((pay, rule) for pay, rule in rows)


async def test_lea21_moving_is_one_unpaid_day_and_leaves_the_paid_pot_whole(work: Any, kit: Any) -> None:
    await staffed(work)
    one = await work.apply("Ola", "moving", MON, occasion="Flytting til Kirkenes")
    assert one["rule"] == "LEA-21" and parts(one) == [("unpaid", 1, "LEA-21", False)]
    assert one["proposal"]["split"]["paid_hours"] == "0" and kit.pot(one["proposal"])["remaining_days"] == "12.00"
    decided = await work.decide(one, "Mona")
    assert decided["status"] == "granted" and decided["decision"]["split"]["unpaid_hours"] == "7.5"
    assert kit.pot(await work.quotas("Ola", 2026))["used_days"] == "0.00"  # chapter 4 draws on no pot


async def test_lea21_a_second_day_for_the_same_move_is_discretionary_whether_asked_at_once_or_later(
    work: Any,
) -> None:
    await staffed(work)
    two = await work.apply("Ola", "moving", MON, date(2026, 3, 3), occasion="Flytting")
    assert parts(two) == [("unpaid", 1, "LEA-21", False), ("unpaid", 1, "LEA-26", True)]
    assert "beyond LEA-21's maximum of 1 day for the occasion" in two["proposal"]["split"]["parts"][1]["why"]
    # The manager grants the day the rule gives and not the discretionary one.
    cut = await work.decide(two, "Mona", end_date=MON.isoformat())
    assert parts(cut) == [("unpaid", 1, "LEA-21", False)]
    # The same move asked for again the week after: the one day is used, all of it is at the manager's discretion.
    again = await work.apply("Ola", "moving", date(2026, 3, 9), occasion="Flytting")
    assert parts(again) == [("unpaid", 1, "LEA-26", True)]
    # Continuing the day already granted, without naming the move, is the same move too.
    continued = await work.apply("Ola", "moving", date(2026, 3, 3))
    assert parts(continued) == [("unpaid", 1, "LEA-26", True)]
    # Another move later in the year is another occasion.
    later = await work.apply("Ola", "moving", date(2026, 9, 7), occasion="Flytting tilbake")
    assert parts(later) == [("unpaid", 1, "LEA-21", False)]


async def test_lea21_the_half_time_colleague_has_one_day_of_her_own_hours(work: Any) -> None:
    await staffed(work)
    one = await work.apply("Kari", "moving", MON, date(2026, 3, 3), occasion="Flytting")
    split = one["proposal"]["split"]
    assert parts(one) == [("unpaid", 1, "LEA-21", False), ("unpaid", 1, "LEA-26", True)]
    assert (split["requested_hours"], split["unpaid_hours"]) == ("7.5", "7.5")  # 3.75 a day (LEA-01)
    assert [p["hours"] for p in split["parts"]] == ["3.75", "3.75"]


async def test_lea22_international_sports_is_five_unpaid_days_and_the_sixth_is_discretionary(
    work: Any, kit: Any
) -> None:
    await staffed(work)
    five = await work.apply("Ola", "international_sports", MON, FRI, occasion="Landskamp Tromsø")
    assert five["rule"] == "LEA-22" and parts(five) == [("unpaid", 5, "LEA-22", False)]
    six = await work.apply("Per", "international_sports", MON, date(2026, 3, 9), occasion="VM")
    assert parts(six) == [("unpaid", 5, "LEA-22", False), ("unpaid", 1, "LEA-26", True)]
    assert six["proposal"]["split"]["paid_hours"] == "0" and kit.pot(six["proposal"])["remaining_days"] == "12.00"
    granted = await work.decide(five, "Mona")
    assert await granted_parts(work, granted) == [("unpaid", "LEA-22")]
    # The same championship again: its five days are taken, every further day is discretionary.
    more = await work.apply("Ola", "international_sports", date(2026, 3, 16), occasion="Landskamp Tromsø")
    assert parts(more) == [("unpaid", 1, "LEA-26", True)]


async def test_lea23_a_championship_final_is_two_unpaid_days_and_the_third_is_discretionary(work: Any) -> None:
    await staffed(work)
    two = await work.apply("Ola", "championship_final", MON, date(2026, 3, 3), occasion="NM-finale")
    assert two["rule"] == "LEA-23" and parts(two) == [("unpaid", 2, "LEA-23", False)]
    three = await work.apply("Kari", "championship_final", MON, date(2026, 3, 4), occasion="NM-finale")
    assert parts(three) == [("unpaid", 2, "LEA-23", False), ("unpaid", 1, "LEA-26", True)]
    # Not the five days of an international event: the final has its own, lower maximum.
    assert "maximum of 2 days" in three["proposal"]["split"]["parts"][1]["why"]


async def test_lea23_also_for_managers_who_apply_themselves_and_are_decided_by_hr_not_by_themselves(
    work: Any,
) -> None:
    await staffed(work)
    final = await work.apply("Mona", "championship_final", MON, date(2026, 3, 4), occasion="NM-finale")
    assert parts(final) == [("unpaid", 2, "LEA-23", False), ("unpaid", 1, "LEA-26", True)]
    # The manager of the unit is the applicant: she cannot decide it, and another unit's manager cannot reach it.
    await work.decide(final, "Mona", status=403)
    await work.decide(final, "Per", status=404)
    assert (await work.h.client.get(f"/applications/{final['id']}", headers=work.hr())).json()["status"] == "pending"
    assert await granted_parts(work, final) == []
    # Nor does she apply in another's name, nor an employee in hers.
    body = {"reason": "championship_final", "start_date": "2026-03-09", "end_date": "2026-03-09",
            "justification": "NM", "employee_id": work.employees["Mona"]["id"]}  # fmt: skip
    response = await work.h.client.post("/applications", json=body, headers=work.as_("Ola"))
    assert response.status_code == 403
    decided = await work.h.client.post(
        f"/applications/{final['id']}/decision", json={"outcome": "grant"}, headers=work.hr()
    )
    assert decided.status_code == 200 and parts(decided.json())[:1] == [("unpaid", 2, "LEA-23", False)]
    assert await granted_parts(work, final) == [("unpaid", "LEA-23"), ("unpaid", "LEA-26")]


async def test_lea24_a_religious_or_national_holiday_is_two_unpaid_days_never_paid_from_the_pot(
    work: Any, kit: Any
) -> None:
    await staffed(work)
    two = await work.apply("Ola", "religious_holiday", MON, date(2026, 3, 3), occasion="Eid al-Fitr")
    assert two["rule"] == "LEA-24" and parts(two) == [("unpaid", 2, "LEA-24", False)]
    assert two["proposal"]["split"]["paid_hours"] == "0" and kit.pot(two["proposal"])["remaining_days"] == "12.00"
    three = await work.apply("Kari", "religious_holiday", MON, date(2026, 3, 4), occasion="Eid al-Fitr")
    assert parts(three) == [("unpaid", 2, "LEA-24", False), ("unpaid", 1, "LEA-26", True)]
    # A weekend inside the leave is no working day: Friday to Monday is two days, within the maximum.
    across = await work.apply("Ola", "religious_holiday", FRI, date(2026, 3, 9), occasion="Nyttår (kinesisk)")
    assert parts(across) == [("unpaid", 2, "LEA-24", False)]
    # A leave of weekend days only covers no working day and is refused, naming the field; nothing is written.
    async with work.h.app.state.db.reading() as session:
        before = len((await session.scalars(select(Application.id))).all())
    saturday = await work.apply("Ola", "religious_holiday", date(2026, 3, 14), date(2026, 3, 15), status=422)
    assert saturday["errors"][0]["field"] == "start_date"
    async with work.h.app.state.db.reading() as session:
        assert len((await session.scalars(select(Application.id))).all()) == before


async def test_lea21_to_lea24_apply_to_permanent_employees_only(work: Any) -> None:
    await staffed(work)
    await work.employee("Tor", "PRESTOY", permanent=False)
    for reason in ("moving", "international_sports", "championship_final", "religious_holiday"):
        refused = await work.apply("Tor", reason, MON, status=422)
        assert refused["rule"] == "LEA-01" and refused["errors"][0]["field"] == "reason", reason
