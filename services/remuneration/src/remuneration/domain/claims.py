"""Claims raised by the official (REM-03): lost earnings, care expenses, travel, and meeting fees
for meetings without a secretariat. Each is assessed into one PayLine, or refused with the rule.

Decisions where the regulation is silent:
- Day caps hold across claims: the caller passes what the person has already been granted that
  day (`SameDay`), and a claim is paid only up to the room left under the cap. A claim with no
  room left is refused with the cap's rule rather than paid 0.
- REM-20: a documented loss names its documentation, and it must fit the earner category (the
  employer's statement of pay deduction for a wage earner; the tax assessment or other approved
  documentation for the self-employed, `documentation` setting). A receipt documents an expense,
  never lost earnings.
- REM-70: childcare (up to 500 a day) and other care (up to 120 an hour) are two caps: a day's
  childcare claims share the day cap; other care is capped at the hourly rate × the day's hours of
  other care claimed so far, this claim's included (at most 24).
- REM-11: a documented loss of pension is compensated in full ("godtgjøres fullt ut"), to a person
  who is mayor or deputy mayor on the day.
- Undocumented lost earnings are priced on the day's total undocumented hours (a 3-hour and a
  2-hour meeting the same day are a 5-hour day, so the full-day amount) less what was already
  paid; a claimed amount below the entitlement is paid as claimed.
- Model 3 "hour by hour" shares a day amount by the hours over `working_day_hours` (7.5).
- Lines from the regulation's current figures name REM-20; lines whose caps follow the mayor's
  remuneration or count hour by hour (models 2–3) name REM-21.
- REM-31: a fee claimed for a body whose fees lapse that day (equivalent remuneration recorded for
  the body's span) is refused; lost earnings, care and travel are not affected by the lapse. A
  record of one meeting cannot match a claim, which names its meeting only in words.
- Travel (KL §41 nr. 1) is paid as documented and claimed; its rates are the municipal travel
  regulation's, outside these rules.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any
from uuid import UUID

from folkevalgt_shared.errors import InvalidInput, RuleViolation
from remuneration.domain.fees import FeeQuote, lapse_reason, quote_fee
from remuneration.domain.model import (
    DocumentationKind,
    EarnerCategory,
    ItemType,
    LineStatus,
    Ore,
    PayLine,
    Period,
    RecipientKind,
)
from remuneration.domain.rates import Rates, hours_text, nok_text, rates_on, round_ore
from remuneration.domain.settings import LostEarningsSettings, RemunerationSettings


class ClaimKind(StrEnum):
    LOST_EARNINGS = "lost_earnings"
    CARE_EXPENSES = "care_expenses"
    MEETING_FEE = "meeting_fee"
    TRAVEL = "travel"
    PENSION_LOSS = "pension_loss"  # REM-11


class CareKind(StrEnum):
    CHILD = "child"
    OTHER = "other"


@dataclass(frozen=True)
class ClaimInput:
    """A claim as the official raises it (one day)."""

    kind: ClaimKind
    person_id: UUID
    day: date  # the Oslo day the claim concerns
    claim_id: UUID | None = None
    hours: Decimal | None = None  # or attended_from/attended_to; for a fee, the meeting's length (REM-34)
    attended_from: datetime | None = None
    attended_to: datetime | None = None
    documented: bool = False
    documentation_kind: DocumentationKind | None = None
    documentation_ref: str | None = None  # employer's statement, tax assessment, receipt …
    justification: str | None = None
    amount_claimed: Ore | None = None
    child_age: int | None = None
    care_kind: CareKind | None = None
    meeting_ref: str | None = None  # the meeting a fee is claimed for (no secretariat present)
    body_key: str | None = None
    body_type: str | None = None
    role: str = "member"
    as_deputy: bool = False
    remote: bool = False  # a remote meeting (§6)
    course: bool = False  # course, conference, representation or external meeting (§6)
    group_meeting: bool = False
    mandatory_duty: bool = True  # REM-70: care is covered only for mandatory duties
    free_time_only: bool = False  # REM-22: the official lost free time, not earnings

    @property
    def period(self) -> Period:
        return Period.of(self.day)


@dataclass(frozen=True)
class SameDay:
    """What the person has already been granted on the claim's day, so day caps hold across claims."""

    lost_earnings: Ore = 0  # documented and undocumented together
    undocumented: Ore = 0
    undocumented_hours: Decimal = Decimal(0)
    child_care: Ore = 0  # REM-70: the day cap of childcare
    other_care: Ore = 0  # REM-70: other care, capped by the hour
    other_care_hours: Decimal = Decimal(0)
    fee_bodies: Sequence[str] = ()  # bodies already paying a fee that day (computed or claimed)
    roles: frozenset[str] = field(default_factory=frozenset)  # offices held that day (mayor: REM-11)
    # REM-31: bodies whose fees lapse that day (equivalent remuneration), with the law or agreement that pays
    lapsed_bodies: Mapping[str, str] = field(default_factory=dict)


