"""Minutes remarks (protokolltilførsel), MTG-36.

A member present asks to have a remark entered in the minutes. The chair decides whether it
is allowed; if someone protests against the chair's decision the body decides, and that is
final. A remark about an alleged formal error is normally accepted: it stands allowed unless
the chair refuses it with a stated reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from folkevalgt_shared.errors import Conflict, RuleViolation

PENDING, ALLOWED, REFUSED = "pending", "allowed", "refused"


def initial_status(*, formal_error: bool) -> str:
    """MTG-36: formal-error remarks are accepted unless refused; others wait for the chair."""
    return ALLOWED if formal_error else PENDING


@dataclass(frozen=True)
class RemarkState:
    status: str
    formal_error: bool
    chair_ruled: bool
    body_decided: bool


def chair_ruling(state: RemarkState, *, allowed: bool, reason: str | None) -> str:
    """The chair's decision (MTG-36); returns the new status."""
    if state.body_decided:
        raise Conflict("the body has decided on this remark; its decision is final")
    if state.chair_ruled:
        raise Conflict("the chair has already ruled on this remark; a protest goes to the body")
    if state.formal_error and not allowed and not reason:
        raise RuleViolation(
            "a remark about an alleged formal error is normally accepted; refusing it needs a stated reason",
            rule="MTG-36",
            errors=[{"field": "reason", "message": "required to refuse a formal-error remark"}],
        )
    return ALLOWED if allowed else REFUSED


def body_decision(state: RemarkState, *, allowed: bool) -> str:
    """On protest against the chair's decision the body decides (MTG-36); returns the new status."""
    if state.body_decided:
        raise Conflict("the body has already decided on this remark")
    if not state.chair_ruled and not state.formal_error:
        raise RuleViolation(
            "the body decides on a remark only on protest against the chair's decision; the chair rules first",
            rule="MTG-36",
            errors=[{"field": "remark", "message": "no ruling by the chair to protest against"}],
        )
    return ALLOWED if allowed else REFUSED
