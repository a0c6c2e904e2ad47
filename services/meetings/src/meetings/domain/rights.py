"""Rights without a vote (MTG-03): who may attend (møterett), speak (talerett) or propose (forslagsrett) in a
body without being its member, and who must attend (møteplikt).

The seed's rights, body by body, are given by capacity; a right held "by law or agreement" is recorded as
`other`, with its rights and basis stated. The leaders of the advisory councils (or whom they authorise)
have their rights in the living-conditions committee, the disability council's leader also in the two other
standing committees. The 2012 rules give the youth council meeting and speaking rights in the
living-conditions committee, not the proposal right of the older decision (case 023/11).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from folkevalgt_shared.errors import RuleViolation

LIVING_CONDITIONS = "living-conditions-committee"  # the body key of utvalg for levekår


@dataclass(frozen=True)
class Rights:
    attend: bool = False
    speak: bool = False
    propose: bool = False
    duty_to_attend: bool = False


DUTY_AND_SPEAK = Rights(attend=True, speak=True, duty_to_attend=True)
ATTEND_AND_SPEAK = Rights(attend=True, speak=True)
SPEAK = Rights(speak=True)
ATTEND_SPEAK_PROPOSE = Rights(attend=True, speak=True, propose=True)

# capacity -> body type -> rights (MTG-03, rules of each body)
SEED_RIGHTS: dict[str, dict[str, Rights]] = {
    "chief_executive": {
        "municipal_council": DUTY_AND_SPEAK,
        "executive_committee": DUTY_AND_SPEAK,
        "administration_committee": DUTY_AND_SPEAK,
        "dispensation_committee": DUTY_AND_SPEAK,
        "standing_committee": ATTEND_AND_SPEAK,
        "appeals_board": SPEAK,
        "youth_council": ATTEND_SPEAK_PROPOSE,
    },
    "mayor": {
        "standing_committee": ATTEND_AND_SPEAK,
        "appeals_board": SPEAK,
        "youth_council": ATTEND_SPEAK_PROPOSE,
    },
    "elderly_council_leader": {"standing_committee": ATTEND_AND_SPEAK},
    "disability_council_leader": {"standing_committee": ATTEND_AND_SPEAK},
    "youth_council_leader": {"standing_committee": ATTEND_AND_SPEAK},
}
ONLY_LIVING_CONDITIONS = frozenset({"elderly_council_leader", "youth_council_leader"})
CAPACITIES = (*SEED_RIGHTS, "other")


def rights_of(capacity: str, body_type: str, body_key: str, stated: Rights | None, basis: str | None) -> Rights:
    """MTG-03: the rights a capacity holds in a body by the rules; `other` (law or agreement) states its own,
    with the basis. Refuses a capacity the rules give no right in the body."""
    if capacity == "other":
        if stated is None or not (stated.attend or stated.speak or stated.propose or stated.duty_to_attend):
            raise RuleViolation(
                "a right held by law or agreement states which rights it gives",
                rule="MTG-03",
                errors=[{"field": "rights", "message": "at least one of attend, speak, propose, duty_to_attend"}],
            )
        if not basis:
            raise RuleViolation(
                "a right held by law or agreement names its basis",
                rule="MTG-03",
                errors=[{"field": "basis", "message": "required for capacity other"}],
            )
        return stated
    rights = SEED_RIGHTS.get(capacity, {}).get(body_type)
    if rights is not None and capacity in ONLY_LIVING_CONDITIONS and body_key != LIVING_CONDITIONS:
        rights = None
    if rights is None:
        raise RuleViolation(
            f"the rules give the {capacity.replace('_', ' ')} no right to attend or speak in this body "
            "(record a right by law or agreement as capacity 'other', with its basis)",
            rule="MTG-03",
            errors=[{"field": "capacity", "message": f"no right in a {body_type} ({body_key})"}],
        )
    if stated is not None and stated != rights:
        raise RuleViolation(
            "the rules fix the rights of this capacity in this body; leave them out",
            rule="MTG-03",
            errors=[{"field": "rights", "message": f"the rules give {rights}"}],
        )
    return rights


@dataclass(frozen=True)
class Grant:
    person_id: UUID
    rights: Rights
    start: date
    end: date | None

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def may_speak(person_id: UUID, day: date, grants: list[Grant]) -> bool:
    return any(g.person_id == person_id and g.rights.speak and g.in_force(day) for g in grants)
