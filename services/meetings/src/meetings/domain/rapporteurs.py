"""The case rapporteur (saksordfører, MTG-18): appointed by the mayor or the committee leader among the
body's members, in turn. Our reading of "in turn": when none is named, the member who has presented the
fewest of the body's cases, and of those the one whose last case is longest ago (never before first), then
in the order of the register; a named rapporteur is the appointer's choice, but must be a member."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from folkevalgt_shared.errors import RuleViolation


def require_member(rapporteur: UUID, members: Sequence[UUID]) -> None:
    if rapporteur not in members:
        raise RuleViolation(
            "the case rapporteur is a member of the body on the meeting's day",
            rule="MTG-18",
            errors=[{"field": "rapporteur_id", "message": "not a member of the body"}],
        )


def next_in_turn(members: Sequence[UUID], earlier: Sequence[tuple[UUID, datetime]]) -> UUID | None:
    """The member whose turn it is; `earlier` are the body's earlier cases' rapporteurs and when appointed."""
    if not members:
        return None
    counts = dict.fromkeys(members, 0)
    last: dict[UUID, datetime] = {}
    for person, at in earlier:
        if person in counts:
            counts[person] += 1
            last[person] = max(at, last.get(person, at))
    order = {m: i for i, m in enumerate(members)}

    def turn(m: UUID) -> tuple[int, float, int]:
        return counts[m], last[m].timestamp() if m in last else float("-inf"), order[m]

    return min(members, key=turn)
