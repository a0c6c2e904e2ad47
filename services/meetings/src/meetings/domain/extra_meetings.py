"""Extra meetings outside the meeting plan (MTG-05, KL 1992 § 32 nr. 1).

A body meets according to its plan. An extra meeting is held when at least one third of the
body's members demand it, or when it is found necessary by the mayor (municipal council,
executive committee, standing committees) or by the body's own leader (administration
committee, dispensation committee, the advisory councils, the appeals board). The appeals
board has no plan and meets as needed, so none of its meetings is "extra".

Our readings: "the members" are the body's seats (vacant seats count, so a shrunken body
cannot be called by fewer than a third of its lawful size); bodies not named in the rules
(e.g. ad hoc committees) follow their own leader.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from uuid import UUID

from folkevalgt_shared.errors import InvalidInput, RuleViolation

MAYOR_CALLS = frozenset({"municipal_council", "executive_committee", "standing_committee"})
WITHOUT_PLAN = frozenset({"appeals_board"})


def demand_suffices(demands: int, seats: int) -> bool:
    """At least one third of the members: 3·demands ≥ seats, in integers (no rounding of 1/3)."""
    return seats > 0 and 3 * demands >= seats


def demands_needed(seats: int) -> int:
    return -(-seats // 3)


def has_plan(body_type: str) -> bool:
    return body_type not in WITHOUT_PLAN


def caller_title(body_type: str) -> str:
    """Who besides a third of the members may call an extra meeting of this body type."""
    return "mayor" if body_type in MAYOR_CALLS else "leader"


@dataclass(frozen=True)
class ExtraGround:
    demanded_by: frozenset[UUID]
    decided_by: UUID | None


def check_extra_meeting(
    *,
    body_type: str,
    seats: int,
    ground: ExtraGround | None,
    members: Set[UUID],
    callers: Set[UUID],
) -> None:
    """MTG-05. `members` are the body's members on the meeting day; `callers` the mayor or the
    body's leader on that day, as `caller_title` says for the body type."""
    if not has_plan(body_type):
        raise RuleViolation(
            "the appeals board has no meeting plan and meets as needed: its meetings are not extra meetings",
            rule="MTG-05",
            errors=[{"field": "extra", "message": "not for a body without a meeting plan"}],
        )
    if ground is None or (bool(ground.demanded_by) == (ground.decided_by is not None)):
        raise InvalidInput(
            "an extra meeting needs one ground: a demand by members (demanded_by) or a decision (decided_by)",
            rule="MTG-05",
            errors=[{"field": "extra_ground", "message": "give either demanded_by or decided_by"}],
        )
    if ground.decided_by is not None:
        if ground.decided_by not in callers:
            title = caller_title(body_type)
            raise RuleViolation(
                f"an extra meeting of this body is called by the {title} (or a third of the members)",
                rule="MTG-05",
                errors=[{"field": "extra_ground.decided_by", "message": f"not the {title} on the meeting day"}],
            )
        return
    outsiders = sorted(str(p) for p in ground.demanded_by - members)
    if outsiders:
        raise RuleViolation(
            "only members of the body on the meeting day can demand an extra meeting",
            rule="MTG-05",
            errors=[{"field": "extra_ground.demanded_by", "message": f"not members: {', '.join(outsiders)}"}],
        )
    if not demand_suffices(len(ground.demanded_by), seats):
        raise RuleViolation(
            f"{len(ground.demanded_by)} of {seats} members demand the meeting; at least a third "
            f"({demands_needed(seats)}) must",
            rule="MTG-05",
            errors=[{"field": "extra_ground.demanded_by", "message": f"{demands_needed(seats)} needed"}],
        )
