"""Votes on proposals: who may vote (MTG-22), how (MTG-29), simple majority and the chair's casting vote (MTG-25)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from folkevalgt_shared.errors import RuleViolation


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"


@dataclass(frozen=True)
class Ballot:
    voter: UUID
    choice: Choice


@dataclass(frozen=True)
class Outcome:
    adopted: bool
    votes_for: int
    votes_against: int
    casting_vote: bool  # MTG-25: the tie was decided by the chair's vote


def decide(votes_for: int, votes_against: int, chair_choice: Choice | None) -> Outcome:
    """MTG-25: simple majority of the votes cast; on a tie the chair's vote decides.

    With no chair's vote among them (the chair did not vote), a tie is no majority: not adopted.
    """
    if votes_for != votes_against:
        return Outcome(votes_for > votes_against, votes_for, votes_against, casting_vote=False)
    adopted = chair_choice is Choice.FOR
    return Outcome(adopted, votes_for, votes_against, casting_vote=chair_choice is not None)


def count_ballots(eligible: Set[UUID], ballots: Sequence[Ballot], chair: UUID | None) -> Outcome:
    """Counts a recorded vote. Only members present for the case vote, each once, and all of
    them must vote: there is no abstention, and blank votes exist only in elections (MTG-22)."""
    strangers = sorted(str(b.voter) for b in ballots if b.voter not in eligible)
    if strangers:
        raise RuleViolation(
            "only members present during the treatment of the case may vote",
            rule="MTG-22",
            errors=[{"field": "ballots", "message": f"not entitled to vote in this case: {', '.join(strangers)}"}],
        )
    repeated = sorted(str(v) for v, n in Counter(b.voter for b in ballots).items() if n > 1)
    if repeated:
        raise RuleViolation(
            "each member votes once",
            rule="MTG-22",
            errors=[{"field": "ballots", "message": f"voted more than once: {', '.join(repeated)}"}],
        )
    missing = sorted(str(v) for v in eligible - {b.voter for b in ballots})
    if missing:
        raise RuleViolation(
            "every member present must vote; abstention is not allowed",
            rule="MTG-22",
            errors=[{"field": "ballots", "message": f"no vote from: {', '.join(missing)}"}],
        )
    counts = Counter(b.choice for b in ballots)
    chair_choice = next((b.choice for b in ballots if b.voter == chair), None)
    return decide(counts[Choice.FOR], counts[Choice.AGAINST], chair_choice)


class Method(StrEnum):
    """MTG-29: how a vote is taken (stemmemåten)."""

    TACIT = "tacit"  # stilltiende godkjenning: nobody objects
    SHOW_OF_HANDS = "show_of_hands"  # those against raise their hands; the others are counted for
    COUNTER_VOTE = "counter_vote"  # kontraavstemning: for and against both counted, on demand
    SECRET_BALLOT = "secret_ballot"  # sedler uten underskrift: only elections and appointments


def ballots_by_method(
    method: Method, eligible: Set[UUID], *, ballots: Sequence[Ballot], against: Set[UUID]
) -> list[Ballot]:
    """MTG-29: turns what the chair saw into one ballot per member taking part (MTG-22: all vote).

    Tacit approval and a show of hands count every member taking part who did not object or raise
    a hand as voting for; a counter-vote records each member's own choice."""
    if method is Method.SECRET_BALLOT:
        raise RuleViolation(
            "unsigned ballots are used only in elections and appointments",
            rule="MTG-29",
            errors=[{"field": "method", "message": "use tacit, show_of_hands or counter_vote"}],
        )
    if method is Method.TACIT:
        if ballots or against:
            raise RuleViolation(
                "tacit approval needs that nobody objects; take the vote by show of hands instead",
                rule="MTG-29",
                errors=[{"field": "method", "message": "tacit approval records no ballots and no one against"}],
            )
        return [Ballot(voter, Choice.FOR) for voter in sorted(eligible)]
    if method is Method.SHOW_OF_HANDS:
        if ballots:
            raise RuleViolation(
                "a show of hands counts only those against; record a counter-vote to give every ballot",
                rule="MTG-29",
                errors=[{"field": "ballots", "message": "give those against in 'against'"}],
            )
        strangers = sorted(str(v) for v in against - eligible)
        if strangers:
            raise RuleViolation(
                "only members present during the treatment of the case may vote",
                rule="MTG-22",
                errors=[{"field": "against", "message": f"not entitled to vote in this case: {', '.join(strangers)}"}],
            )
        return [Ballot(voter, Choice.AGAINST if voter in against else Choice.FOR) for voter in sorted(eligible)]
    if against:
        raise RuleViolation(
            "a counter-vote records every member's ballot",
            rule="MTG-29",
            errors=[{"field": "against", "message": "give each member's choice in 'ballots'"}],
        )
    return list(ballots)
