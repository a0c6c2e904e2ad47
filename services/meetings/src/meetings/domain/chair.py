"""Who chairs the meeting (MTG-09). Seed: "Møtet ledes av ordfører, eller i dennes fravær varaordfører. Har
begge forfall, velges en særskilt møteleder ved flertallsvalg." The body's leader (the mayor) chairs when
present; else the deputy leader (the deputy mayor); with both absent, the meeting elects a chair by majority
election — more than half of the votes cast — and the vote is recorded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from folkevalgt_shared.errors import InvalidInput, RuleViolation

LEADER_ROLES = ("chair", "mayor")
DEPUTY_ROLES = ("vice_chair", "deputy_mayor")


@dataclass(frozen=True)
class ChairElection:
    votes_for: int
    votes_against: int


@dataclass(frozen=True)
class Chair:
    person: UUID
    basis: str  # leader | deputy_leader | elected
    election: ChairElection | None = None


def chair_of_meeting(present: Mapping[UUID, str], named: UUID | None, election: ChairElection | None) -> Chair:
    """`present`: the role of everyone present; `named`: the chair the secretariat names, if any."""
    for roles, basis in ((LEADER_ROLES, "leader"), (DEPUTY_ROLES, "deputy_leader")):
        holder = next((p for role in roles for p, r in sorted(present.items(), key=str) if r == role), None)
        if holder is None:
            continue
        if named not in (None, holder) or election is not None:
            who = "the leader (mayor)" if basis == "leader" else "the deputy leader (deputy mayor)"
            raise RuleViolation(
                f"{who} is present and chairs the meeting; another chair is elected only when both are absent",
                rule="MTG-09",
                errors=[{"field": "chair_id", "message": f"must be {holder} or left out"}],
            )
        return Chair(holder, basis)
    if named is None or named not in present:
        raise InvalidInput(
            "with the leader and deputy leader absent, the meeting elects a chair among those present (MTG-09)",
            errors=[{"field": "chair_id", "message": "required, among those present"}],
        )
    if election is None:
        raise RuleViolation(
            "with the leader and deputy leader absent, the chair is elected by majority election: give the vote",
            rule="MTG-09",
            errors=[{"field": "chair_election", "message": "required"}],
        )
    cast = election.votes_for + election.votes_against
    if cast > len(present) or 2 * election.votes_for <= cast:
        raise RuleViolation(
            f"{election.votes_for} of {cast} votes cast is no majority election of the chair, with {len(present)} "
            "present",
            rule="MTG-09",
            errors=[{"field": "chair_election", "message": "more than half of the votes cast, by those present"}],
        )
    return Chair(named, "elected", election)
