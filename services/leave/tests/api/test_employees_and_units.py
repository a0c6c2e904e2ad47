"""HR keeps the units and employees the regulation covers (LEA-01): one by one with ETag/If-Match, or in bulk as
JSON or CSV, all rows or none. An employee sees only themself; a manager their unit."""

from __future__ import annotations

from typing import Any

from leave.employees.models import Employee
from leave.units.models import Unit

CSV = """employee_number;name;unit_code;position_percent;full_time_hours_per_day;permanent;employment_start;person_id
1001;Kari Nordmann;PRESTOY;80;;true;2012-08-01;
1002;Per Hansen;PRESTOY;100;7.5;true;2005-01-01;
1003;Lise Berg;HESSENG;50;8;false;2020-03-01;
"""


async def test_lea01_an_employee_is_added_changed_with_if_match_and_holds_a_day_of_their_position(work: Any) -> None:
    await work.unit("PRESTOY", "Prestøyhjemmet")
    kari = await work.employee("Kari", "PRESTOY", percent="80")
    assert kari["position_percent"] == "80" and kari["day_hours"] == "6"  # 7.5 × 80 %
    h = work.h
    got = await h.client.get(f"/employees/{kari['id']}", headers=work.hr())
    etag = got.headers["ETag"]
    changed = await h.client.patch(
        f"/employees/{kari['id']}", json={"position_percent": "50"}, headers={**work.hr(), "If-Match": etag}
    )
    assert changed.status_code == 200 and changed.json()["day_hours"] == "3.75"
    stale = await h.client.patch(
        f"/employees/{kari['id']}", json={"position_percent": "60"}, headers={**work.hr(), "If-Match": etag}
    )
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    assert (await h.client.get(f"/employees/{kari['id']}", headers=work.hr())).json()["position_percent"] == "50"


async def test_lea01_a_position_over_100_percent_is_refused_naming_the_field_and_nothing_is_written(
    work: Any,
) -> None:
    await work.unit("PRESTOY")
    body = {"employee_number": "9", "name": "X", "unit_code": "PRESTOY", "position_percent": "100.5",
            "permanent": True, "employment_start": "2020-01-01"}  # fmt: skip
    response = await work.h.client.post("/employees", json=body, headers=work.hr())
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["body.position_percent"]
    assert await work.count(Employee.__table__) == 0
    for bad, field in (("0", "body.position_percent"), ("-10", "body.position_percent")):
        response = await work.h.client.post("/employees", json={**body, "position_percent": bad}, headers=work.hr())
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field


