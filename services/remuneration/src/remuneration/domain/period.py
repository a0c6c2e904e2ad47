"""Everything the administration computes for a quarter (REM-03): meeting fees from attendance,
fixed pay, leader pay, buyout, phone allowance, benefits in kind, party and representative support,
severance, and — in the fourth quarter, when switched on — the year's attendance reductions.

Claims raised by the official (lost earnings, care, travel, fees without a secretariat) come
through `claims.assess_claim` instead.

Each line is priced with the rates in force on its day or span, so an old period recomputed today
still uses its old rates; `model` computes under another model on the same data (REM-34).
Attendances outside the period are ignored for fees; for a fourth quarter with REM-80 switched on,
pass the whole year's meetings and attendances.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from remuneration.domain.fees import lapsed_fees, meeting_fees
from remuneration.domain.fixed import (
    SeveranceCase,
    benefits_in_kind,
    buyout_pay,
    fixed_yearly_pay,
    mayor_pay,
    phone_allowance,
    severance_pay,
)
from remuneration.domain.model import (
    Attendance,
    ClaimedFee,
    EarnerCategory,
    EquivalentRemuneration,
    LeaveFromOffice,
    LossBasis,
    MeetingHeld,
    Office,
    PayLine,
    Period,
)
from remuneration.domain.rates import RateSource, SettingsAt
from remuneration.domain.reductions import attendance_reductions
from remuneration.domain.support import PartyLists, party_support


def compute_period(
    *,
    period: Period,
    settings_at: SettingsAt,
    offices: Sequence[Office],
    attendances: Sequence[Attendance],
    meetings: Sequence[MeetingHeld],
    leaves: Sequence[LeaveFromOffice],
    earners: Mapping[UUID, EarnerCategory],
    party_lists: PartyLists | None = None,
    severances: Sequence[SeveranceCase] = (),
    equivalent: Sequence[EquivalentRemuneration] = (),
    claimed: Sequence[ClaimedFee] = (),
    bases: Sequence[LossBasis] = (),
    model: str | None = None,
) -> list[PayLine]:
    """The quarter's computed lines. `settings_at` is `rule_book().version_at`; `equivalent` are the
    records of equivalent remuneration under law or special agreement, whose fees lapse (REM-31);
    `claimed` the fees granted on officials' claims, which count under the day's caps (REM-31);
    `bases` the officials' recorded lost-earnings rates, which price their buyout (REM-40)."""
    source = RateSource(settings_at, model)
    lists = party_lists or PartyLists()
    lapsed = lapsed_fees(attendances, equivalent) if equivalent else None
    lines = meeting_fees(attendances, offices, source, earners=earners, lapsed=lapsed, within=period, claimed=claimed)
    lines += mayor_pay(period, source, offices, leaves=leaves)
    lines += fixed_yearly_pay(period, source, offices, meetings=meetings, attendances=attendances, leaves=leaves)
    lines += buyout_pay(
        period, source, offices, group_sizes=lists.group_sizes, bases=bases, earners=earners, leaves=leaves
    )
    lines += phone_allowance(period, source, offices)
    lines += benefits_in_kind(period, source, offices)
    lines += party_support(period, source, offices, lists)
    lines += severance_pay(period, source, severances)
    lines += attendance_reductions(period, source, offices, meetings=meetings, attendances=attendances, leaves=leaves)
    return lines
