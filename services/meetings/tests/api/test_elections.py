"""Elections and appointments (MTG-26) with gender balance (MTG-27), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from folkevalgt_shared.testing import Harness


@pytest.fixture
async def election(build: Any, meetings: Harness) -> dict[str, Any]:
    """A constituted council meeting of 3 with an election case, and six candidates (4 men, 2 women)."""
    seated = await build.council(["mayor", "member", "member"])
    m = await build.meeting(
        seated, days_ahead=20, agenda=[{"case_number": "050/26", "title": "Valg"}], constituted=True
    )
    candidates = {}
    for name, gender in [
        ("m1", "male"),
        ("m2", "male"),
        ("m3", "male"),
        ("m4", "male"),
        ("f1", "female"),
        ("f2", "female"),
    ]:
        candidates[name] = (await meetings.post("/people", {"name": name, "gender": gender}))["id"]
    return {"path": f"{m.base}/agenda/{m.items[0]['id']}/elections", "c": candidates}


async def test_mtg26_first_round_majority_else_a_new_round(meetings: Harness, election: dict[str, Any]) -> None:
    c = election["c"]
    won = await meetings.post(
        election["path"], {"kind": "election", "round": 1, "places": 1, "votes": {c["m1"]: 14, c["f1"]: 11}}
    )
    assert won["elected"] == [c["m1"]] and won["new_round_needed"] is False
    split = await meetings.post(
        election["path"],
        {"kind": "election", "round": 1, "places": 1, "votes": {c["m1"]: 12, c["f1"]: 12, c["m2"]: 1}},
    )
    assert split["elected"] == [] and split["new_round_needed"] is True


async def test_mtg26_election_tie_goes_to_a_recorded_lottery(meetings: Harness, election: dict[str, Any]) -> None:
    c = election["c"]
    body = {
        "kind": "election",
        "round": 2,
        "places": 1,
        "votes": {c["m1"]: 12, c["m2"]: 12, c["f1"]: 1},
        "lottery_seed": "Vitner: Hansen og Olsen, sak 050/26",
    }
    drawn = await meetings.post(election["path"], body)
    assert drawn["lottery"]["seed"] == body["lottery_seed"] and set(drawn["lottery"]["among"]) == {c["m1"], c["m2"]}
    assert drawn["elected"] == [drawn["lottery"]["order"][0]]
    assert (await meetings.post(election["path"], body))["elected"] == drawn["elected"]  # reproducible
    missing_seed = await meetings.post(election["path"], {**body, "lottery_seed": None}, 422)
    assert missing_seed["errors"][0]["field"] == "lottery_seed"


async def test_mtg26_appointment_tie_is_decided_by_the_chair(meetings: Harness, election: dict[str, Any]) -> None:
    c = election["c"]
    body = {"kind": "appointment", "round": 2, "places": 1, "votes": {c["m1"]: 12, c["f1"]: 12}}
    assert (await meetings.post(election["path"], body, 422))["errors"][0]["field"] == "chair_pick"
    picked = await meetings.post(election["path"], {**body, "chair_pick": [c["f1"]]})
    assert picked["elected"] == [c["f1"]] and picked["lottery"] is None


async def test_mtg27_the_under_represented_gender_moves_up(meetings: Harness, election: dict[str, Any]) -> None:
    c = election["c"]
    votes = {c["m1"]: 20, c["m2"]: 19, c["m3"]: 18, c["m4"]: 17, c["f1"]: 5, c["f2"]: 4}
    result = await meetings.post(election["path"], {"kind": "election", "round": 2, "places": 5, "votes": votes})
    assert set(result["elected"]) == {c["m1"], c["m2"], c["m3"], c["f1"], c["f2"]}  # ≥ 40 % of 5 = 2 women
    assert result["moved_up"] == [c["f2"]]  # in place of the lowest-ranked man, m4
