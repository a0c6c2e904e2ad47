"""The order of business (MTG-17): one case at a time, in the agenda's order, changed by a majority."""

from __future__ import annotations

import random
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkevalgt_shared.errors import InvalidInput, RuleViolation
from meetings.domain.order import (
    CaseStatus,
    PlacedCase,
    case_status,
    reorder,
    require_free_to_take_up,
    require_majority,
    require_meeting_may_end,
)

PENDING, TREATING, DECIDED, POSTPONED = (
    CaseStatus.PENDING,
    CaseStatus.UNDER_TREATMENT,
    CaseStatus.DECIDED,
    CaseStatus.POSTPONED,
)


def agenda(*statuses: CaseStatus) -> list[PlacedCase]:
    return [PlacedCase(uuid.UUID(int=n + 1), f"00{n + 1}/26", s) for n, s in enumerate(statuses)]


def test_mtg17_case_status_follows_the_treatment() -> None:
    assert case_status(taken_up=False, decided=False, postponed=False) is PENDING
    assert case_status(taken_up=True, decided=False, postponed=False) is TREATING
    assert case_status(taken_up=True, decided=True, postponed=False) is DECIDED
    assert case_status(taken_up=True, decided=False, postponed=True) is POSTPONED


def test_mtg17_a_case_taken_up_is_not_left_until_decided_or_postponed() -> None:
    order = agenda(DECIDED, TREATING, PENDING)
    require_free_to_take_up(order[1].case, order)  # the case under treatment itself goes on
    with pytest.raises(RuleViolation) as refused:
        require_free_to_take_up(order[2].case, order)
    assert refused.value.rule == "MTG-17" and "002/26 is under treatment" in refused.value.detail
    for finished in (DECIDED, POSTPONED):
        done = agenda(DECIDED, finished, PENDING)
        require_free_to_take_up(done[2].case, done)


def test_mtg17_the_meeting_is_not_ended_while_a_case_is_under_treatment() -> None:
    require_meeting_may_end(agenda(DECIDED, POSTPONED, PENDING))
    with pytest.raises(RuleViolation) as refused:
        require_meeting_may_end(agenda(DECIDED, TREATING, PENDING))
    assert refused.value.rule == "MTG-17" and "002/26" in refused.value.detail


def test_mtg17_cases_are_taken_up_in_the_order_of_the_agenda() -> None:
    order = agenda(POSTPONED, PENDING, PENDING)
    require_free_to_take_up(order[1].case, order)
    with pytest.raises(RuleViolation) as refused:
        require_free_to_take_up(order[2].case, order)
    assert refused.value.rule == "MTG-17" and refused.value.errors == [
        {"field": "agenda_item", "message": "case 002/26 comes first"}
    ]


def test_mtg17_a_new_order_names_every_case_of_the_agenda_once() -> None:
    order = agenda(PENDING, PENDING, PENDING)
    a, b, c = (p.case for p in order)
    reorder(order, [c, a, b])
    for wrong in ([a, b], [a, b, b], [a, b, c, uuid.uuid4()], [a, b, uuid.uuid4()]):
        with pytest.raises(InvalidInput) as refused:
            reorder(order, wrong)
        assert refused.value.errors[0]["field"] == "order"


def test_mtg17_cases_taken_up_keep_their_place() -> None:
    order = agenda(DECIDED, TREATING, PENDING, PENDING)
    a, b, c, d = (p.case for p in order)
    reorder(order, [a, b, d, c])
    for moved in ([b, a, c, d], [a, c, b, d]):
        with pytest.raises(RuleViolation) as refused:
            reorder(order, moved)
        assert refused.value.rule == "MTG-17" and refused.value.errors[0]["field"] == "order"


@given(st.lists(st.sampled_from(list(CaseStatus)), min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_mtg17_any_order_of_the_waiting_cases_is_allowed_and_no_other(
    statuses: list[CaseStatus], rnd: random.Random
) -> None:
    order = agenda(*statuses)
    new = [p.case for p in order]
    rnd.shuffle(new)
    keeps_taken_up = all(p.status is PENDING or p.case == n for p, n in zip(order, new, strict=True))
    if keeps_taken_up:
        reorder(order, new)
    else:
        with pytest.raises(RuleViolation):
            reorder(order, new)


def test_mtg17_the_order_changes_only_by_a_majority() -> None:
    require_majority(True, 3, 2)
    with pytest.raises(RuleViolation) as refused:
        require_majority(False, 2, 3)
    assert refused.value.rule == "MTG-17" and "2 for, 3 against" in refused.value.detail
