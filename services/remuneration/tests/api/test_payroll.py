"""Payroll pulls approved payout lines (REM-90, REM-92): incrementally with a cursor, never the same line
twice as new; corrections come as new lines referencing the line they correct; also as streamed CSV."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import Any

from sqlalchemy import insert

from folkevalgt_shared.testing import Harness
from folkevalgt_shared.types import utcnow
from remuneration.batches.models import Batch, PayLineRow
from remuneration.payroll.schemas import PayrollPage

PAYROLL = "payroll:read"


async def pull(rem: Harness, after: int, limit: int = 500) -> dict[str, Any]:
    response = await rem.client.get(f"/payroll/lines?after={after}&limit={limit}", headers=rem.headers(PAYROLL))
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def approved_quarter(rem: Harness, council: Any) -> dict[str, Any]:
    await council.seat("Kari", "member")
    await council.seat("Ola", "member")
    await council.meeting("municipal-council", council.oslo(2026, 2, 5), ["Kari", "Ola"])
    batch = await rem.post("/batches", {"period": "2026Q1"})
    await rem.post(f"/batches/{batch['id']}/approve", None, 200)
    return dict(batch)


async def test_rem90_the_cursor_never_returns_a_line_twice_and_corrections_arrive_as_new_lines(
    rem: Harness, council: Any
) -> None:
    draft_only = await rem.post("/batches", {"period": "2025Q4"}, 409)  # nothing held then: nothing to pay
    assert draft_only["status"] == 409
    batch = await approved_quarter(rem, council)
    count = batch["totals"]["lines"]
    seen: list[str] = []
    page = await pull(rem, 0, limit=2)
    while True:
        seen += [line["line_id"] for line in page["items"]]
        if page["next"] is None:
            break
        page = await pull(rem, page["cursor"], limit=2)
    assert len(seen) == len(set(seen)) == count
    cursor = page["cursor"]
    assert (await pull(rem, cursor))["items"] == []  # pulled again: nothing new
    # A draft is not visible to payroll; its approval is.
    await council.end("Ola", "member", date(2026, 2, 15))
    correction = await rem.post("/batches", {"period": "2026Q1"})
    assert (await pull(rem, cursor))["items"] == []
    await rem.post(f"/batches/{correction['id']}/approve", None, 200)
    new = (await pull(rem, cursor))["items"]
    assert new and not {line["line_id"] for line in new} & set(seen)
    assert all(line["corrects"] in seen for line in new if line["corrects"])
    assert any(line["corrects"] for line in new)
    line = new[0]
    assert set(line) >= {
        "line_id",
        "recipient_kind",
        "recipient_id",
        "period",
        "item_type",
        "amount",
        "currency",
        "reporting_code",
        "tax_treatment",
        "rule",
        "rate_version",
        "sources",
        "claim_id",
        "corrects",
    }
    assert line["currency"] == "NOK" and line["period"] == "2026Q1"


async def test_rem90_a_json_page_is_the_documented_page_with_the_values_of_the_batch_listing(
    rem: Harness, council: Any
) -> None:
    """The page is written from the rows without a model per line: byte for byte what PayrollPage gives,
    and each line as the batch's own listing shows it, corrections included."""
    first = await approved_quarter(rem, council)
    await council.end("Ola", "member", date(2026, 2, 15))
    correction = await rem.post("/batches", {"period": "2026Q1"})
    await rem.post(f"/batches/{correction['id']}/approve", None, 200)
    listed: dict[str, dict[str, Any]] = {}
    for batch in (first, correction):
        response = await rem.client.get(f"/batches/{batch['id']}/lines", headers=rem.headers("remuneration:write"))
        listed |= {line["line_id"]: line for line in response.json()["items"]}
    pulled: list[dict[str, Any]] = []
    after = 0
    while True:
        response = await rem.client.get(f"/payroll/lines?after={after}&limit=3", headers=rem.headers(PAYROLL))
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        assert PayrollPage.model_validate_json(response.content).model_dump_json().encode() == response.content
        page = response.json()
        pulled += page["items"]
        after = page["cursor"]
        if page["next"] is None:
            break
        assert page["next"].endswith(f"/payroll/lines?after={after}&limit=3")
    assert [line["line_id"] for line in pulled] == sorted(listed, key=lambda i: listed[i]["sequence"])
    assert any(line["corrects"] for line in pulled)
    for line in pulled:
        assert line == {key: listed[line["line_id"]][key] for key in line}


