"""Claims raised by the official (REM-03): assessed at once under the rates of the claimed day, checked
against the quarter's claim deadline (REM-04/05), then approved or rejected by the administration.

Decisions:
- A claim the rules refuse outright (REM-20 undocumented for a wage earner, REM-70 a child of 12 …) is a 422
  and is not stored: no administrative act can make it payable, the official corrects and submits again.
- A claim received after the deadline is stored as rejected (REM-05) and `claim.rejected` is published: the
  administration may admit it by an override with a reason, which is recorded on the claim and audited.
- Claims are approved one by one by the administration (the justification of undocumented loss must be
  weighed, REM-20); the payout batch of the claim's quarter then pays every approved claim not yet paid.
- The same claim sent twice (the same kind, day and documentation; `claim_identity`) is refused with 409
  while the first stands: a retry of one request carries its Idempotency-Key and gets the first answer.
  A claim the administration rejected does not stand in the way of sending it again.
- REM-40: a lost-earnings claim for a day the official is bought out for is stored as rejected with
  REM-40 and `claim.rejected` is published: the buyout pays that day (KS guide C: lost earnings are
  compensated "dersom de ikke er frikjøpt"). The month's bought-out days are taken by the days first
  claimed, so the claim records which days they were.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import ClaimRejectedV1
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from remuneration import computation
from remuneration.audit import service as audit
from remuneration.claims.models import Claim
from remuneration.claims.schemas import ClaimIn
from remuneration.db import register
from remuneration.deps import is_administration, self_or_administration
from remuneration.domain.buyout import bought_out_days
from remuneration.domain.claims import (
    CareKind,
    ClaimInput,
    ClaimKind,
    SameDay,
    assess_claim,
    bought_out,
    claim_identity,
)
from remuneration.domain.deadlines import check_claim_in_time
from remuneration.domain.fees import lapsed_fees, meeting_fees, meeting_lengths
from remuneration.domain.model import (
    DocumentationKind,
    EarnerCategory,
    ItemType,
    LineStatus,
    Month,
    PayLine,
    Period,
    RecipientKind,
)
from remuneration.domain.rates import RateSource, number_text
from remuneration.equivalent_remuneration.service import in_force_between as equivalent_between
from remuneration.office_leave.service import leaves_between
from remuneration.officials.service import earner_category, require_known_person
from remuneration.partylists.service import for_year as party_lists_for

GRANTED = computation.GRANTED  # what counts against the day's caps
STANDING = (*GRANTED, "rate_pending")  # a claim that stands, so the same one sent again is a duplicate
AUTOMATIC = ("REM-05", "REM-40")  # rejected by a rule, not by the administration: still stands


def to_ore(money: str) -> int:
    return int(Decimal(money) * 100)


def _hours(details: dict[str, Any]) -> Decimal:
    if details.get("hours") is not None:
        return Decimal(str(details["hours"]))
    if details.get("attended_from") and details.get("attended_to"):
        span = datetime.fromisoformat(details["attended_to"]) - datetime.fromisoformat(details["attended_from"])
        return Decimal(int(span.total_seconds())) / 3600
    return Decimal(0)


def claim_input(claim_id: uuid.UUID, person_id: uuid.UUID, details: dict[str, Any]) -> ClaimInput:
    """The domain's view of a stored claim (the submitted fields, as JSON)."""
    reference = details.get("documentation_ref")
    kind = details.get("documentation_kind")
    moment = {k: datetime.fromisoformat(details[k]) for k in ("attended_from", "attended_to") if details.get(k)}
    return ClaimInput(
        kind=ClaimKind(details["kind"]),
        person_id=person_id,
        day=date.fromisoformat(details["day"]),
        claim_id=claim_id,
        hours=Decimal(str(details["hours"])) if details.get("hours") is not None else None,
        attended_from=moment.get("attended_from"),
        attended_to=moment.get("attended_to"),
        documented=bool(details.get("documented")),
        documentation_kind=DocumentationKind(kind) if kind else None,
        documentation_ref=reference,
        justification=details.get("justification"),
        amount_claimed=to_ore(details["amount_claimed"]) if details.get("amount_claimed") else None,
        child_age=details.get("child_age"),
        care_kind=CareKind(details["care_kind"]) if details.get("care_kind") else None,
        meeting_ref=details.get("meeting_ref") or details.get("meeting_id"),
        body_key=details.get("body_key"),
        body_type=details.get("body_type"),
        role=details.get("role") or "member",
        as_deputy=bool(details.get("as_deputy")),
        remote=bool(details.get("remote")),
        course=bool(details.get("course")),
        group_meeting=bool(details.get("group_meeting")),
        mandatory_duty=details.get("mandatory_duty", True),
        free_time_only=bool(details.get("free_time_only")),
    )


