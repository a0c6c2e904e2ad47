"""Opening of a meeting (møtets åpning, MTG-15) and who approves its minutes (MTG-35, MTG-37).

The chair declares the meeting lawfully constituted only if it is quorate AND the notice and
the agenda are approved. At the opening two of those present are appointed to approve the
minutes together with the chair; in the dispensation committee every member present approves
them ("samtlige representanter godkjenner protokollen sammen med utvalgslederen").

Our reading where the rules are silent: a signatory is someone registered present at the roll
call other than the chair; when fewer than two others are present, all of them sign.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from folkevalgt_shared.errors import RuleViolation

SIGNATORIES = 2
ALL_PRESENT_SIGN = frozenset({"dispensation_committee"})


def require_constitution(*, present: int, quorum: int, notice_approved: bool, agenda_approved: bool) -> None:
    """MTG-15: quorate, and the formal sides of notice and agenda approved."""
    if present < quorum:
        raise RuleViolation(
            f"{present} present, {quorum} needed: the meeting is not lawfully constituted",
            rule="MTG-15",
            errors=[{"field": "present", "message": "below quorum"}],
        )
    refused = [
        name for name, ok in (("notice_approved", notice_approved), ("agenda_approved", agenda_approved)) if not ok
    ]
    if refused:
        raise RuleViolation(
            "the notice and the agenda must be approved before the meeting is lawfully constituted",
            rule="MTG-15",
            errors=[{"field": f, "message": "not approved"} for f in refused],
        )


def all_present_sign(body_type: str) -> bool:
    return body_type in ALL_PRESENT_SIGN


def signatories_needed(body_type: str, others_present: int) -> int:
    """How many besides the chair approve the minutes (MTG-15)."""
    return others_present if all_present_sign(body_type) else min(SIGNATORIES, others_present)


def check_signatories(
    body_type: str, signatories: Sequence[UUID], present: Set[UUID], chair: UUID, *, field: str = "signatories"
) -> None:
    """MTG-15: the appointed signatories are distinct, present, not the chair, and as many as needed."""
    problems = []
    if len(set(signatories)) != len(signatories):
        problems.append("named more than once")
    if chair in signatories:
        problems.append("the chair approves the minutes anyway; appoint others")
    strangers = sorted(str(s) for s in set(signatories) - present - {chair})
    if strangers:
        problems.append(f"not present at the meeting: {', '.join(strangers)}")
    needed = signatories_needed(body_type, len(present - {chair}))
    if len(set(signatories)) != needed:
        problems.append(f"{needed} needed, {len(set(signatories))} named")
    if problems:
        raise RuleViolation(
            "the minutes are approved by the chair and members present appointed at the opening",
            rule="MTG-15",
            errors=[{"field": field, "message": p} for p in problems],
        )


@dataclass(frozen=True)
class Approver:
    person_id: UUID
    capacity: str  # chair | signatory
    approved_at: datetime | None


def require_minutes_approved(approvers: Sequence[Approver], signatories_expected: int) -> None:
    """MTG-37: only approved minutes are published, i.e. approved by the chair and every signatory."""
    signatories = [a for a in approvers if a.capacity == "signatory"]
    if len(signatories) < signatories_expected:
        raise RuleViolation(
            f"{signatories_expected} signatories must be appointed before the minutes can be approved",
            rule="MTG-37",
            errors=[{"field": "signatories", "message": f"{len(signatories)} appointed"}],
        )
    waiting = [a for a in approvers if a.approved_at is None]
    if not any(a.capacity == "chair" for a in approvers) or waiting:
        raise RuleViolation(
            "the minutes are not approved yet: the chair and every signatory must approve them",
            rule="MTG-37",
            errors=[{"field": "approvals", "message": f"waiting for {a.capacity} {a.person_id}"} for a in waiting],
        )
