"""Legality appeal (lovlighetsklage), MTG-38: three or more council members, within three weeks."""

from __future__ import annotations

from collections.abc import Set
from datetime import date, timedelta
from uuid import UUID

from folkevalgt_shared.errors import RuleViolation

MIN_SIGNATORIES = 3
APPEAL_PERIOD = timedelta(weeks=3)


def appeal_deadline(decided_on: date) -> date:
    return decided_on + APPEAL_PERIOD


def check_legality_appeal(*, decided_on: date, lodged_on: date, signatories: Set[UUID], council: Set[UUID]) -> None:
    """Refuses an appeal with fewer than three council members behind it, or lodged too late."""
    members = signatories & council
    if len(members) < MIN_SIGNATORIES:
        outside = len(signatories - council)
        detail = f"a legality appeal needs at least {MIN_SIGNATORIES} council members; it has {len(members)}"
        if outside:
            detail += f" ({outside} signatory/signatories not on the council)"
        raise RuleViolation(detail, rule="MTG-38", errors=[{"field": "signatories", "message": detail}])
    if lodged_on > appeal_deadline(decided_on):
        detail = (
            f"a legality appeal must be lodged within three weeks of the decision, by {appeal_deadline(decided_on)}"
        )
        raise RuleViolation(detail, rule="MTG-38", errors=[{"field": "lodged_on", "message": detail}])