async def test_employees_import_as_csv_then_again_as_json_updates_only_what_changed(work: Any) -> None:
    h = work.h
    units = [{"code": "PRESTOY", "name": "Prestøyhjemmet"}, {"code": "HESSENG", "name": "Hesseng barnehage"}]
    await h.client.post("/units/import", json=units, headers=work.hr())
    response = await h.client.post(
        "/employees/import", content=CSV.encode(), headers={**work.hr(), "Content-Type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"created": 3, "updated": 0, "unchanged": 0}
    rows = [
        {"employee_number": "1001", "name": "Kari Nordmann", "unit_code": "PRESTOY", "position_percent": "100",
         "permanent": True, "employment_start": "2012-08-01"},
        {"employee_number": "1002", "name": "Per Hansen", "unit_code": "PRESTOY", "position_percent": "100",
         "full_time_hours_per_day": "7.5", "permanent": True, "employment_start": "2005-01-01"},
    ]  # fmt: skip
    again = await h.client.post("/employees/import", json=rows, headers=work.hr())
    assert again.json() == {"created": 0, "updated": 1, "unchanged": 1}
    listed = (await h.client.get("/employees", params={"unit_code": "HESSENG"}, headers=work.hr())).json()["items"]
    assert [(e["name"], e["day_hours"], e["permanent"]) for e in listed] == [("Lise Berg", "4", False)]
    # Managers of Prestøy see their unit's employees only.
    per = next(e for e in (await h.client.get("/employees", headers=work.hr())).json()["items"]
               if e["employee_number"] == "1002")  # fmt: skip
    await h.client.post("/units/import", json=[{"code": "PRESTOY", "name": "Prestøyhjemmet",
                                                "manager_employee_number": "1002"}], headers=work.hr())  # fmt: skip
    mine = await h.client.get("/employees", headers=h.headers("leave:decide", "leave:read", sub=per["id"]))
    assert sorted(e["employee_number"] for e in mine.json()["items"]) == ["1001", "1002"]


async def test_a_bad_row_refuses_the_whole_import_naming_row_and_field(work: Any) -> None:
    h = work.h
    await work.unit("PRESTOY")
    csv_text = CSV.replace("1002;Per Hansen;PRESTOY;100", "1002;Per Hansen;PRESTOY;120").replace("HESSENG", "NOWHERE")
    response = await h.client.post(
        "/employees/import", content=csv_text.encode(), headers={**work.hr(), "Content-Type": "text/csv"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "rows[1].position_percent", "message": "Input should be less than or equal to 100", "line": 3}
    ]
    fixed = csv_text.replace(";120;", ";100;")
    response = await h.client.post(
        "/employees/import", content=fixed.encode(), headers={**work.hr(), "Content-Type": "text/csv"}
    )
    assert response.status_code == 422 and response.json()["errors"] == [
        {"field": "rows[2].unit_code", "message": "no unit 'NOWHERE'"}
    ]
    twice = [{"code": "A", "name": "A"}, {"code": "A", "name": "B"}]
    response = await h.client.post("/units/import", json=twice, headers=work.hr())
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "rows[1].code"
    assert await work.count(Employee.__table__) == 0 and await work.count(Unit.__table__) == 1


async def test_an_employee_sees_themself_and_not_a_colleague(work: Any) -> None:
    kari = await work.employee("Kari", "PRESTOY")
    ola = await work.employee("Ola", "PRESTOY")
    h = work.h
    assert (await h.client.get(f"/employees/{kari['id']}", headers=work.as_("Kari"))).status_code == 200
    assert (await h.client.get(f"/employees/{ola['id']}", headers=work.as_("Kari"))).status_code == 404
    assert (await h.client.get(f"/employees/{ola['id']}/quotas", headers=work.as_("Kari"))).status_code == 404
    listed = (await h.client.get("/employees", headers=work.as_("Kari"))).json()["items"]
    assert [e["name"] for e in listed] == ["Kari"]
    assert [e["name"] for e in (await h.client.get("/employees/me", headers=work.as_("Kari"))).json()] == ["Kari"]
    # Only HR changes employees.
    response = await h.client.patch(f"/employees/{kari['id']}", json={"position_percent": "100"},
                                    headers=work.as_("Kari"))  # fmt: skip
    assert response.status_code == 403


async def test_a_unit_created_twice_with_one_idempotency_key_is_created_once(work: Any) -> None:
    h = work.h
    headers = {**work.hr(), "Idempotency-Key": "unit-1"}
    first = await h.client.post("/units", json={"code": "KKS", "name": "Kirkenes kompetansesenter"}, headers=headers)
    again = await h.client.post("/units", json={"code": "KKS", "name": "Kirkenes kompetansesenter"}, headers=headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    clash = await h.client.post("/units", json={"code": "KKS", "name": "Annet"}, headers=work.hr())
    assert clash.status_code == 409 and clash.json()["errors"] == [{"field": "code", "message": "taken"}]


async def test_a_literal_path_is_never_taken_for_an_id_so_other_methods_get_405_with_the_right_allow(
    work: Any,
) -> None:
    """`/employees/me` and the imports are their own resources: a PATCH there is not a PATCH of an employee
    whose id failed to parse (422) but a method the resource does not have (405), and Allow says which it has."""
    await work.unit("PRESTOY")
    kari = await work.employee("Kari", "PRESTOY")
    h = work.h
    for method, path, allowed in (
        ("PATCH", "/employees/me", "GET"),
        ("DELETE", "/employees/me", "GET"),
        ("PATCH", "/employees/import", "POST"),
        ("GET", "/employees/import", "POST"),
        ("PATCH", "/units/import", "POST"),
        ("GET", "/units/import", "POST"),
    ):
        response = await h.client.request(method, path, json={"name": "x"}, headers=work.hr())
        assert response.status_code == 405, (method, path, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["Allow"] == allowed, (method, path)
    # The id routes still take ids, and an id that is no UUID finds no resource instead of a validation error.
    assert (await h.client.get(f"/employees/{kari['id']}", headers=work.hr())).status_code == 200
    assert (await h.client.options(f"/employees/{kari['id']}", headers=work.hr())).headers["Allow"] == "GET, PATCH"
    assert (await h.client.get("/employees/not-an-id", headers=work.hr())).status_code == 404
    assert (await h.client.get("/units/import/queue", headers=work.hr())).status_code == 404


async def test_a_unit_keeps_its_name_a_null_name_is_refused_and_a_null_manager_removes_the_manager(
    work: Any,
) -> None:
    unit = await work.unit("PRESTOY", "Prestøyhjemmet")
    mona = await work.employee("Mona", "PRESTOY", manages=True)
    h, path = work.h, f"/units/{unit['id']}"
    got = await h.client.get(path, headers=work.hr())
    assert got.json()["manager_id"] == mona["id"]
    refused = await h.client.patch(
        path, json={"name": None, "manager_id": None}, headers={**work.hr(), "If-Match": got.headers["ETag"]}
    )
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in refused.json()["errors"]] == ["body.name"]
    unchanged = (await h.client.get(path, headers=work.hr())).json()
    assert (unchanged["name"], unchanged["manager_id"]) == ("Prestøyhjemmet", mona["id"])  # nothing written
    cleared = await h.client.patch(
        path, json={"manager_id": None}, headers={**work.hr(), "If-Match": got.headers["ETag"]}
    )
    assert cleared.status_code == 200 and cleared.json()["manager_id"] is None
    assert cleared.json()["name"] == "Prestøyhjemmet"
