"""Legality appeal (lovlighetsklage), MTG-38: three or more council members, within three weeks, lodged with
the body that made the decision, which decides on it before it is forwarded for review."""

from __future__ import annotations

from collections.abc import Set
from datetime import date, timedelta
from uuid import UUID

from folkevalgt_shared.errors import InvalidInput, RuleViolation

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


def check_review(
    *, lodged_with: UUID | None, reviewed_by: UUID | None, lodged_on: date, reviewed_on: date, today: date
) -> None:
    """MTG-38: the appeal is decided first by the body that made the decision (seed 2001), in a case of its own;
    an appeal against the administration's decision is reviewed by the administration."""
    if lodged_with is not None and reviewed_by != lodged_with:
        detail = "the body that made the decision decides on the appeal: name its case (agenda_item_id)"
        raise RuleViolation(detail, rule="MTG-38", errors=[{"field": "agenda_item_id", "message": detail}])
    if lodged_with is None and reviewed_by is not None:
        detail = "the decision was the administration's: it reviews the appeal, not a body"
        raise RuleViolation(detail, rule="MTG-38", errors=[{"field": "agenda_item_id", "message": detail}])
    if not lodged_on <= reviewed_on <= today:
        detail = f"decided on the appeal between its lodging ({lodged_on}) and today"
        raise InvalidInput(detail, errors=[{"field": "decided_on", "message": detail}])
