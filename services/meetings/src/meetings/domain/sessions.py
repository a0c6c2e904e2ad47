"""How a meeting sits: closed doors (MTG-07) and remote meetings (MTG-08).

MTG-07 (council rules §8): a case is treated behind closed doors when statutory confidentiality requires
it or the body decides so (KL § 31); personnel cases are always closed ("Personalsaker skal alltid
behandles for lukkede dører"). The decision may be made when the agenda is made or by the body in the
meeting, before the case is decided; either way it is recorded with its legal basis.

MTG-08 (executive committee rules): "Der det av ordføreren vurderes særlig påkrevd å få avgjort en sak
før neste møte, kan vedkommende i medhold av kommunelovens § 30 beslutte saken tatt opp til behandling
ved fjernmøte": a remote meeting is for the executive committee only, for a case that cannot wait for
the next meeting, and on the mayor's decision.
"""

from __future__ import annotations

from collections.abc import Set
from uuid import UUID

from folkevalgt_shared.errors import Conflict, RuleViolation

PERSONNEL_BASIS = "KL § 31 nr. 3: personalsak (reglement for kommunestyret § 8)"
REMOTE_BODIES = frozenset({"executive_committee"})


def closed_on_agenda(
    *, personnel: bool, closed: bool | None, basis: str | None, field: str = "closed"
) -> tuple[bool, str | None]:
    """MTG-07: whether a case on the agenda is closed, and on what basis. `closed` is None when left out.
    A personnel case is closed whether or not it is said; one said to be open is refused."""
    if personnel:
        if closed is False:
            raise RuleViolation(
                "a personnel case is always treated behind closed doors",
                rule="MTG-07",
                errors=[{"field": field, "message": "must be true for a personnel case"}],
            )
        return True, basis or PERSONNEL_BASIS
    if closed and not basis:
        raise RuleViolation(
            "a case treated behind closed doors needs its legal basis (e.g. 'KL § 31 nr. 2')",
            rule="MTG-07",
            errors=[{"field": "closed_basis", "message": "required when closed"}],
        )
    return bool(closed), basis


def require_closing_in_meeting(*, meeting_status: str, already_closed: bool, case_decided: bool) -> None:
    """MTG-07: the body closes the doors for a case during its meeting, before the case is decided."""
    if meeting_status != "in_progress":
        raise Conflict(
            f"the meeting is {meeting_status}: the body decides to close the doors during its meeting; "
            "before it, the case is marked closed on the agenda"
        )
    if already_closed:
        raise Conflict("the case is already treated behind closed doors")
    if case_decided:
        raise Conflict("the case is decided: its treatment can no longer be closed")


def check_remote_meeting(
    *,
    remote: bool,
    body_type: str,
    decided_by: UUID | None,
    reason: str | None,
    mayors: Set[UUID],
) -> None:
    """MTG-08: a remote meeting is the executive committee's, on the mayor's decision, for an urgent case."""
    if not remote:
        given = [f for f, v in (("remote_decided_by", decided_by), ("remote_reason", reason)) if v is not None]
        if given:
            raise RuleViolation(
                "the mayor's decision and the urgency are given only for a remote meeting (remote: true)",
                rule="MTG-08",
                errors=[{"field": f, "message": "only with remote: true"} for f in given],
            )
        return
    problems = []
    if body_type not in REMOTE_BODIES:
        problems.append({"field": "remote", "message": f"only the executive committee meets remotely, not {body_type}"})
    if not reason:
        problems.append({"field": "remote_reason", "message": "why the case cannot wait for the next meeting"})
    if decided_by is None:
        problems.append({"field": "remote_decided_by", "message": "the mayor who decided the remote meeting"})
    elif decided_by not in mayors:
        problems.append({"field": "remote_decided_by", "message": "not the mayor on the meeting's day"})
    if problems:
        raise RuleViolation(
            "a remote meeting is held by the executive committee for an urgent case, on the mayor's decision (KL § 30)",
            rule="MTG-08",
            errors=problems,
        )
