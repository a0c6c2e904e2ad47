"""Opening of a meeting (MTG-15), approval of the minutes (MTG-37), minutes remarks (MTG-36) and
extra meetings (MTG-05): the pure rules."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkevalgt_shared.errors import Conflict, InvalidInput, RuleViolation
from meetings.domain.extra_meetings import (
    ExtraGround,
    caller_title,
    check_extra_meeting,
    demand_suffices,
    demands_needed,
)
from meetings.domain.opening import (
    Approver,
    check_signatories,
    require_constitution,
    require_minutes_approved,
    signatories_needed,
)
from meetings.domain.remarks import ALLOWED, PENDING, REFUSED, RemarkState, body_decision, chair_ruling, initial_status


def ids(n: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=i + 1) for i in range(n)]


# -- MTG-15 opening ---------------------------------------------------------------------------


def test_mtg15_constituted_only_if_quorate_and_notice_and_agenda_approved() -> None:
    require_constitution(present=3, quorum=3, notice_approved=True, agenda_approved=True)
    with pytest.raises(RuleViolation) as below:
        require_constitution(present=2, quorum=3, notice_approved=True, agenda_approved=True)
    assert below.value.rule == "MTG-15"
    with pytest.raises(RuleViolation) as refused:
        require_constitution(present=3, quorum=3, notice_approved=True, agenda_approved=False)
    assert refused.value.errors == [{"field": "agenda_approved", "message": "not approved"}]


def test_mtg15_two_signatories_present_besides_the_chair() -> None:
    chair, a, b, c, stranger = ids(5)
    present = {chair, a, b, c}
    check_signatories("standing_committee", [a, b], present, chair)
    for wrong in ([a], [a, b, c], [a, a], [chair, a], [a, stranger]):
        with pytest.raises(RuleViolation) as problem:
            check_signatories("standing_committee", wrong, present, chair)
        assert problem.value.rule == "MTG-15"


def test_mtg15_dispensation_committee_all_present_approve_the_minutes() -> None:
    chair, a, b = ids(3)
    assert signatories_needed("dispensation_committee", 2) == 2
    assert signatories_needed("municipal_council", 24) == 2
    assert signatories_needed("other", 1) == 1  # fewer than two others present: all of them
    check_signatories("dispensation_committee", [a, b], {chair, a, b}, chair)
    with pytest.raises(RuleViolation):
        check_signatories("dispensation_committee", [a], {chair, a, b}, chair)


def test_mtg37_minutes_are_approved_by_the_chair_and_every_signatory() -> None:
    chair, a, b = ids(3)
    now = datetime(2026, 6, 18, tzinfo=UTC)
    done = [Approver(chair, "chair", now), Approver(a, "signatory", now), Approver(b, "signatory", now)]
    require_minutes_approved(done, 2)
    with pytest.raises(RuleViolation) as waiting:
        require_minutes_approved([*done[:2], Approver(b, "signatory", None)], 2)
    assert waiting.value.rule == "MTG-37"
    with pytest.raises(RuleViolation, match="appointed"):
        require_minutes_approved(done[:2], 2)


# -- MTG-36 minutes remarks -------------------------------------------------------------------


def state(status: str, *, formal: bool = False, ruled: bool = False, decided: bool = False) -> RemarkState:
    return RemarkState(status=status, formal_error=formal, chair_ruled=ruled, body_decided=decided)


def test_mtg36_chair_decides_and_the_body_decides_on_protest() -> None:
    assert initial_status(formal_error=False) == PENDING
    assert chair_ruling(state(PENDING), allowed=False, reason=None) == REFUSED
    assert body_decision(state(REFUSED, ruled=True), allowed=True) == ALLOWED
    with pytest.raises(Conflict):
        chair_ruling(state(REFUSED, ruled=True), allowed=True, reason=None)
    with pytest.raises(Conflict):
        body_decision(state(ALLOWED, ruled=True, decided=True), allowed=False)
    with pytest.raises(RuleViolation) as early:
        body_decision(state(PENDING), allowed=True)
    assert early.value.rule == "MTG-36"


def test_mtg36_formal_error_remarks_are_normally_accepted() -> None:
    assert initial_status(formal_error=True) == ALLOWED
    with pytest.raises(RuleViolation) as problem:
        chair_ruling(state(ALLOWED, formal=True), allowed=False, reason=None)
    assert problem.value.rule == "MTG-36"
    assert chair_ruling(state(ALLOWED, formal=True), allowed=False, reason="Ikke en formell feil") == REFUSED
    assert body_decision(state(ALLOWED, formal=True), allowed=False) == REFUSED  # protest against acceptance


# -- MTG-05 extra meetings --------------------------------------------------------------------


@given(seats=st.integers(min_value=1, max_value=99), demands=st.integers(min_value=0, max_value=99))
def test_mtg05_a_third_of_the_members_suffices_exactly(seats: int, demands: int) -> None:
    assert demand_suffices(demands, seats) == (demands * 3 >= seats)
    assert demand_suffices(demands_needed(seats), seats)
    assert not demand_suffices(demands_needed(seats) - 1, seats)


@given(seats=st.integers(min_value=1, max_value=40), data=st.data())
def test_mtg05_demand_by_members_is_checked_against_a_third(seats: int, data: st.DataObject) -> None:
    members = set(ids(seats))
    demanded = frozenset(data.draw(st.sets(st.sampled_from(sorted(members)), min_size=1)))
    ground = ExtraGround(demanded_by=demanded, decided_by=None)
    if 3 * len(demanded) >= seats:
        check_extra_meeting(body_type="standing_committee", seats=seats, ground=ground, members=members, callers=set())
    else:
        with pytest.raises(RuleViolation) as problem:
            check_extra_meeting(
                body_type="standing_committee", seats=seats, ground=ground, members=members, callers=set()
            )
        assert problem.value.rule == "MTG-05"


def test_mtg05_demanders_must_be_members_and_callers_the_mayor_or_leader() -> None:
    a, b, c, outsider, mayor = ids(5)
    members = {a, b, c}
    with pytest.raises(RuleViolation, match="members"):
        check_extra_meeting(
            body_type="other",
            seats=3,
            ground=ExtraGround(frozenset({outsider}), None),
            members=members,
            callers=set(),
        )
    assert caller_title("municipal_council") == caller_title("standing_committee") == "mayor"
    assert caller_title("administration_committee") == caller_title("elderly_council") == "leader"
    check_extra_meeting(
        body_type="municipal_council",
        seats=25,
        ground=ExtraGround(frozenset(), mayor),
        members=members,
        callers={mayor},
    )
    with pytest.raises(RuleViolation, match="mayor"):
        check_extra_meeting(
            body_type="executive_committee",
            seats=9,
            ground=ExtraGround(frozenset(), a),
            members=members,
            callers={mayor},
        )
    with pytest.raises(InvalidInput):
        check_extra_meeting(body_type="other", seats=3, ground=None, members=members, callers=set())


def test_mtg05_appeals_board_meets_as_needed_without_extra_meetings() -> None:
    with pytest.raises(RuleViolation) as problem:
        check_extra_meeting(
            body_type="appeals_board",
            seats=5,
            ground=ExtraGround(frozenset(ids(5)), None),
            members=set(ids(5)),
            callers=set(),
        )
    assert problem.value.rule == "MTG-05"
