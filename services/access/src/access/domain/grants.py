"""Grants a body decides, checked against the decision the meetings service published (ACC-04/05/21).

ACC-21 needs a majority decision: the vote was adopted. ACC-05 needs at least a third of the body's
members voting for it, whether or not the motion carried: a minority of a third suffices by the
regulation's own words ("når minst 1/3 av medlemmene stemmer for det"). The ACC-04 demand for
documents outside the remit needs no vote by the seed; the chair registers it for the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from access.domain.model import GrantKind, GrantStatus
from folkevalgt_shared.errors import InvalidInput, RuleViolation


@dataclass(frozen=True, slots=True)
class PublishedDecision:
    """A decision.made the meetings service published."""

    vote_event_id: str
    body_key: str
    case_number: str
    adopted: bool
    votes_for: int
    body_seats: int | None


def third_reached(votes_for: int, seats: int) -> bool:
    """ACC-05: at least 1/3 of the members (all seats, not those present) voted for it."""
    return 3 * votes_for >= seats


def check_grant(
    kind: GrantKind,
    body_key: str,
    published: PublishedDecision | None,
    *,
    votes_for: int | None,
    seats: int | None,
) -> GrantStatus:
    """The status a new grant is recorded with; refuses one the decision does not bear out."""
    if published is not None and published.body_key != body_key:
        raise RuleViolation(
            f"the decision was made by {published.body_key}, not {body_key}",
            rule=_RULE[kind],
            errors=[{"field": "body_key", "message": "not the body that decided"}],
        )
    if kind is GrantKind.MAJORITY:
        if published is not None and not published.adopted:
            raise RuleViolation(
                "the decision named was not adopted: access to confidential information needs a majority decision",
                rule="ACC-21",
                errors=[{"field": "vote_event_id", "message": "not adopted"}],
            )
        return GrantStatus.VERIFIED if published is not None else GrantStatus.UNVERIFIED
    if kind is GrantKind.THIRD:
        if published is not None:
            votes_for = published.votes_for
            seats = published.body_seats or seats
        if votes_for is None:
            raise InvalidInput(
                "how many members voted for it is needed (ACC-05)",
                errors=[{"field": "votes_for", "message": "required until the meetings service publishes the vote"}],
            )
        if seats is None or seats <= 0:
            raise InvalidInput(
                "the body's number of members is not known", errors=[{"field": "body_seats", "message": "required"}]
            )
        if not third_reached(votes_for, seats):
            raise RuleViolation(
                f"{votes_for} of {seats} members voted for it: access to another body's documents needs at least "
                "a third of the members",
                rule="ACC-05",
                errors=[{"field": "votes_for", "message": f"at least {-(-seats // 3)} needed"}],
            )
        return GrantStatus.VERIFIED if published is not None else GrantStatus.UNVERIFIED
    if published is not None and not published.adopted:
        raise RuleViolation(
            "the decision named was not adopted",
            rule="ACC-04",
            errors=[{"field": "vote_event_id", "message": "not adopted"}],
        )
    return GrantStatus.VERIFIED


def status_against(kind: GrantKind, published: PublishedDecision, seats: int | None) -> GrantStatus:
    """A grant's status once the meetings service publishes the decision it names (order-free)."""
    if kind is GrantKind.THIRD:
        total = published.body_seats or seats
        ok = total is not None and third_reached(published.votes_for, total)
    else:
        ok = published.adopted
    return GrantStatus.VERIFIED if ok else GrantStatus.CONTRADICTED


_RULE = {GrantKind.MAJORITY: "ACC-21", GrantKind.THIRD: "ACC-05", GrantKind.BODY_DEMAND: "ACC-04"}
