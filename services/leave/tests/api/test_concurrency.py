"""LEA-16 under load: two decisions for one employee at the same moment cannot both take the last paid day.
The decision locks the employee's row (FOR UPDATE on PostgreSQL; SQLite lets one writer in at a time)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlalchemy import func, select

from leave.applications.models import GrantedPart


async def test_lea16_two_concurrent_decisions_share_the_last_paid_day(work: Any, kit: Any) -> None:
    await work.staff(("Mona", "PRESTOY", "100", True), ("Ola", "PRESTOY", "100", False))
    await work.grant("Ola", "medical", date(2026, 1, 5), date(2026, 1, 19))  # 11 of the 12 days
    first = await work.apply("Ola", "death", date(2026, 3, 2), occasion="a")
    second = await work.apply("Ola", "serious_illness", date(2026, 3, 3), occasion="b")
    for applied in (first, second):  # each alone would be paid in full
        assert applied["proposal"]["split"]["paid_days"] == "1.00"

    async def grant(applied: dict[str, Any]) -> Any:
        return await work.h.client.post(
            f"/applications/{applied['id']}/decision", json={"outcome": "grant"}, headers=work.manager("Mona")
        )

    for _ in range(3):  # the race is the point: run it more than once
        responses = await asyncio.gather(grant(first), grant(second))
        if all(r.status_code == 200 for r in responses):
            break
    assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
    splits = [r.json()["decision"]["split"] for r in responses]
    assert sorted((s["paid_days"], s["unpaid_days"]) for s in splits) == [("0.00", "1.00"), ("1.00", "0.00")]
    async with work.h.app.state.db.reading() as session:
        paid = await session.scalar(
            select(func.sum(GrantedPart.hours)).where(GrantedPart.pay == "paid", GrantedPart.year == 2026)
        )
    assert paid == 12 * 7_500_000
    assert kit.pot(await work.quotas("Ola", 2026))["remaining_hours"] == "0"


async def test_lea03_two_concurrent_applications_for_the_same_day_cannot_both_wait(work: Any) -> None:
    await work.employee("Ola", "PRESTOY")

    async def apply(reason: str) -> Any:
        body = {"reason": reason, "start_date": "2026-03-02", "end_date": "2026-03-02", "justification": "x"}
        return await work.h.client.post("/applications", json=body, headers=work.as_("Ola"))

    responses = await asyncio.gather(apply("moving"), apply("house_building"))
    assert sorted(r.status_code for r in responses) == [201, 409]