async def _with_register_defaults(session: AsyncSession, person_id: uuid.UUID, details: dict[str, Any]) -> None:
    """A fee claim names the body; its type and the person's role there come from the register copy."""
    if details["kind"] != ClaimKind.MEETING_FEE or not details.get("body_key"):
        return
    m = register.membership
    day = date.fromisoformat(details["day"])
    rows = (
        await session.execute(
            select(m.c.person_id, m.c.body_type, m.c.role).where(
                m.c.body_key == details["body_key"], ~m.c.deleted, m.c.start_date <= day
            )
        )
    ).all()
    if not details.get("body_type") and rows:
        details["body_type"] = rows[0].body_type
    own = [r.role for r in rows if r.person_id == person_id]
    if not details.get("role") and own:
        details["role"] = own[0]
        details.setdefault("as_deputy", own[0] == "deputy")


async def _same_day(
    session: AsyncSession, rules: computation.Rules, person_id: uuid.UUID, day: date, exclude: uuid.UUID
) -> SameDay:
    """What the person has already been granted on the day, so day caps hold across claims (REM-20, REM-31,
    REM-70), and the bodies whose fees lapse that day (REM-31): a lapsed fee is neither claimable nor counted.
    The fees from attendance are those the batch would pay, the fees granted on other claims counted."""
    claims = (
        await session.execute(
            select(Claim.kind, Claim.amount, Claim.details).where(
                Claim.person_id == person_id, Claim.concerns_on == day, Claim.status.in_(GRANTED), Claim.id != exclude
            )
        )
    ).all()
    lost = [(amount or 0, details) for kind, amount, details in claims if kind == ClaimKind.LOST_EARNINGS]
    undocumented = [(amount, details) for amount, details in lost if not details.get("documented")]
    care = [(amount or 0, details) for kind, amount, details in claims if kind == ClaimKind.CARE_EXPENSES]
    other_care = [(amount, details) for amount, details in care if details.get("care_kind") != CareKind.CHILD]
    offices = [o for o in await computation.offices_between(session, day, day) if o.person_id == person_id]
    that_day = await computation.attendances_between(session, day, day)
    attended = [a for a in that_day if a.person_id == person_id]
    own_meetings = {a.meeting_id for a in attended}
    equivalent = [r for r in await equivalent_between(session, day, day) if r.person_id == person_id]
    fee_lines = meeting_fees(
        attended,
        offices,
        rules.version_at,
        earners=await _earners(session, person_id),
        lapsed=lapsed_fees(attended, equivalent),
        within=Period.of(day),
        claimed=await computation.claimed_fees_between(session, day, day, person_id=person_id, exclude=exclude),
        lengths=meeting_lengths(a for a in that_day if a.meeting_id in own_meetings),
    )
    lapsed_bodies: dict[str, str] = {}
    for record in equivalent:
        if record.body_key is not None:
            lapsed_bodies.setdefault(record.body_key, record.basis)
    by_event = {f"attendance:{a.event_id}": a.body_key for a in attended}
    fee_bodies = [by_event[s] for line in fee_lines for s in line.sources if s in by_event]
    fee_bodies += [d["body_key"] for kind, _, d in claims if kind == ClaimKind.MEETING_FEE and d.get("body_key")]
    return SameDay(
        lost_earnings=sum(amount for amount, _ in lost),
        undocumented=sum(amount for amount, _ in undocumented),
        undocumented_hours=sum((_hours(d) for _, d in undocumented), Decimal(0)),
        child_care=sum(amount for amount, d in care if d.get("care_kind") == CareKind.CHILD),
        other_care=sum(amount for amount, _ in other_care),
        other_care_hours=sum((_hours(d) for _, d in other_care), Decimal(0)),
        fee_bodies=fee_bodies,
        roles=frozenset(o.role for o in offices),
        lapsed_bodies=lapsed_bodies,
    )


async def _earners(session: AsyncSession, person_id: uuid.UUID) -> dict[uuid.UUID, EarnerCategory]:
    category = await earner_category(session, person_id)
    return {person_id: category} if category is not None else {}