def assess_claim(
    claim: ClaimInput,
    settings: RemunerationSettings,
    earner: EarnerCategory,
    decision: str,
    *,
    same_day: SameDay | None = None,
    model: str | None = None,
) -> PayLine:
    """The line a claim gives under the rates in force on its day (or under `model`, for a what-if).

    Raises InvalidInput naming the missing field, or RuleViolation naming the refusing rule.
    The line is rate pending (amount 0, never paid) when a rate it needs is not set.
    """
    rates = rates_on(decision, settings, claim.day, model)
    same_day = same_day or SameDay()
    handlers = {
        ClaimKind.LOST_EARNINGS: _lost_earnings,
        ClaimKind.CARE_EXPENSES: _care,
        ClaimKind.MEETING_FEE: _meeting_fee,
        ClaimKind.TRAVEL: _travel,
        ClaimKind.PENSION_LOSS: _pension_loss,
    }
    item, rule, amount, text = handlers[claim.kind](claim, rates, earner, same_day)
    return PayLine(
        recipient_id=str(claim.person_id),
        recipient_kind=RecipientKind.PERSON,
        period=claim.period,
        item_type=item,
        amount=amount or 0,
        rule=rule,
        rate_version=decision,
        explanation=text,
        sources=(f"claim:{claim.claim_id}",) if claim.claim_id else (),
        earned_on=claim.day,
        status=LineStatus.RATE_PENDING if amount is None else LineStatus.COMPUTED,
    )


Outcome = tuple[ItemType, str, Ore | None, str]


def _missing(name: str, message: str) -> InvalidInput:
    return InvalidInput(f"{name} is required: {message}", errors=[{"field": name, "message": message}])


def _refuse(rule: str, detail: str, name: str, **extra: Any) -> RuleViolation:
    return RuleViolation(detail, rule=rule, errors=[{"field": name, "message": detail}], **extra)


def _hours(claim: ClaimInput) -> Fraction | None:
    if claim.hours is not None:
        hours = Fraction(claim.hours)
    elif claim.attended_from is not None and claim.attended_to is not None:
        hours = Fraction(int((claim.attended_to - claim.attended_from).total_seconds()), 3600)
    else:
        return None
    if not 0 < hours <= 24:
        raise InvalidInput(
            "a day has between 0 and 24 hours", errors=[{"field": "hours", "message": "between 0 and 24"}]
        )
    return hours


def _claimed(claim: ClaimInput, rule: str) -> Ore:
    if claim.amount_claimed is None:
        raise _missing("amount_claimed", "the documented amount")
    if claim.amount_claimed <= 0:
        raise _refuse(rule, "compensation is paid only for an actual loss or expense", "amount_claimed")
    return claim.amount_claimed


def _documentation(claim: ClaimInput, allowed: frozenset[DocumentationKind] | None = None, rule: str = "") -> str:
    """The documentation's reference, with its kind in words; a kind that does not document this claim is
    refused under `rule`."""
    if not (claim.documentation_ref or "").strip():
        raise _missing("documentation_ref", "a documented claim names its documentation")
    reference = (claim.documentation_ref or "").strip()
    if allowed is not None:
        kinds = ", ".join(sorted(k.value for k in allowed))
        if claim.documentation_kind is None:
            raise _missing("documentation_kind", f"one of {kinds}")
        if claim.documentation_kind not in allowed:
            raise _refuse(
                rule, f"{_words(claim.documentation_kind)} does not document this claim: {kinds}", "documentation_kind"
            )
    if claim.documentation_kind is not None:
        reference = f"{_words(claim.documentation_kind)} {reference}"
    return reference


def _words(value: StrEnum) -> str:
    return value.value.replace("_", " ")


def lost_earnings_rule(settings: LostEarningsSettings) -> str:
    rates = [settings.documented_day_cap, settings.undocumented_day, settings.undocumented_hourly]
    rates += list(settings.undocumented_day_by_category.values())
    linked = settings.hour_by_hour or any(r is not None and r.needs_mayor for r in rates)
    return "REM-21" if linked else "REM-20"


