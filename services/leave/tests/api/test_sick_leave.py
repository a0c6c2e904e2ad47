"""Sick-leave statistics (LEA-70): HR's figures per unit and half-year in (JSON or CSV), percentages by kind per
unit and for the municipality out (JSON, CSV, an SVG of the path against the target), small groups hidden."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

from leave.sick_leave.models import SickLeaveFigures

FIGURES = """year,half,unit_code,unit_name,employees,possible_days,short_term_days,child_illness_days,long_term_days
2012,1,WESSEL,Wesselborgen,40,4000,100,20,200
2012,1,PRESTOY,Prestøyhjemmet,30,3000,120,10,720
2012,1,HESSENG,Hesseng barnehage,12,1200,60,12,110
2012,1,TINY,Lite kontor,3,300,3,0,0
2011,2,WESSEL,Wesselborgen,40,4000,150,20,400
2011,2,PRESTOY,Prestøyhjemmet,30,3000,100,10,500
"""


async def load(work: Any) -> None:
    response = await work.h.client.post(
        "/sick-leave/figures", content=FIGURES.encode(), headers={**work.hr(), "Content-Type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"created": 6, "updated": 0}


async def test_lea70_percentages_per_unit_bands_and_the_municipality_against_the_target(work: Any) -> None:
    await load(work)
    response = await work.h.client.get("/sick-leave/statistics", params={"year": 2012, "half": 1}, headers=work.hr())
    report = response.json()
    units = {u["unit_code"]: u for u in report["units"]}
    assert units["PRESTOY"]["percent"] == {"short_term": "4.0", "child_illness": "0.3", "long_term": "24.0",
                                           "total": "28.3"}  # fmt: skip
    assert units["WESSEL"]["percent"]["total"] == "8.0"
    assert report["above"] == ["PRESTOY"] and report["between"] == []
    # TINY has 3 employees: hidden, and with it the next smallest, HESSENG (15.2 %), which would give it away.
    assert units["HESSENG"]["suppressed"] and units["HESSENG"]["percent"] is None
    assert units["TINY"] == {"unit_code": "TINY", "unit_name": "Lite kontor", "suppressed": True, "employees": None,
                             "percent": None, "band": None}  # fmt: skip
    municipality = report["municipality"]
    assert municipality["employees"] == 85 and municipality["percent"]["total"] == "15.9"  # 1355 of 8500 days
    assert municipality["target_percent"] == "9.6" and municipality["above_target_by"] == "6.3"
    path = {p["half_year"]: p for p in report["path"]}
    assert path["2011H2"]["percent"] == "16.9" and path["2013H2"]["target_percent"] == "8.8"
    assert path["2009H2"]["target_percent"] == "11.0" and path["2010H1"]["percent"] is None


async def test_lea70_the_same_as_csv_and_as_an_svg_chart(work: Any) -> None:
    await load(work)
    h = work.h
    response = await h.client.get("/sick-leave/statistics.csv", params={"year": 2012, "half": 1}, headers=work.hr())
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["unit_code"], r["total_percent"], r["suppressed"]) for r in rows] == [
        ("HESSENG", "", "yes"),
        ("PRESTOY", "28.3", "no"),
        ("TINY", "", "yes"),
        ("WESSEL", "8.0", "no"),
        ("municipality", "15.9", "no"),
    ]
    chart = await h.client.get("/sick-leave/chart.svg", headers=work.manager_token())
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    svg = ET.fromstring(chart.text)
    assert svg.tag.endswith("svg") and "Kommunen" in chart.text and "polyline" in chart.text
    unit = await h.client.get("/sick-leave/chart.svg", params={"unit_code": "PRESTOY"}, headers=work.hr())
    assert "Prestøyhjemmet" in unit.text
    hidden = await h.client.get("/sick-leave/chart.svg", params={"unit_code": "TINY"}, headers=work.hr())
    assert "<circle" not in hidden.text  # no point of a hidden unit is drawn


async def test_lea70_bad_figures_are_refused_by_row_and_nothing_is_stored(work: Any) -> None:
    rows = [
        {"year": 2012, "half": 1, "unit_code": "A", "employees": 10, "possible_days": "100", "short_term_days": "50",
         "child_illness_days": "30", "long_term_days": "30"},
        {"year": 2012, "half": 3, "unit_code": "B", "employees": 10, "possible_days": "100", "short_term_days": "1",
         "child_illness_days": "0", "long_term_days": "0"},
    ]  # fmt: skip
    response = await work.h.client.post("/sick-leave/figures", json=rows, headers=work.hr())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["rows[0]", "rows[1].half"]
    assert await work.count(SickLeaveFigures.__table__) == 0


async def test_lea70_only_managers_and_hr_read_statistics_and_only_hr_reports_figures(work: Any) -> None:
    await work.employee("Ola", "PRESTOY")
    await load(work)
    h = work.h
    response = await h.client.get("/sick-leave/statistics", params={"year": 2012, "half": 1}, headers=work.as_("Ola"))
    assert response.status_code == 403
    response = await h.client.post("/sick-leave/figures", content=FIGURES.encode(),
                                   headers={**work.as_("Ola"), "Content-Type": "text/csv"})  # fmt: skip
    assert response.status_code == 403
    missing = await h.client.get("/sick-leave/statistics", params={"year": 2010, "half": 1}, headers=work.hr())
    assert missing.status_code == 404