async def test_rem92_each_line_carries_its_reporting_code_and_tax_treatment(rem: Harness, council: Any) -> None:
    await approved_quarter(rem, council)
    lines = (await pull(rem, 0))["items"]
    fee = next(line for line in lines if line["item_type"] == "meeting_fee")
    assert fee["reporting_code"] == "styrehonorarOgGodtgjoerelseVerv"
    assert fee["tax_treatment"] == "withholding" and fee["benefit_type"]
    assert {line["recipient_kind"] for line in lines} >= {"person", "organisation"}  # party support (REM-60)


async def test_rem90_csv_has_a_header_one_row_per_line_and_the_cursor(rem: Harness, council: Any) -> None:
    await approved_quarter(rem, council)
    lines = (await pull(rem, 0))["items"]
    response = await rem.client.get("/payroll/lines.csv", headers=rem.headers(PAYROLL))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:7] == ["line_id", "recipient_id", "recipient_kind", "period", "item_type", "amount", "currency"]
    assert "reporting_code" in rows[0] and "tax_treatment" in rows[0] and "corrects_line_id" in rows[0]
    assert [r[0] for r in rows[1:]] == [line["line_id"] for line in lines]
    by_id = {line["line_id"]: line for line in lines}
    header = rows[0]
    for row in rows[1:]:
        record = dict(zip(header, row, strict=True))
        assert record["amount"] == by_id[record["line_id"]]["amount"] and record["currency"] == "NOK"
    cursor = int(response.headers["payroll-cursor"])
    assert cursor == lines[-1]["sequence"]
    again = await rem.client.get(f"/payroll/lines.csv?after={cursor}", headers=rem.headers(PAYROLL))
    assert list(csv.reader(io.StringIO(again.text))) == [header]
    assert again.headers["payroll-cursor"] == str(cursor)
    first_two = await rem.client.get("/payroll/lines.csv?limit=2", headers=rem.headers(PAYROLL))
    assert len(list(csv.reader(io.StringIO(first_two.text)))) == 3
    assert first_two.headers["payroll-cursor"] == str(lines[1]["sequence"])


async def test_rem90_csv_streams_many_lines_in_pages_without_loss(rem: Harness) -> None:
    """More lines than one page of the stream: each exactly once, in sequence order."""
    batch_id = uuid.uuid4()
    count = 12_345
    rows = [
        {
            "id": uuid.uuid4(),
            "batch_id": batch_id,
            "position": n,
            "sequence": n,
            "recipient_id": str(uuid.uuid4()),
            "recipient_kind": "person",
            "period": "2026Q1",
            "item_type": "meeting_fee",
            "amount": 40_000,
            "benefit_type": "kontantytelse",
            "reporting_code": "styrehonorarOgGodtgjoerelseVerv",
            "tax_treatment": "withholding",
            "rule": "REM-30",
            "rate_version": "KST 1/26",
            "explanation": "Meeting fee",
            "sources": [f"attendance:{uuid.uuid4()}"],
            "earned_on": date(2026, 2, 5),
            "claim_id": None,
            "corrects": None,
            "line_key": f"k{n}",
        }
        for n in range(1, count + 1)
    ]
    now = utcnow()
    async with rem.app.state.db.transaction() as session:
        await session.execute(
            insert(Batch).values(
                id=batch_id,
                period="2026Q1",
                status="approved",
                model="1",
                rate_pending=[],
                created_at=now,
                created_by="test",
                version=1,
                modified_at=now,
            )
        )
        await session.execute(insert(PayLineRow), rows)
    response = await rem.client.get("/payroll/lines.csv", headers=rem.headers(PAYROLL))
    parsed = list(csv.reader(io.StringIO(response.text)))
    assert len(parsed) == count + 1
    assert [r[0] for r in parsed[1:]] == [str(r["id"]) for r in rows]
    assert {r[5] for r in parsed[1:]} == {"400.00"}
    assert response.headers["payroll-cursor"] == str(count)


async def test_only_payroll_pulls_lines(rem: Harness, council: Any) -> None:
    kari = await council.seat("Kari", "member")
    politician = rem.headers("remuneration:read", sub=kari)
    assert (await rem.client.get("/payroll/lines", headers=politician)).status_code == 403
    assert (await rem.client.get("/payroll/lines.csv", headers=politician)).status_code == 403
    assert (await rem.client.get("/payroll/lines?after=-1", headers=rem.headers(PAYROLL))).status_code == 422