def _lost_earnings(claim: ClaimInput, rates: Rates, earner: EarnerCategory, same: SameDay) -> Outcome:
    """REM-20/21/22: documented up to the day cap; undocumented on application, never to wage earners."""
    settings = rates.model.lost_earnings
    rule = lost_earnings_rule(settings)
    if claim.free_time_only:
        raise _refuse("REM-22", "lost free time is not compensated", "free_time_only")
    hours = _hours(claim)
    day_cap = rates.amount(settings.documented_day_cap)
    threshold = Fraction(settings.full_day_over_hours)
    day_hours = Fraction(rates.settings.working_day_hours)
    if claim.documented:
        # REM-20: the employer's statement for a wage earner; the tax assessment for the self-employed.
        allowed = rates.settings.documentation.lost_earnings[earner]
        reference = _documentation(claim, allowed, "REM-20")
        claimed = _claimed(claim, "REM-22")
        if day_cap is None:
            return ItemType.LOST_EARNINGS, rule, None, _pending("documented lost earnings", rates)
        cap, cap_text = day_cap, f"the day cap {rates.describe(settings.documented_day_cap)}"
        if settings.hour_by_hour:
            if hours is None:
                raise _missing("hours", "the meeting's length decides a part-day cap")
            if hours <= threshold:
                cap = round_ore(day_cap * hours / day_hours)
                cap_text = f"{cap_text} × {hours_text(hours)} / {hours_text(day_hours)} = {nok_text(cap)}"
        room = cap - same.lost_earnings
        if room <= 0:
            raise _refuse(rule, f"the day's lost earnings already reach {cap_text}", "day")
        paid = min(claimed, room)
        already = f", less {nok_text(same.lost_earnings)} already paid that day" if same.lost_earnings else ""
        text = (
            f"Documented lost earnings on {claim.day.isoformat()} ({reference}): claimed {nok_text(claimed)}, "
            f"paid {nok_text(paid)} — up to {cap_text}{already} ({rates.model.label})"
        )
        return ItemType.LOST_EARNINGS, rule, paid, text
    if earner not in settings.undocumented_categories:
        raise _refuse(
            "REM-20",
            f"undocumented lost earnings are not available to a {earner.value.replace('_', ' ')}; "
            "document the loss with the employer's statement of pay deduction",
            "documented",
        )
    if not (claim.justification or "").strip():
        raise _missing("justification", "undocumented lost earnings must be substantiated")
    if hours is None:
        raise _missing("hours", "undocumented lost earnings are priced by the meeting's length")
    total = Fraction(same.undocumented_hours) + hours
    entitled, how = _undocumented(total, settings, rates, earner, threshold, day_hours)
    if entitled is None:
        return ItemType.LOST_EARNINGS, rule, None, _pending("undocumented lost earnings", rates)
    room = entitled - same.undocumented
    if day_cap is not None:
        room = min(room, day_cap - same.lost_earnings)
    if room <= 0:
        raise _refuse(rule, "the day's undocumented lost earnings are already paid in full", "day")
    paid = room if claim.amount_claimed is None else min(room, _claimed(claim, "REM-22"))
    already = f", less {nok_text(same.undocumented)} already paid that day" if same.undocumented else ""
    text = (
        f"Undocumented lost earnings on {claim.day.isoformat()} on application ({claim.justification}): "
        f"{how}{already}; paid {nok_text(paid)} ({rates.model.label})"
    )
    return ItemType.LOST_EARNINGS, rule, paid, text


def _undocumented(
    hours: Fraction,
    settings: LostEarningsSettings,
    rates: Rates,
    earner: EarnerCategory,
    threshold: Fraction,
    day_hours: Fraction,
) -> tuple[Ore | None, str]:
    day_rate = settings.undocumented_day_by_category.get(earner, settings.undocumented_day)
    day_amount = rates.amount(day_rate)
    if hours > threshold:
        return day_amount, f"{hours_text(hours)} that day is over {hours_text(threshold)}: {rates.describe(day_rate)}"
    if settings.hour_by_hour:
        if day_amount is None:
            return None, ""
        amount = round_ore(day_amount * hours / day_hours)
        text = (
            f"{hours_text(hours)} hour by hour: {rates.describe(day_rate)} "
            f"× {hours_text(hours)} / {hours_text(day_hours)}"
        )
        return amount, f"{text} = {nok_text(amount)}"
    hourly = rates.amount(settings.undocumented_hourly)
    if hourly is None:
        return None, ""
    amount = round_ore(hourly * hours)
    return amount, f"{hours_text(hours)} × {rates.describe(settings.undocumented_hourly)} an hour = {nok_text(amount)}"


