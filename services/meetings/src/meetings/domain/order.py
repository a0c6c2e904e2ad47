"""The order of business (MTG-17): the cases in the order of the notice unless a simple majority
changes it; a case taken up (tatt opp til behandling) is not left until it is decided by vote or
postponed by decision; questions and interpellations come after the other cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from folkevalgt_shared.errors import InvalidInput, RuleViolation


class CaseStatus(StrEnum):
    PENDING = "pending"  # not taken up yet
    UNDER_TREATMENT = "under_treatment"  # taken up, neither decided nor postponed
    DECIDED = "decided"  # decided by a final vote
    POSTPONED = "postponed"  # postponed by decision (utsatt): not voted on again in this meeting


def case_status(*, taken_up: bool, decided: bool, postponed: bool) -> CaseStatus:
    if postponed:
        return CaseStatus.POSTPONED
    if decided:
        return CaseStatus.DECIDED
    return CaseStatus.UNDER_TREATMENT if taken_up else CaseStatus.PENDING


@dataclass(frozen=True)
class PlacedCase:
    """A case at its place in the order of treatment."""

    case: UUID
    case_number: str
    status: CaseStatus


def _require_none_under_treatment(order: Sequence[PlacedCase], what: str) -> None:
    current = next((c for c in order if c.status is CaseStatus.UNDER_TREATMENT), None)
    if current is not None:
        raise RuleViolation(
            f"case {current.case_number} is under treatment: {what} until it is decided by vote or postponed "
            "by decision",
            rule="MTG-17",
            errors=[{"field": "agenda_item", "message": f"finish case {current.case_number} first"}],
        )


def require_meeting_may_end(order: Sequence[PlacedCase]) -> None:
    """MTG-17 (the council's rules, section 10): once a case is taken up the meeting is not ended
    before the case is decided by vote or postponed by decision."""
    _require_none_under_treatment(order, "the meeting is not ended")


def require_free_to_take_up(case: UUID, order: Sequence[PlacedCase]) -> None:
    """MTG-17: a case taken up is not left until decided by vote or postponed by decision, and the
    cases are taken up in the order of the agenda (the notice's, or as a majority changed it)."""
    _require_none_under_treatment([c for c in order if c.case != case], "it is not left")
    place = next(n for n, c in enumerate(order) if c.case == case)
    waiting = next((c for c in order[:place] if c.status is CaseStatus.PENDING), None)
    if waiting is not None:
        raise RuleViolation(
            f"the cases are treated in the order of the agenda and case {waiting.case_number} comes first; "
            "a simple majority may change the order",
            rule="MTG-17",
            errors=[{"field": "agenda_item", "message": f"case {waiting.case_number} comes first"}],
        )


def reorder(order: Sequence[PlacedCase], new: Sequence[UUID]) -> None:
    """MTG-17: a new order names every case on the agenda once; a case already taken up (decided,
    postponed or under treatment) keeps its place, as its treatment has begun where it stands."""
    if len(set(new)) != len(new) or set(new) != {c.case for c in order}:
        raise InvalidInput(
            "the new order names every case on the agenda, each once",
            errors=[{"field": "order", "message": f"give the {len(order)} cases of the agenda, each once"}],
        )
    moved = [
        c.case_number
        for c, placed in zip(order, new, strict=True)
        if c.case != placed and c.status is not CaseStatus.PENDING
    ]
    if moved:
        raise RuleViolation(
            f"case {moved[0]} is already taken up and keeps its place in the order",
            rule="MTG-17",
            errors=[{"field": "order", "message": f"cases taken up keep their place: {', '.join(moved)}"}],
        )


def require_majority(adopted: bool, votes_for: int, votes_against: int) -> None:
    """MTG-17: the order is changed by a simple majority (MTG-25: on a tie the chair's vote decides)."""
    if not adopted:
        raise RuleViolation(
            f"changing the order needs a simple majority of those taking part; {votes_for} for, {votes_against} "
            "against",
            rule="MTG-17",
            errors=[{"field": "ballots", "message": "no majority for the new order"}],
        )