async def _one_claim_at_a_time(session: AsyncSession, person_id: uuid.UUID) -> None:
    """Day caps hold across a person's claims (REM-20, REM-70): two claims of one person are assessed one
    after the other. PostgreSQL takes a transaction lock on the person; SQLite has one writer anyway."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": person_id.int >> 65})


async def assess(
    session: AsyncSession,
    rules: computation.Rules,
    claim_id: uuid.UUID,
    person_id: uuid.UUID,
    details: dict[str, Any],
    model: str | None = None,
) -> PayLine:
    """The claim's line under the rates of its day, or a 422 naming the field or the refusing rule."""
    data = claim_input(claim_id, person_id, details)
    category = await earner_category(session, person_id)
    needs_category = data.kind is ClaimKind.LOST_EARNINGS or (
        data.kind is ClaimKind.MEETING_FEE and (data.remote or data.course)
    )
    if category is None and needs_category:
        raise InvalidInput(
            "record the official's earner category first (PUT /officials/{person_id}): it decides what may be "
            "claimed (REM-20, REM-33)",
            errors=[{"field": "earner_category", "message": "not recorded for this person"}],
        )
    decision, settings = rules.version_at(data.day)
    if model is None:  # a what-if reads only
        await _one_claim_at_a_time(session, person_id)
    same_day = await _same_day(session, rules, person_id, data.day, claim_id)
    return assess_claim(data, settings, category or EarnerCategory.OTHER, decision, same_day=same_day, model=model)


def _apply(claim: Claim, line: PayLine) -> None:
    pending = line.status is LineStatus.RATE_PENDING
    claim.item_type = line.item_type.value
    claim.status = "rate_pending" if pending else "assessed"
    claim.amount = None if pending else line.amount
    claim.rule, claim.rate_version, claim.explanation = line.rule, line.rate_version, line.explanation


def claim_line(claim: Claim) -> PayLine:
    """The line an assessed or approved claim pays (REM-91: the claim is its source)."""
    assert claim.amount is not None and claim.rule is not None and claim.rate_version is not None
    return PayLine(
        recipient_id=str(claim.person_id),
        recipient_kind=RecipientKind.PERSON,
        period=Period.parse(claim.period),
        item_type=ItemType(claim.item_type),
        amount=claim.amount,
        rule=claim.rule,
        rate_version=claim.rate_version,
        explanation=claim.explanation,
        sources=(f"claim:{claim.id}",),
        earned_on=claim.concerns_on,
    )


def caller_person(principal: Principal, person_id: uuid.UUID | None) -> uuid.UUID:
    if person_id is not None:
        self_or_administration(principal, person_id)
        return person_id
    try:
        return uuid.UUID(principal.subject)
    except ValueError as exc:
        raise InvalidInput(
            "name the official the claim is for", errors=[{"field": "person_id", "message": "required"}]
        ) from exc


async def _rejected(publisher: EventPublisher, session: AsyncSession, claim: Claim, now: datetime) -> None:
    await publisher.publish(
        session,
        ClaimRejectedV1(
            claim_id=claim.id,
            person_id=claim.person_id,
            period=claim.period,
            kind=claim.kind,
            rule=claim.rule,
            reason=claim.explanation,
            received_at=claim.received_at,
            rejected_at=now,
        ),
        subject=str(claim.id),
    )


async def _duplicate_of(
    session: AsyncSession, person_id: uuid.UUID, kind: str, day: date, details: dict[str, Any], exclude: uuid.UUID
) -> Claim | None:
    """A claim that stands (not rejected by the administration) and is the same as this one."""
    identity = claim_identity(kind, day, details)
    rows = (
        await session.scalars(
            select(Claim)
            .where(Claim.person_id == person_id, Claim.kind == kind, Claim.concerns_on == day, Claim.id != exclude)
            .order_by(Claim.received_at, Claim.id)
        )
    ).all()
    for row in rows:
        stands = row.status in STANDING or (row.status == "rejected" and row.rule in AUTOMATIC)
        if stands and claim_identity(row.kind, row.concerns_on, row.details) == identity:
            return row
    return None


