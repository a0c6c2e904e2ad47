"""MTG-01 eligibility as pure rules: the boundaries of the youth council's ages and of the elderly council's
majority, on the day a term starts."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from folkevalgt_shared.errors import RuleViolation
from meetings.domain.composition import Tenure
from meetings.domain.eligibility import (
    Office,
    PersonFacts,
    age_on,
    check_eligibility,
    check_pensioner_majority,
)

START = date(2026, 1, 1)


def tenure(role: str = "member", start: date = START, end: date | None = None) -> Tenure:
    return Tenure(id=uuid.uuid4(), person_id=uuid.uuid4(), role=role, start=start, end=end)


@pytest.mark.parametrize(
    ("birth", "allowed"),
    [
        (date(2013, 1, 2), False),  # 12 until tomorrow
        (date(2013, 1, 1), True),  # 13 today
        (date(2007, 1, 2), True),  # 18 until tomorrow
        (date(2007, 1, 1), False),  # 19 today
        (date(2012, 2, 29), True),
    ],
)
def test_mtg01_youth_council_age_on_the_day_the_term_starts(birth: date, allowed: bool) -> None:
    def check() -> None:
        check_eligibility(
            body_type="youth_council", candidate=tenure(), on_behalf_of=None, facts=PersonFacts(birth), offices=[]
        )

    if allowed:
        check()
    else:
        with pytest.raises(RuleViolation) as refused:
            check()
        assert refused.value.rule == "MTG-01"


def test_mtg01_age_counts_birthdays() -> None:
    assert age_on(date(2008, 3, 1), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 3, 1), date(2026, 3, 1)) == 18


def test_mtg01_executive_committee_member_must_sit_in_the_council_that_very_day() -> None:
    council = Office("municipal_council", "member", date(2023, 10, 1), date(2025, 12, 31))
    with pytest.raises(RuleViolation):
        check_eligibility(
            body_type="executive_committee",
            candidate=tenure(),
            on_behalf_of=None,
            facts=PersonFacts(),
            offices=[council],
        )
    check_eligibility(
        body_type="executive_committee",
        candidate=tenure(start=date(2025, 12, 31)),
        on_behalf_of=None,
        facts=PersonFacts(),
        offices=[council],
    )
    group_leader = Office("municipal_council", "group_leader", date(2023, 10, 1), None)
    with pytest.raises(RuleViolation):
        check_eligibility(
            body_type="executive_committee",
            candidate=tenure(),
            on_behalf_of=None,
            facts=PersonFacts(),
            offices=[group_leader],
        )


@pytest.mark.parametrize(("seats", "allowed"), [(7, 3), (6, 2), (1, 0)])
def test_mtg01_elderly_council_non_pensioners_leave_a_majority(seats: int, allowed: int) -> None:
    others = [(tenure(), False) for _ in range(allowed)]
    check_pensioner_majority(seats=seats, candidate=tenure(), pensioner=True, others=others)
    with pytest.raises(RuleViolation):
        check_pensioner_majority(seats=seats, candidate=tenure(), pensioner=False, others=others)
    # One of them gone before the candidate's term: the seat is free for a non-pensioner.
    if allowed:
        ended = [(tenure(start=date(2023, 1, 1), end=date(2025, 12, 31)), False), *others[1:]]
        check_pensioner_majority(seats=seats, candidate=tenure(), pensioner=False, others=ended)
