"""What-if (REM-34): the council compares models on the stored attendance before choosing; nothing is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from folkevalgt_shared.testing import Harness
from remuneration.db import Base


async def row_counts(rem: Harness) -> dict[str, int]:
    async with rem.app.state.db.reading() as session:
        return {
            t.name: int(await session.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
        }


async def autumn_2022(rem: Harness, council: Any) -> None:
    """Two council members and one council meeting in September 2022, when an MP's pay is known (model 2's
    reference); Kari, a pensioner, claimed lost earnings for the day."""
    kari = await council.seat("Kari", "member", start=date(2019, 10, 1))
    await council.seat("Ola", "member", start=date(2019, 10, 1))
    await council.meeting("municipal-council", council.oslo(2022, 9, 8), ["Kari", "Ola"], hours=3)
    council.set_clock(council.oslo(2022, 9, 20))
    as_kari = rem.headers("remuneration:read", sub=kari)
    await rem.client.put(f"/officials/{kari}", json={"earner_category": "pensioner"}, headers=as_kari)
    claim = await rem.post(
        "/claims",
        {"kind": "lost_earnings", "day": "2022-09-08", "hours": "3", "justification": "Pensjonist, møtet varte 3 t"},
        headers=as_kari,
    )
    await rem.post(f"/claims/{claim['id']}/approve", None, 200)


async def test_rem34_what_if_prices_the_stored_attendance_under_another_model_and_writes_nothing(
    rem: Harness, council: Any
) -> None:
    await autumn_2022(rem, council)
    before = await row_counts(rem)
    response = await rem.client.get("/what-if?period=2022Q3&model=2", headers=rem.headers("remuneration:write"))
    assert response.status_code == 200, response.text
    result = response.json()
    assert await row_counts(rem) == before
    assert (result["model"], result["active_model"], result["periods"]) == ("2", "1", ["2022Q3"])
    fees = next(i for i in result["by_item_type"] if i["item_type"] == "meeting_fee")
    assert fees["active"] == "800.00"  # 2 × 400 under model 1 (REM-30)
    assert fees["model"] != fees["active"] and fees["currency"] == "NOK"
    lost = next(i for i in result["by_item_type"] if i["item_type"] == "lost_earnings")
    assert lost["active"] == "360.00"  # 3 h × 120 under model 1 (REM-20)
    kari = next(r for r in result["by_recipient"] if r["recipient_id"] == council.people["Kari"])
    assert kari["name"] == "Kari"
    total = result["total"]
    cents = {k: int(Decimal(v) * 100) for k, v in total.items() if k != "currency"}
    assert cents["difference"] == cents["model"] - cents["active"]


async def test_rem34_what_if_for_a_whole_year(rem: Harness, council: Any) -> None:
    await autumn_2022(rem, council)
    year = (await rem.client.get("/what-if?year=2022&model=3", headers=rem.headers())).json()
    assert year["periods"] == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"] and year["model"] == "3"
    quarter = (await rem.client.get("/what-if?period=2022Q3&model=3", headers=rem.headers())).json()
    fees = {i["item_type"]: i for i in year["by_item_type"]}["meeting_fee"]
    assert fees == {i["item_type"]: i for i in quarter["by_item_type"]}["meeting_fee"]


async def test_rem34_what_if_needs_a_known_model_and_one_span(rem: Harness, council: Any) -> None:
    kari = await council.seat("Kari", "member")
    admin = rem.headers("remuneration:write")
    unknown = await rem.client.get("/what-if?period=2026Q1&model=9", headers=admin)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "model"
    both = await rem.client.get("/what-if?period=2026Q1&year=2026&model=2", headers=admin)
    assert both.status_code == 422
    politician = rem.headers("remuneration:read", sub=kari)
    assert (await rem.client.get("/what-if?period=2026Q1&model=2", headers=politician)).status_code == 403
