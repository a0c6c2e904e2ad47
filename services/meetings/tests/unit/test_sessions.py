"""MTG-06/07/08 as pure rules: the notice before the meeting begins, closed doors, remote meetings."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from folkevalgt_shared.errors import Conflict, RuleViolation
from meetings.domain.notice import check_not_begun
from meetings.domain.sessions import (
    PERSONNEL_BASIS,
    check_remote_meeting,
    closed_on_agenda,
    require_closing_in_meeting,
)

START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
MAYOR, OTHER = uuid.uuid4(), uuid.uuid4()


def test_mtg06_no_notice_at_or_after_the_start_but_a_second_before_is_still_possible() -> None:
    check_not_begun(START - timedelta(seconds=1), START)
    for late in (START, START + timedelta(hours=1)):
        with pytest.raises(RuleViolation) as refused:
            check_not_begun(late, START)
        assert refused.value.rule == "MTG-06"


def test_mtg07_personnel_cases_are_closed_whatever_is_left_out_and_cannot_be_opened() -> None:
    assert closed_on_agenda(personnel=True, closed=None, basis=None) == (True, PERSONNEL_BASIS)
    assert closed_on_agenda(personnel=True, closed=True, basis="Offl. § 25") == (True, "Offl. § 25")
    with pytest.raises(RuleViolation) as refused:
        closed_on_agenda(personnel=True, closed=False, basis=None)
    assert refused.value.rule == "MTG-07"
    assert closed_on_agenda(personnel=False, closed=None, basis=None) == (False, None)
    with pytest.raises(RuleViolation):
        closed_on_agenda(personnel=False, closed=True, basis=None)


def test_mtg07_closing_in_the_meeting_only_while_it_sits_and_before_the_decision() -> None:
    require_closing_in_meeting(meeting_status="in_progress", already_closed=False, case_decided=False)
    for status in ("planned", "notice_published", "closed", "cancelled"):
        with pytest.raises(Conflict):
            require_closing_in_meeting(meeting_status=status, already_closed=False, case_decided=False)
    with pytest.raises(Conflict):
        require_closing_in_meeting(meeting_status="in_progress", already_closed=True, case_decided=False)
    with pytest.raises(Conflict):
        require_closing_in_meeting(meeting_status="in_progress", already_closed=False, case_decided=True)


@pytest.mark.parametrize(
    ("body_type", "decided_by", "reason", "fields"),
    [
        ("executive_committee", MAYOR, "Må avgjøres før neste møte", set()),
        ("municipal_council", MAYOR, "Haster", {"remote"}),
        ("standing_committee", MAYOR, "Haster", {"remote"}),
        ("executive_committee", OTHER, "Haster", {"remote_decided_by"}),
        ("executive_committee", None, "Haster", {"remote_decided_by"}),
        ("executive_committee", MAYOR, None, {"remote_reason"}),
        ("appeals_board", None, None, {"remote", "remote_decided_by", "remote_reason"}),
    ],
)
def test_mtg08_remote_meeting_needs_the_executive_committee_an_urgent_case_and_the_mayor(
    body_type: str, decided_by: uuid.UUID | None, reason: str | None, fields: set[str]
) -> None:
    def check() -> None:
        check_remote_meeting(remote=True, body_type=body_type, decided_by=decided_by, reason=reason, mayors={MAYOR})

    if not fields:
        check()
        return
    with pytest.raises(RuleViolation) as refused:
        check()
    assert refused.value.rule == "MTG-08"
    assert {e["field"] for e in refused.value.errors} == fields


def test_mtg08_an_ordinary_meeting_carries_no_remote_decision() -> None:
    check_remote_meeting(remote=False, body_type="municipal_council", decided_by=None, reason=None, mayors=set())
    with pytest.raises(RuleViolation):
        check_remote_meeting(remote=False, body_type="executive_committee", decided_by=MAYOR, reason=None, mayors=set())
