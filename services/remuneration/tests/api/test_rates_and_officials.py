"""The rate tables, read-only from configuration (REM-01), and officials' earner categories (REM-20, REM-33)."""

from __future__ import annotations

from typing import Any

from folkevalgt_shared.testing import Harness


async def test_rem01_rates_in_force_on_a_day_with_the_decision_that_set_them(rem: Harness, council: Any) -> None:
    kari = await council.seat("Kari", "member")
    politician = rem.headers("remuneration:read", sub=kari)
    rates = (await rem.client.get("/rates?on=2026-03-01", headers=politician)).json()
    assert rates["model"] == "1" and {"1", "2", "3", "4"} <= set(rates["models"])
    assert rates["decision"].startswith("Reglement for godtgjøring")
    assert rates["settings"]["models"]["1"]["fees"]["table"][0]["rate"] == 400  # REM-30, in kroner
    assert rates["settings"]["models"]["1"]["lost_earnings"]["documented_day_cap"] == 2500  # REM-20
    versions = (await rem.client.get("/rates/versions", headers=politician)).json()
    assert versions[-1]["valid_to"] is None and versions[-1]["decision"] == rates["decision"]
    assert all(v["valid_from"] <= "2026-03-01" for v in versions if v["decision"] == rates["decision"])
    before = await rem.client.get("/rates?on=1999-01-01", headers=politician)
    assert before.status_code == 422 and before.json()["errors"][0]["field"] == "on"
    assert (await rem.client.get("/rates", headers=rem.headers("payroll:read"))).status_code == 403


async def test_rem20_the_official_or_the_administration_sets_the_earner_category_audited(
    rem: Harness, council: Any
) -> None:
    kari = await council.seat("Kari", "member")
    ola = await council.seat("Ola", "member")
    as_kari = rem.headers("remuneration:read", sub=kari)
    assert (await rem.client.get(f"/officials/{kari}", headers=as_kari)).status_code == 404
    own = await rem.client.put(f"/officials/{kari}", json={"earner_category": "student"}, headers=as_kari)
    assert own.status_code == 200 and own.json()["earner_category"] == "student"
    other = await rem.client.put(f"/officials/{ola}", json={"earner_category": "student"}, headers=as_kari)
    assert other.status_code == 403
    assert (await rem.client.get(f"/officials/{ola}", headers=as_kari)).status_code == 403
    admin = rem.headers("remuneration:write", sub="saksbehandler-7")
    changed = await rem.client.put(f"/officials/{kari}", json={"earner_category": "wage_earner"}, headers=admin)
    assert changed.json()["version"] == 2 and changed.json()["modified_by"] == "saksbehandler-7"
    bad = await rem.client.put(f"/officials/{kari}", json={"earner_category": "fisherman"}, headers=admin)
    assert bad.status_code == 422
    trail = (await rem.client.get(f"/audit?entity=official&entity_id={kari}", headers=admin)).json()
    assert [(e["actor"], e["details"]) for e in trail] == [
        ("saksbehandler-7", {"from": "student", "to": "wage_earner"}),
        (kari, {"from": None, "to": "student"}),
    ]
    assert (await rem.client.get("/audit", headers=as_kari)).status_code == 403
