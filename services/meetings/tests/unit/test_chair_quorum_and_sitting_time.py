"""The chair of a meeting (MTG-09), the lowest quorum a body may have (MTG-02), and when a meeting's procedure
may happen (MTG-15): pure rules."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from folkevalgt_shared.errors import InvalidInput, RuleViolation
from meetings.domain.chair import ChairElection, chair_of_meeting
from meetings.domain.quorum import check_quorum_setting, minimum_quorum
from meetings.domain.sitting_time import require_meeting_day, require_started


def test_mtg09_the_leader_then_the_deputy_leader_then_an_elected_chair() -> None:
    mayor, deputy, member = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    everyone = {mayor: "mayor", deputy: "deputy_mayor", member: "member"}
    assert chair_of_meeting(everyone, None, None).basis == "leader"
    assert chair_of_meeting(everyone, mayor, None).person == mayor
    with pytest.raises(RuleViolation) as other:
        chair_of_meeting(everyone, member, ChairElection(3, 0))
    assert other.value.rule == "MTG-09"
    no_mayor = {deputy: "deputy_mayor", member: "member"}
    assert chair_of_meeting(no_mayor, None, None) == chair_of_meeting(no_mayor, deputy, None)
    with pytest.raises(RuleViolation):
        chair_of_meeting(no_mayor, member, None)
    alone = {member: "member", uuid.uuid4(): "member", uuid.uuid4(): "member"}
    with pytest.raises(InvalidInput):
        chair_of_meeting(alone, None, ChairElection(3, 0))
    with pytest.raises(RuleViolation):
        chair_of_meeting(alone, member, None)  # named, but not elected
    with pytest.raises(RuleViolation):
        chair_of_meeting(alone, member, ChairElection(1, 1))  # half is no majority
    elected = chair_of_meeting(alone, member, ChairElection(2, 1))
    assert (elected.person, elected.basis, elected.election) == (member, "elected", ChairElection(2, 1))


@pytest.mark.parametrize(
    ("seats", "body_type", "lowest"),
    [
        (25, "municipal_council", 13),
        (9, "executive_committee", 5),
        (5, "standing_committee", 3),
        (3, "dispensation_committee", 2),
        (6, "disability_council", 3),
        (7, "youth_council", 3),
        (1, "other", 1),
    ],
)
def test_mtg02_quorum_is_at_least_half_of_the_seats_unless_the_rules_say_otherwise(
    seats: int, body_type: str, lowest: int
) -> None:
    assert minimum_quorum(seats, body_type) == lowest
    check_quorum_setting(seats, lowest, body_type)
    if lowest > 1:
        with pytest.raises(RuleViolation):
            check_quorum_setting(seats, lowest - 1, body_type)
    with pytest.raises(RuleViolation):
        check_quorum_setting(seats, seats + 1, body_type)


def test_mtg15_the_procedure_is_on_the_meetings_day_from_its_start() -> None:
    starts = datetime(2026, 6, 18, 8, 0, tzinfo=UTC)  # 10:00 in Oslo
    require_meeting_day(starts, starts, "the roll call is taken")
    require_meeting_day(starts, datetime(2026, 6, 18, 21, 59, tzinfo=UTC), "the roll call is taken")  # 23:59 Oslo
    for too_early_or_late in (
        starts - timedelta(seconds=1),
        starts - timedelta(days=3),
        datetime(2026, 6, 18, 22, 0, tzinfo=UTC),
    ):  # midnight in Oslo: the next day
        with pytest.raises(RuleViolation) as refused:
            require_meeting_day(starts, too_early_or_late, "the roll call is taken")
        assert refused.value.rule == "MTG-15"
    require_started(starts, datetime(2026, 6, 18, 22, 30, tzinfo=UTC), "votes are taken")  # goes on past midnight
    with pytest.raises(RuleViolation):
        require_started(starts, starts - timedelta(minutes=1), "votes are taken")