def _pending(what: str, rates: Rates) -> str:
    return f"{what}: rate pending — the cap depends on a rate not set ({rates.mayor_basis}); {rates.model.label}"


def _care(claim: ClaimInput, rates: Rates, earner: EarnerCategory, same: SameDay) -> Outcome:
    """REM-70: documented childcare for children under 12, up to a day cap; other documented care, up to an
    hourly cap. Two caps: a day's childcare does not use up the room for other care, nor the reverse."""
    care = rates.settings.care
    if not claim.mandatory_duty:
        raise _refuse("REM-70", "care expenses are covered only for mandatory duties", "mandatory_duty")
    if not claim.documented:
        raise _refuse("REM-70", "only documented care expenses are covered", "documented")
    expenses = rates.settings.documentation.expenses
    reference = _documentation(claim, expenses if claim.documentation_kind is not None else None, "REM-70")
    claimed = _claimed(claim, "REM-70")
    if claim.care_kind is None:
        raise _missing("care_kind", "child or other")
    if claim.care_kind is CareKind.CHILD:
        if claim.child_age is None:
            raise _missing("child_age", "childcare is covered for children under 12")
        if claim.child_age >= care.child_age_limit:
            raise _refuse("REM-70", f"childcare is covered for children under {care.child_age_limit}", "child_age")
        already_paid = same.child_care
        cap, cap_text = care.child_day_cap - already_paid, f"{nok_text(care.child_day_cap)} a day for childcare"
    else:
        hours = _hours(claim)
        if hours is None:
            raise _missing("hours", "other care is capped per hour")
        total = Fraction(same.other_care_hours) + hours
        if total > 24:
            raise _refuse(
                "REM-70", f"the day's other care would come to {hours_text(total)}, more than a day holds", "hours"
            )
        already_paid = same.other_care
        cap = round_ore(care.other_hour_cap * total) - already_paid
        earlier = (
            f" (with {hours_text(Fraction(same.other_care_hours))} claimed before)" if same.other_care_hours else ""
        )
        cap_text = f"{nok_text(care.other_hour_cap)} an hour × {hours_text(total)} of other care that day{earlier}"
    if cap <= 0:
        raise _refuse("REM-70", f"the day's care expenses already reach {cap_text}", "day")
    paid = min(claimed, cap)
    already = f", less {nok_text(already_paid)} already paid that day" if already_paid else ""
    what = "Childcare" if claim.care_kind is CareKind.CHILD else "Care"
    text = (
        f"{what} expenses on {claim.day.isoformat()} ({reference}): claimed {nok_text(claimed)}, "
        f"paid {nok_text(paid)} — up to {cap_text}{already}"
    )
    return ItemType.CARE_EXPENSES, "REM-70", paid, text


def _meeting_fee(claim: ClaimInput, rates: Rates, earner: EarnerCategory, same: SameDay) -> Outcome:
    """REM-03: the official claims the fee where no secretariat was present; REM-11/30/31/33 apply."""
    fees = rates.model.fees
    if not (claim.meeting_ref or "").strip():
        raise _missing("meeting_ref", "the meeting the fee is claimed for")
    if not claim.body_key or not claim.body_type:
        raise _missing("body_key" if not claim.body_key else "body_type", "the body that met")
    if "mayor" in same.roles or ("deputy_mayor" in same.roles and not fees.deputy_mayor_fees):
        raise _refuse("REM-11", "the mayor and deputy mayor get no meeting fees", "person_id")
    if claim.group_meeting and not fees.group_meetings:
        raise _refuse("REM-31", "no meeting fee for party group meetings", "group_meeting")
    if claim.body_key in fees.bodies_without_fee:
        raise _refuse("REM-31", f"short meetings of {claim.body_key} give no separate fee", "body_key")
    if claim.body_key in same.lapsed_bodies:
        raise _refuse("REM-31", lapse_reason(same.lapsed_bodies[claim.body_key]), "body_key")
    if fees.one_per_body_per_day and claim.body_key in same.fee_bodies:
        raise _refuse("REM-31", f"one fee per body per day: {claim.body_key} already paid", "day")
    if len(same.fee_bodies) >= fees.max_per_day:
        raise _refuse("REM-31", f"at most {fees.max_per_day} meeting fees per day", "day")
    hours = _hours(claim)
    if fees.half_fee_under_hours is not None and hours is None:
        raise _missing("hours", "the meeting's length decides a half fee")
    allowed = (not claim.remote or fees.remote_meetings) and (not claim.course or fees.courses_and_representation)
    what = "a remote meeting" if claim.remote else "a course, conference or representation"
    quote: FeeQuote | str
    if allowed:
        quote = quote_fee(rates, claim.body_type, claim.role, claim.as_deputy, hours)
    elif earner in fees.entitled_categories:
        amount = rates.amount(fees.entitled_fee)
        quote = FeeQuote(
            "REM-33", amount, f"{earner.value}s are entitled to a fee for {what}: {rates.describe(fees.entitled_fee)}"
        )
    else:
        raise _refuse(
            "REM-33", f"no meeting fee for {what}; lost earnings may be claimed", "remote" if claim.remote else "course"
        )
    if isinstance(quote, str):
        rule, _, reason = quote.partition(": ")
        raise _refuse(rule, reason, "body_type")
    result = " — rate pending" if quote.amount is None else ""
    what = f"Meeting fee claimed for {claim.meeting_ref} ({claim.body_key}) on {claim.day.isoformat()}"
    text = f"{what}: {quote.text}{result}"
    return ItemType.MEETING_FEE, quote.rule, quote.amount, text


