"""What of a case is published (MTG-06, MTG-07) and how its public treatments read in OParl."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from meetings.domain.publication import (
    DECISION,
    RECOMMENDATION,
    STATEMENT,
    Role,
    Treatment,
    document_published,
    rank,
    roles,
)

BODY_TYPES = [
    "municipal_council",
    "executive_committee",
    "standing_committee",
    "administration_committee",
    "appeals_board",
    "dispensation_committee",
    "elderly_council",
    "disability_council",
    "youth_council",
]
treatments = st.lists(st.builds(Treatment, st.sampled_from(BODY_TYPES), st.booleans()), max_size=8)


def test_mtg06_only_public_fetchable_documents_of_open_treatments_are_published() -> None:
    url = "https://sak.example.no/d/1.pdf"
    assert document_published(exempt=False, case_closed=False, url=url)
    assert not document_published(exempt=True, case_closed=False, url=url)
    assert not document_published(exempt=False, case_closed=True, url=url)  # MTG-07
    assert not document_published(exempt=False, case_closed=False, url=None)


def test_a_case_through_committee_to_council_is_decided_in_the_council() -> None:
    path = [
        Treatment("youth_council", False),
        Treatment("standing_committee", True),
        Treatment("municipal_council", True),
    ]
    assert roles(path) == [Role(STATEMENT, False), Role(RECOMMENDATION, False), Role(DECISION, True)]


def test_a_delegated_case_is_decided_by_the_committee_and_a_postponement_decides_nothing() -> None:
    path = [Treatment("standing_committee", False), Treatment("standing_committee", True)]
    assert roles(path) == [Role(DECISION, False), Role(DECISION, True)]
    assert roles([Treatment("youth_council", True)]) == [Role(DECISION, True)]


@given(treatments)
def test_the_highest_body_decides_and_only_a_vote_makes_it_authoritative(path: list[Treatment]) -> None:
    found = roles(path)
    assert len(found) == len(path)
    if path:
        assert any(r.role == DECISION for r in found)
    top = max((rank(t.body_type) for t in path), default=0)
    for treatment, role in zip(path, found, strict=True):
        assert (role.role == DECISION) == (rank(treatment.body_type) == top)
        assert role.authoritative == (role.role == DECISION and treatment.voted)
        if role.role == STATEMENT:
            assert rank(treatment.body_type) == 0
