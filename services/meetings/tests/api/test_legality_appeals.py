"""Legality appeals (MTG-38, seed 2001–2002): lodged with the body that made the decision, which decides on
it first; only a decision it upholds is forwarded for legality review."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.testing import Harness


@pytest.fixture
async def decided(meetings: Harness, build: Any) -> dict[str, Any]:
    """A council of three and a committee whose meeting decided a case; a later committee meeting and a council
    meeting, each with a case to treat the appeal in."""
    council = await build.council(["mayor", "member", "member"])
    committee = await build.body(["chair", "member"], key="committee", body_type="standing_committee")
    decision = await build.meeting(committee, agenda=[{"case_number": "150/26", "title": "Skjenkebevilling"}])
    later = await build.meeting(
        committee, days_ahead=20, agenda=[{"case_number": "151/26", "title": "Lovlighetsklage"}]
    )
    in_council = await build.meeting(council, days_ahead=25, agenda=[{"case_number": "152/26", "title": "Klage"}])
    today = str(oslo_date(datetime.now(UTC)))
    appeal = {
        "decision_reference": "UTV 150/26",
        "decided_by": "Utvalget",
        "decided_on": today,
        "agenda_item_id": decision.items[0]["id"],
        "signatories": council.members,
        "grounds": "Vedtaket er truffet av et organ uten myndighet.",
    }
    return {
        "appeal": appeal,
        "committee": committee.id,
        "council": council.id,
        "review_here": later.items[0]["id"],
        "review_elsewhere": in_council.items[0]["id"],
        "today": today,
    }


async def test_mtg38_lodged_with_the_deciding_body_which_upholds_before_it_is_forwarded(
    meetings: Harness, decided: dict[str, Any]
) -> None:
    lodged = await meetings.post("/legality-appeals", decided["appeal"])
    assert (lodged["status"], lodged["lodged_with_body_id"]) == ("lodged", decided["committee"])
    listed = (
        await meetings.client.get(f"/legality-appeals?body_id={decided['committee']}", headers=meetings.headers())
    ).json()
    assert [a["id"] for a in listed["items"]] == [lodged["id"]]
    path = f"/legality-appeals/{lodged['id']}"
    # Not forwarded before the body has upheld its decision.
    early = await meetings.post(f"{path}/forward", {"forwarded_on": decided["today"]}, 422)
    assert early["rule"] == "MTG-38"
    # The body that decided reviews it, in a case of its own: not the council, not without a case.
    review = {"outcome": "upheld", "decided_on": decided["today"]}
    for wrong in ({}, {"agenda_item_id": decided["review_elsewhere"]}):
        problem = await meetings.post(f"{path}/review", review | wrong, 422)
        assert problem["rule"] == "MTG-38" and problem["errors"][0]["field"] == "agenda_item_id"
    upheld = await meetings.post(f"{path}/review", review | {"agenda_item_id": decided["review_here"]}, 200)
    assert (upheld["status"], upheld["review_agenda_item_id"]) == ("upheld", decided["review_here"])
    await meetings.post(f"{path}/review", review | {"agenda_item_id": decided["review_here"]}, 409)
    forwarded = await meetings.post(f"{path}/forward", {"forwarded_on": decided["today"]}, 200)
    assert (forwarded["status"], forwarded["forwarded_to"]) == ("forwarded", "Statsforvalteren i Troms og Finnmark")
    await meetings.post(f"{path}/forward", {"forwarded_on": decided["today"]}, 409)


async def test_mtg38_a_reversed_decision_is_not_forwarded_and_the_body_must_match_the_case(
    meetings: Harness, decided: dict[str, Any]
) -> None:
    mismatch = await meetings.post("/legality-appeals", decided["appeal"] | {"body_id": decided["council"]}, 422)
    assert mismatch["errors"][0]["field"] == "body_id"
    lodged = await meetings.post("/legality-appeals", decided["appeal"])
    path = f"/legality-appeals/{lodged['id']}"
    review = {"outcome": "reversed", "decided_on": decided["today"], "agenda_item_id": decided["review_here"]}
    assert (await meetings.post(f"{path}/review", review, 200))["status"] == "reversed"
    refused = await meetings.post(f"{path}/forward", {"forwarded_on": decided["today"]}, 422)
    assert refused["rule"] == "MTG-38" and "reversed" in refused["errors"][0]["message"]
    # The administration's own decision is reviewed by the administration, without a body's case.
    administrative = {k: v for k, v in decided["appeal"].items() if k != "agenda_item_id"} | {"decided_by": "Rådmannen"}
    own = await meetings.post("/legality-appeals", administrative)
    assert own["lodged_with_body_id"] is None
    in_a_body = await meetings.post(f"/legality-appeals/{own['id']}/review", review | {"outcome": "upheld"}, 422)
    assert in_a_body["rule"] == "MTG-38"
    upheld = {"outcome": "upheld", "decided_on": decided["today"]}
    assert (await meetings.post(f"/legality-appeals/{own['id']}/review", upheld, 200))["status"] == "upheld"