async def _refuse_duplicate(session: AsyncSession, claim: Claim) -> None:
    first = await _duplicate_of(session, claim.person_id, claim.kind, claim.concerns_on, claim.details, claim.id)
    if first is not None:
        raise Conflict(
            f"the same claim was received on {first.received_at.isoformat()} (claim {first.id}, {first.status}): "
            "it is not paid twice; to retry a request safely, send it again with the same Idempotency-Key",
            existing_claim_id=str(first.id),
        )


async def _bought_out(session: AsyncSession, rules: computation.Rules, claim: Claim) -> Fraction | None:
    """REM-40: the days of the claim's month the official is bought out for, when the claim's day is one of
    them (the buyout pays it); None when it is not."""
    if claim.kind != ClaimKind.LOST_EARNINGS:
        return None
    month = Month.of(claim.concerns_on)
    offices = await computation.offices_between(session, month.start, month.end)
    if not any(o.person_id == claim.person_id for o in offices):
        return None
    days = bought_out_days(
        month,
        claim.person_id,
        RateSource(rules.version_at),
        offices,
        group_sizes=(await party_lists_for(session, month.year)).group_sizes,
        leaves=await leaves_between(session, month.start, month.end),
    )
    if not days:
        return None
    earlier = (
        await session.execute(
            select(Claim.concerns_on, Claim.status, Claim.rule).where(
                Claim.person_id == claim.person_id,
                Claim.kind == ClaimKind.LOST_EARNINGS,
                Claim.concerns_on.between(month.start, month.end),
                Claim.id != claim.id,
            )
        )
    ).all()
    taken = {day for day, status, rule in earlier if status == "rejected" and rule == "REM-40"}
    paid = {day for day, status, _ in earlier if status in GRANTED}
    return days if bought_out(claim.concerns_on, days, taken, paid) else None


async def _reject_by_rule(
    publisher: EventPublisher, session: AsyncSession, claim: Claim, now: datetime, rule: str, reason: str
) -> None:
    claim.status, claim.amount, claim.rule, claim.explanation = "rejected", None, rule, reason
    claim.decided_at, claim.decided_by = now, rule
    session.add(claim)
    await session.flush()
    await _rejected(publisher, session, claim, now)


def _bought_out_reason(claim: Claim, days: Fraction) -> str:
    month = Month.of(claim.concerns_on)
    count = f"{number_text(days, 3)} day{'' if days == 1 else 's'}"
    return (
        f"{claim.concerns_on.isoformat()} is a bought-out day: the official is bought out for {count} in "
        f"{month.label} (§7), the days first claimed in the month, and the buyout pays them at the official's "
        "lost-earnings rate; a bought-out day is not also paid as lost earnings (KS guide C)"
    )


async def submit(
    *,
    session: AsyncSession,
    data: ClaimIn,
    principal: Principal,
    rules: computation.Rules,
    publisher: EventPublisher,
    now: datetime,
) -> Claim:
    person_id = caller_person(principal, data.person_id)
    if data.person_id is not None:
        await require_known_person(session, person_id)
    received_on = oslo_date(now)
    if data.day > received_on:
        raise InvalidInput(
            "a claim concerns a day that has come", errors=[{"field": "day", "message": "in the future"}]
        )
    details = data.model_dump(mode="json", exclude_none=True, exclude={"person_id"})
    await _with_register_defaults(session, person_id, details)
    claim = Claim(
        id=uuid.uuid4(),
        person_id=person_id,
        kind=data.kind,
        period=Period.of(data.day).label,
        concerns_on=data.day,
        meeting_id=data.meeting_id,
        details=details,
        received_at=now,
        submitted_by=principal.subject,
        created_at=now,
        modified_at=now,
    )
    await _one_claim_at_a_time(session, person_id)
    await _refuse_duplicate(session, claim)
    _apply(claim, await assess(session, rules, claim.id, person_id, details))
    try:
        check_claim_in_time(Period.of(data.day), received_on, override=False)
    except RuleViolation as late:
        # REM-05: kept as rejected, so the administration can admit it by an override.
        await _reject_by_rule(publisher, session, claim, now, "REM-05", late.detail or "")
        return claim
    days = await _bought_out(session, rules, claim)
    if days is not None:
        await _reject_by_rule(publisher, session, claim, now, "REM-40", _bought_out_reason(claim, days))
        return claim
    session.add(claim)
    await session.flush()
    return claim


async def get(session: AsyncSession, claim_id: uuid.UUID, *, for_update: bool = False) -> Claim:
    claim = await session.get(Claim, claim_id, with_for_update=for_update)
    if claim is None:
        raise NotFound(f"no claim {claim_id}")
    return claim