def _travel(claim: ClaimInput, rates: Rates, earner: EarnerCategory, same: SameDay) -> Outcome:
    """REM-03, KL §41 nr. 1: travel expenses as documented, under the municipal travel regulation."""
    expenses = rates.settings.documentation.expenses
    reference = _documentation(claim, expenses if claim.documentation_kind is not None else None, "REM-03")
    claimed = _claimed(claim, "REM-03")
    text = (
        f"Travel expenses on {claim.day.isoformat()} ({reference}): {nok_text(claimed)} as claimed, "
        "settled under the municipal travel regulation (KL §41 nr. 1)"
    )
    return ItemType.TRAVEL, "REM-03", claimed, text


def _pension_loss(claim: ClaimInput, rates: Rates, earner: EarnerCategory, same: SameDay) -> Outcome:
    """REM-11 (§3): "Legitimert tap av offentlig eller privat pensjonsordning godtgjøres fullt ut" — the
    mayor's and deputy mayor's documented loss of pension, in full, without a cap."""
    terms = rates.settings.mayor_terms
    if not terms.pension_loss_compensated:
        raise _refuse("REM-11", "the rules in force do not compensate a loss of pension", "kind")
    if not same.roles & terms.roles:
        roles = " or ".join(sorted(r.replace("_", " ") for r in terms.roles))
        raise _refuse("REM-11", f"a loss of pension is compensated to the {roles} only", "person_id")
    if not claim.documented:
        raise _refuse("REM-11", "only a documented loss of pension is compensated", "documented")
    reference = _documentation(claim, rates.settings.documentation.pension_loss, "REM-11")
    claimed = _claimed(claim, "REM-11")
    text = (
        f"Loss of pension ({reference}) concerning {claim.day.isoformat()}: {nok_text(claimed)} compensated in "
        "full, as documented (§3)"
    )
    return ItemType.PENSION_LOSS, "REM-11", claimed, text


def claim_identity(kind: str, day: date, details: Mapping[str, Any]) -> tuple[str, ...]:
    """What makes two claims the same claim, so one sent twice is not paid twice: the kind, the day and the
    documentation relied on; a fee without documentation by its body and meeting; anything else by
    everything submitted."""
    reference = " ".join(str(details.get("documentation_ref") or "").split()).casefold()
    if reference:
        return (kind, day.isoformat(), "documentation", reference)
    if kind == ClaimKind.MEETING_FEE:
        meeting = " ".join(str(details.get("meeting_ref") or details.get("meeting_id") or "").split()).casefold()
        return (kind, day.isoformat(), "meeting", str(details.get("body_key") or ""), meeting)
    return (kind, day.isoformat(), "details", json.dumps(dict(details), sort_keys=True, default=str))


def bought_out(day: date, month_days: Fraction, bought_out_days: Collection[date], paid_days: Collection[date]) -> bool:
    """REM-40 with KS guide C ("gis det erstatning dersom de ikke er frikjøpt"): whether a lost-earnings claim
    for `day` falls on a bought-out day, which the buyout pays. `month_days` are the days of the month the
    person is bought out for; `bought_out_days` the days of that month already taken as bought out by earlier
    claims, `paid_days` those already paid as lost earnings. The days claimed first are the bought-out ones;
    a part day left over still takes a whole day, as a claim cannot be split."""
    if day in paid_days:
        return False
    return day in bought_out_days or len(bought_out_days) < month_days
