"""Meeting fees from attendance (REM-30/31/33/34, REM-11).

Each attendance is assessed on its Europe/Oslo day with the rates in force that day:

0. REM-03: only attendances recorded with the secretariat present are paid from here; where no
   secretariat was present the official claims the fee (`claims.assess_claim`), so it is never
   paid twice.
1. REM-11: no fee to a person who holds the office of mayor that day, nor to the deputy mayor
   unless `deputy_mayor_fees` is on (§3 says neither gets fees; §5 names only the mayor).
2. REM-31: no fee for party group meetings (model 2 d pays them), for the short meetings of
   sub-committees listed in `bodies_without_fee`, or where equivalent remuneration is paid under
   law or special agreement ("Godtgjørelsen bortfaller dersom det ytes annen tilsvarende
   godtgjørelse i medhold av lov eller særskilt avtale"): `lapsed`, built by `lapsed_fees` from the
   administration's records of one meeting or of a body's meetings over a span of Oslo days.
3. REM-33: remote meetings, courses, conferences and representation give no fee, except to the
   entitled categories (pensioners, students, homemakers), whose fee is *rate pending* while the
   council has not set it — never paid as 0.
4. The first fee rule matching body type, role and deputy status prices it (REM-30 model 1,
   REM-34 models 2–4); model 2 d halves it for meetings shorter than the threshold — the
   meeting's length (seed: "møter som har varighet under 3 timer"), from its first attendance to
   its last, not the time the person sat in it.
5. REM-31 caps, per person and Oslo day: one fee per body, and at most `max_per_day` fees, across
   the fees from attendance and the fees the official claimed where no secretariat was present
   (`ClaimedFee`), whichever arrived first.

Which fees survive a cap: a claimed fee was assessed against the fees already known when it arrived
(claims.assess_claim), so it keeps its place, and a fee from attendance that reached us after it
yields to it. Among fees from attendance that arrived between the same claims, the choice is
deterministic and favourable to the official: the highest amount first, then the earliest meeting,
then the attendance event id. Pending fees rank after every known amount, since nothing says they
are worth more.

A lapsed fee does not count toward the caps: they limit the fees the municipality pays, and a
lapsed fee is not paid, so another meeting's fee that day (or the body's other meeting) is kept.
Only the fee lapses: the attendance still counts for lost earnings, leader pay and REM-80.
A refused fee gives no line; its `FeeDecision.refusal` says which rule refused it and why.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from uuid import UUID

from folkevalgt_shared.calendar import oslo_date
from remuneration.domain.model import (
    Attendance,
    ClaimedFee,
    EarnerCategory,
    EquivalentRemuneration,
    ItemType,
    LineStatus,
    Office,
    Ore,
    PayLine,
    Period,
    RecipientKind,
)
from remuneration.domain.rates import Rates, SettingsLike, hours_text, nok_text, rate_source, round_ore
from remuneration.domain.settings import FeeRule
from remuneration.domain.spans import Span, covers

SIX_ACTIVITIES = frozenset({"course", "representation", "conference", "external"})  # §6


@dataclass(frozen=True)
class FeeQuote:
    """The price of one attendance before the daily caps."""

    rule: str  # REM-30, REM-33 or REM-34
    amount: Ore | None  # None: rate pending
    text: str

    @property
    def pending(self) -> bool:
        return self.amount is None


def quote_fee(rates: Rates, body_type: str, role: str, as_deputy: bool, hours: Fraction | None) -> FeeQuote | str:
    """REM-30/34: price by the fee table, or the reason there is no fee (a string naming the rule)."""
    fees = rates.model.fees
    rule: FeeRule | None = next((r for r in fees.table if r.matches(body_type, role, as_deputy)), None)
    if rule is None:
        return f"REM-30: no fee rule of {rates.model.label} covers a {role} of a {body_type}"
    if not rule.paid:
        return f"REM-34: no meeting fee — {rule.label}"
    amount = rates.amount(rule.rate)
    rule_id = "REM-34" if rule.rate is not None and rule.rate.needs_mayor else "REM-30"
    text = f"{rates.describe(rule.rate)} ({rule.label}, {rates.model.label})"
    threshold = fees.half_fee_under_hours
    if threshold is not None and hours is not None and hours < Fraction(threshold):
        rule_id = "REM-34"
        amount = None if amount is None else round_ore(Fraction(amount, 2))
        result = "" if amount is None else f" = {nok_text(amount)}"
        text = f"half of {text}, the meeting lasting {hours_text(hours)} (under {threshold} h){result}"
    return FeeQuote(rule_id, amount, text)


@dataclass(slots=True)
class FeeDecision:
    """One attendance assessed: a fee (possibly pending) or the rule that refuses it."""

    attendance: Attendance
    day: date
    rates: Rates
    quote: FeeQuote | None
    refusal: str | None = None  # "REM-xx: why"

    @property
    def granted(self) -> bool:
        return self.quote is not None and self.refusal is None

    def rank(self) -> tuple[bool, int, datetime, int]:
        """Highest first, then earliest, then by event id; pending after known amounts. (A UUID's number orders
        as its text does, and is not formatted for every comparison.)"""
        assert self.quote is not None
        amount = self.quote.amount
        return (amount is None, -(amount or 0), self.attendance.attended_from, self.attendance.event_id.int)

    def line(self, texts: _Texts | None = None) -> PayLine:
        assert self.quote is not None
        texts = texts or _Texts()
        a, quote, day = self.attendance, self.quote, self.day
        person = texts.people.get(a.person_id.int)
        if person is None:
            person = texts.people[a.person_id.int] = str(a.person_id)
        period = texts.periods.get(day)
        if period is None:
            period = texts.periods[day] = Period.of(day)
        return PayLine(
            person,
            RecipientKind.PERSON,
            period,
            ItemType.MEETING_FEE,
            quote.amount or 0,
            quote.rule,
            self.rates.decision,
            texts.explanation(a, day, quote),
            (f"attendance:{a.event_id}",),
            day,
            LineStatus.RATE_PENDING if quote.amount is None else LineStatus.COMPUTED,
        )


class _Texts:
    """Strings many fee lines share (a meeting's members differ only in person and event id)."""

    def __init__(self) -> None:
        self.people: dict[int, str] = {}
        self.periods: dict[date, Period] = {}
        self._explanations: dict[tuple[str, str, bool, date, int], str] = {}

    def explanation(self, a: Attendance, day: date, quote: FeeQuote) -> str:
        key = (a.body_key, a.role, a.as_deputy, day, id(quote))
        text = self._explanations.get(key)
        if text is None:
            deputy = " (attending deputy)" if a.as_deputy else ""
            pending = " — rate pending" if quote.amount is None else ""
            text = f"Meeting fee for {a.role}{deputy} at {a.body_key} on {day.isoformat()}: {quote.text}{pending}"
            self._explanations[key] = text
        return text


def mayor_days(offices: Iterable[Office], roles: frozenset[str]) -> dict[int, list[Span]]:
    """Per person (UUID as int, cheap to hash), the spans they hold any of `roles`."""
    held: dict[int, list[Span]] = defaultdict(list)
    for office in offices:
        if office.role in roles:
            held[office.person_id.int].append((office.start_date, office.end_date or date.max))
    return held


def lapse_reason(basis: str) -> str:
    """REM-31: why a fee that equivalent remuneration replaces is not paid (the rule id goes in front)."""
    return f"the fee lapses, as equivalent remuneration is paid under law or special agreement: {basis}"


def lapsed_fees(attendances: Iterable[Attendance], records: Iterable[EquivalentRemuneration]) -> dict[UUID, str]:
    """REM-31: the attendance event ids whose fee lapses, each with the law or agreement that pays instead
    (the first record covering it). A body's span is read in Oslo days, as the caps are."""
    by_person: dict[UUID, list[EquivalentRemuneration]] = defaultdict(list)
    for record in records:
        by_person[record.person_id].append(record)
    lapsed: dict[UUID, str] = {}
    for a in attendances:
        own = by_person.get(a.person_id)
        if not own:
            continue
        day = oslo_date(a.attended_from)
        basis = next((r.basis for r in own if r.covers(a, day)), None)
        if basis is not None:
            lapsed[a.event_id] = basis
    return lapsed


def meeting_lengths(attendances: Iterable[Attendance]) -> dict[UUID, Fraction]:
    """REM-34: each meeting's length in hours, from its first attendance to its last (its opening to its
    close), whatever the time each person sat in it."""
    spans: dict[UUID, tuple[datetime, datetime]] = {}
    for a in attendances:
        known = spans.get(a.meeting_id)
        if known is None:
            spans[a.meeting_id] = (a.attended_from, a.attended_to)
        elif a.attended_from < known[0] or a.attended_to > known[1]:
            spans[a.meeting_id] = (min(known[0], a.attended_from), max(known[1], a.attended_to))
    return {meeting: Fraction(int((to - since).total_seconds()), 3600) for meeting, (since, to) in spans.items()}


def assess_attendances(
    attendances: Iterable[Attendance],
    offices: Sequence[Office],
    settings: SettingsLike,
    *,
    earners: Mapping[UUID, EarnerCategory],
    lapsed: Mapping[UUID, str] | None = None,
    model: str | None = None,
    decision: str | None = None,
    within: Period | None = None,
    claimed: Sequence[ClaimedFee] = (),
    lengths: Mapping[UUID, Fraction] | None = None,
) -> list[FeeDecision]:
    """Every attendance with its fee or the rule refusing it, after the daily caps (REM-31).

    `settings` is one version's settings (with its `decision` reference), a RuleBook-like
    `version_at`, or a RateSource; `model` computes under another model than the one in force.
    With `within`, attendances on other Oslo days are left out. `claimed` are the fees granted on the
    officials' claims, which count under the same caps; `lengths` the meetings' lengths in hours (by
    default measured on the attendances given, which must then hold every attendance of a meeting).
    """
    attendances = attendances if isinstance(attendances, Sequence) else list(attendances)
    source = rate_source(settings, decision=decision, model=model)
    mayors = mayor_days(offices, frozenset({"mayor"}))
    deputies = mayor_days(offices, frozenset({"deputy_mayor"}))
    lapsed = lapsed or {}
    first, last = (within.start, within.end) if within is not None else (date.min, date.max)
    decisions: list[FeeDecision] = []
    # Thousands of attendances share a meeting's start, a day's rates and a body's price: look each up once.
    days: dict[datetime, date] = {}
    rates_by_day: dict[date, Rates] = {}
    quotes: dict[tuple[int, str, str, bool, tuple[int, int] | None], FeeQuote | str] = {}
    by_day: dict[tuple[int, date], list[FeeDecision]] = {}  # the granted ones, per person and Oslo day
    for a in attendances:
        day = days.get(a.attended_from)
        if day is None:
            day = days[a.attended_from] = oslo_date(a.attended_from)
        if not first <= day <= last:
            continue
        rates = rates_by_day.get(day)
        if rates is None:
            rates = rates_by_day[day] = source(day)
        fees = rates.model.fees
        person = a.person_id.int
        reason = None
        if (
            person in mayors
            or person in deputies
            or lapsed
            or a.meeting_kind == "group_meeting"
            or not a.secretariat_present
        ):
            reason = _exclusion(a, day, rates, mayors, deputies, lapsed)
        elif fees.bodies_without_fee and a.body_key in fees.bodies_without_fee:
            reason = f"REM-31: short meetings of {a.body_key} give no separate fee"
        if reason is not None:
            decisions.append(FeeDecision(a, day, rates, None, reason))
            continue
        hours = None
        if fees.half_fee_under_hours is not None:
            if lengths is None:
                lengths = meeting_lengths(attendances)
            hours = lengths.get(a.meeting_id)
        if a.remote or a.meeting_kind in SIX_ACTIVITIES:
            quote = _section_six(a, rates, earners.get(a.person_id), hours)
        else:  # a meeting's members share one quote: priced once per rates, role and length
            # The length as its two integers: a Fraction's own hash costs a modular inverse each time.
            length = None if hours is None else (hours.numerator, hours.denominator)
            key = (id(rates), a.body_type, a.role, a.as_deputy, length)
            cached = quotes.get(key)
            if cached is None:
                cached = quotes[key] = quote_fee(rates, a.body_type, a.role, a.as_deputy, hours)
            quote = cached
        if isinstance(quote, str):
            decisions.append(FeeDecision(a, day, rates, None, quote))
        else:
            granted = FeeDecision(a, day, rates, quote)
            decisions.append(granted)
            same_day = by_day.get((person, day))
            if same_day is None:
                by_day[(person, day)] = [granted]
            else:
                same_day.append(granted)
    _apply_caps(by_day, _claimed_by_day(claimed))
    return decisions


def _claimed_by_day(claimed: Sequence[ClaimedFee]) -> dict[tuple[int, date], list[ClaimedFee]]:
    result: dict[tuple[int, date], list[ClaimedFee]] = defaultdict(list)
    for fee in claimed:
        result[(fee.person_id.int, fee.day)].append(fee)
    for fees in result.values():
        fees.sort(key=lambda f: (f.received_at, f.claim_id.int))
    return result


def meeting_fees(
    attendances: Iterable[Attendance],
    offices: Sequence[Office],
    settings: SettingsLike,
    *,
    earners: Mapping[UUID, EarnerCategory],
    lapsed: Mapping[UUID, str] | None = None,
    model: str | None = None,
    decision: str | None = None,
    within: Period | None = None,
    claimed: Sequence[ClaimedFee] = (),
    lengths: Mapping[UUID, Fraction] | None = None,
) -> list[PayLine]:
    """The fee lines (computed or rate pending) for the attendances, after the caps (REM-30..34)."""
    decisions = assess_attendances(
        attendances,
        offices,
        settings,
        earners=earners,
        lapsed=lapsed,
        model=model,
        decision=decision,
        within=within,
        claimed=claimed,
        lengths=lengths,
    )
    texts = _Texts()
    return [d.line(texts) for d in decisions if d.granted]


def _exclusion(
    a: Attendance,
    day: date,
    rates: Rates,
    mayors: Mapping[int, list[Span]],
    deputies: Mapping[int, list[Span]],
    lapsed: Mapping[UUID, str],
) -> str | None:
    fees = rates.model.fees
    person = a.person_id.int
    if person in mayors and covers(mayors[person], day):
        return "REM-11: the mayor gets no meeting fees"
    if not fees.deputy_mayor_fees and person in deputies and covers(deputies[person], day):
        return "REM-11: the deputy mayor gets no meeting fees"
    if a.meeting_kind == "group_meeting" and not fees.group_meetings:
        return "REM-31: no meeting fee for party group meetings"
    if a.body_key in fees.bodies_without_fee:
        return f"REM-31: short meetings of {a.body_key} give no separate fee"
    if a.event_id in lapsed:
        return f"REM-31: {lapse_reason(lapsed[a.event_id])}"
    if not a.secretariat_present:
        return "REM-03: no secretariat was present, so the official claims this fee"
    return None


def _section_six(a: Attendance, rates: Rates, earner: EarnerCategory | None, hours: Fraction | None) -> FeeQuote | str:
    """REM-33: remote meetings and §6 activities."""
    fees = rates.model.fees
    what = "a remote meeting" if a.remote else f"a {a.meeting_kind}"
    allowed = fees.remote_meetings if a.remote else fees.courses_and_representation
    if a.remote and a.meeting_kind in SIX_ACTIVITIES:
        allowed = fees.remote_meetings and fees.courses_and_representation
    if allowed:
        return quote_fee(rates, a.body_type, a.role, a.as_deputy, hours)
    if earner is not None and earner in fees.entitled_categories:
        amount = rates.amount(fees.entitled_fee)
        return FeeQuote(
            "REM-33", amount, f"{earner.value}s are entitled to a fee for {what}: {rates.describe(fees.entitled_fee)}"
        )
    return f"REM-33: no meeting fee for {what}; lost earnings may be claimed on application"


def _apply_caps(
    days: Mapping[tuple[int, date], list[FeeDecision]], claimed: Mapping[tuple[int, date], list[ClaimedFee]]
) -> None:
    """REM-31: one fee per body per day, and at most `max_per_day` fees per person per day, counting the
    fees claimed that day; a claimed fee keeps its place against fees from attendance that arrived later."""
    for key, same_day in days.items():
        fees = same_day[0].rates.model.fees
        claims = claimed.get(key, ()) if claimed else ()
        if not claims and len(same_day) == 1 and fees.max_per_day >= 1:
            continue
        kept = len(claims)
        # Who holds each body's fee that day: a claim (named in a refusal), or an attendance.
        bodies: dict[str, ClaimedFee | FeeDecision] = {c.body_key: c for c in claims}
        order = sorted(same_day, key=FeeDecision.rank)
        if claims:
            arrivals = [c.received_at for c in claims]
            # Fees from attendance in arrival order between the claims, the highest first within each group.
            order.sort(key=lambda d: _arrived_after(d.attendance.received_at, arrivals))
        for decision in order:
            body = decision.attendance.body_key
            if fees.one_per_body_per_day and body in bodies:
                decision.refusal = f"REM-31: one fee per body per day ({body} already paid{_holder(bodies[body])})"
            elif kept >= fees.max_per_day:
                counted = (
                    f", counting the fees claimed ({', '.join(str(c.claim_id) for c in claims)})" if claims else ""
                )
                decision.refusal = f"REM-31: at most {fees.max_per_day} meeting fees per day{counted}"
            else:
                kept += 1
                bodies[body] = decision


def _holder(holder: ClaimedFee | FeeDecision) -> str:
    return f" by claim {holder.claim_id}" if isinstance(holder, ClaimedFee) else ""


def _arrived_after(received_at: datetime | None, claims: Sequence[datetime]) -> int:
    """How many of the day's claimed fees (their arrival times, in order) reached us before the attendance;
    an attendance whose arrival is unknown counts as the earliest."""
    return 0 if received_at is None else bisect_left(claims, received_at)