async def get_visible(session: AsyncSession, claim_id: uuid.UUID, principal: Principal) -> Claim:
    """Object-level authorization: another official's claim is 404, as if it did not exist."""
    claim = await get(session, claim_id)
    if not is_administration(principal) and str(claim.person_id) != principal.subject:
        raise NotFound(f"no claim {claim_id}")
    return claim


async def override_late(
    *,
    session: AsyncSession,
    claim_id: uuid.UUID,
    reason: str,
    principal: Principal,
    rules: computation.Rules,
    publisher: EventPublisher,
    now: datetime,
) -> Claim:
    """REM-05: an authorised override admits a late claim; who, when and why are kept and audited."""
    claim = await get(session, claim_id, for_update=True)
    if claim.status != "rejected" or claim.rule != "REM-05":
        raise Conflict("only a claim rejected as late (REM-05) can be admitted by an override")
    check_claim_in_time(Period.parse(claim.period), oslo_date(claim.received_at), override=True)
    await _one_claim_at_a_time(session, claim.person_id)
    await _refuse_duplicate(session, claim)
    _apply(claim, await assess(session, rules, claim.id, claim.person_id, claim.details))
    claim.override_reason, claim.override_by, claim.override_at = reason, principal.subject, now
    claim.decided_at = claim.decided_by = None
    days = await _bought_out(session, rules, claim)
    if days is not None:  # admitted in time, but the buyout pays the day (REM-40)
        claim.status, claim.amount, claim.rule = "rejected", None, "REM-40"
        claim.explanation = _bought_out_reason(claim, days)
        claim.decided_at, claim.decided_by = now, "REM-40"
        await _rejected(publisher, session, claim, now)
    await _changed(
        session,
        claim,
        principal,
        now,
        "late_claim_admitted",
        reason=reason,
        details={"rule": "REM-05", "period": claim.period, "received_at": claim.received_at.isoformat()},
    )
    return claim


async def reassess(
    *, session: AsyncSession, claim_id: uuid.UUID, principal: Principal, rules: computation.Rules, now: datetime
) -> Claim:
    """REM-33: a claim held as rate pending is priced again once the council has set the rate."""
    claim = await get(session, claim_id, for_update=True)
    if claim.status != "rate_pending":
        raise Conflict(f"the claim is {claim.status}; only a claim waiting for a rate is assessed again")
    _apply(claim, await assess(session, rules, claim.id, claim.person_id, claim.details))
    await _changed(
        session,
        claim,
        principal,
        now,
        "claim_reassessed",
        details={"status": claim.status, "amount": claim.amount, "rate_version": claim.rate_version},
    )
    return claim


async def approve(*, session: AsyncSession, claim_id: uuid.UUID, principal: Principal, now: datetime) -> Claim:
    claim = await get(session, claim_id, for_update=True)
    if claim.status != "assessed":
        raise Conflict(f"the claim is {claim.status}; only an assessed claim can be approved")
    claim.status, claim.decided_at, claim.decided_by = "approved", now, principal.subject
    await _changed(
        session,
        claim,
        principal,
        now,
        "claim_approved",
        details={"amount": claim.amount, "rule": claim.rule, "rate_version": claim.rate_version},
    )
    return claim


async def reject(
    *,
    session: AsyncSession,
    claim_id: uuid.UUID,
    reason: str,
    principal: Principal,
    publisher: EventPublisher,
    now: datetime,
) -> Claim:
    claim = await get(session, claim_id, for_update=True)
    if claim.status not in ("assessed", "rate_pending"):
        raise Conflict(f"the claim is {claim.status}; only a claim not yet approved can be rejected")
    claim.status, claim.amount, claim.rule, claim.explanation = "rejected", None, None, reason
    claim.decided_at, claim.decided_by = now, principal.subject
    await _changed(session, claim, principal, now, "claim_rejected", reason=reason)
    await _rejected(publisher, session, claim, now)
    return claim


async def _changed(
    session: AsyncSession,
    claim: Claim,
    principal: Principal,
    now: datetime,
    action: str,
    *,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """A decision on a claim: a new version, written with its audit record (who, when, why)."""
    claim.version += 1
    claim.modified_at = now
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action=action,
        entity="claim",
        entity_id=claim.id,
        reason=reason,
        details=details,
    )
    await session.flush()
