"""REM-80 (KS guide G, optional): fixed remuneration and attendance over the calendar year.

- A member with a fixed yearly remuneration (REM-32/34) who attended fewer than 2/3 of the
  body's meetings held while the office was held that year has it reduced by 50 %.
- A deputy of such a body who attended at least 1/3 of them gets 50 % of a member's fixed
  remuneration for the days held, at least 2/3 gets 100 %.

Decisions: it is settled once, in the fourth quarter, as lines for the whole year (negative for
a reduction) — so the fourth quarter's computation needs the whole year's meetings and
attendances. Rules already reduced per missed meeting (model 3 a) are left out, since they would
be reduced twice; so are bodies that held no meeting while the office was held. It applies only
when the settings in force on 31 December switch it on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from fractions import Fraction

from remuneration.domain.fixed import Accrual, attended_meetings, by_body, fixed_yearly_accruals, meeting_counts
from remuneration.domain.lines import OfficeKey, make_line
from remuneration.domain.model import Attendance, LeaveFromOffice, MeetingHeld, Office, PayLine, Period
from remuneration.domain.rates import RateSource, nok_text, percent_text, round_ore


def attendance_reductions(
    period: Period,
    source: RateSource,
    offices: Sequence[Office],
    *,
    meetings: Sequence[MeetingHeld],
    attendances: Sequence[Attendance],
    leaves: Sequence[LeaveFromOffice] = (),
) -> list[PayLine]:
    """REM-80 lines for the calendar year of `period` (only for a fourth quarter)."""
    year_end = date(period.year, 12, 31)
    policy = source(year_end).settings.attendance_reduction
    if period.quarter != 4 or not policy.enabled:
        return []
    year = (date(period.year, 1, 1), year_end)
    year_meetings = [m for m in meetings if year[0] <= m.held_on <= year[1]]
    meetings_by_body = by_body(year_meetings)
    attended = attended_meetings(attendances)
    members = [o for o in offices if o.role != "deputy"]
    # A deputy is measured against what a member of the body would have had.
    deputies = [replace(o, role="member") for o in offices if o.role == "deputy"]
    lines: list[PayLine] = []
    for accruals, deputy in (
        (fixed_yearly_accruals(year, source, members, leaves=leaves, per_missed_meeting=False), False),
        (fixed_yearly_accruals(year, source, deputies, leaves=leaves, per_missed_meeting=False), True),
    ):
        for (key, rule_label), parts in _per_office(accruals).items():
            known = [p for p in parts if p.amount is not None]
            if not known or any(p.rule.reduced_per_missed_meeting for p in parts):
                continue
            person, body_key = key[0], key[1]
            held = [span for p in known for span in p.held]
            during, missed = meeting_counts(body_key, person, held, meetings_by_body, attended)
            if not during:
                continue
            share = Fraction(len(during) - len(missed), len(during))
            earned = sum(p.amount or 0 for p in known)
            last = known[-1]
            counted = f"attended {len(during) - len(missed)} of {len(during)} meetings of {body_key} in {period.year}"
            if deputy:
                factor = (
                    Fraction(1)
                    if share >= policy.deputy_full_from
                    else Fraction(1, 2)
                    if share >= policy.deputy_half_from
                    else None
                )
                if factor is None:
                    continue
                amount = round_ore(earned * factor)
                text = (
                    f"Deputy's share of {rule_label} ({nok_text(earned)} for the year): "
                    f"{counted}, so {percent_text(factor)} = {nok_text(amount)}"
                )
            else:
                if share >= policy.member_below:
                    continue
                amount = -round_ore(earned * Fraction(policy.member_reduction_percent) / 100)
                text = (
                    f"Reduction of {rule_label} ({nok_text(earned)} for the year) "
                    f"by {policy.member_reduction_percent} %: "
                    f"{counted}, fewer than {policy.member_below} = {nok_text(amount)}"
                )
            office = f"office:{person}/{body_key}/deputy" if deputy else None
            sources = [*([office] if office else last.sources), *(f"meeting:{m.meeting_id}" for m in missed)]
            lines.append(
                make_line(
                    person, period, last.rule.item_type, amount, "REM-80", last.rates, text, sources, period.start
                )
            )
    return lines


def _per_office(accruals: Sequence[Accrual]) -> dict[tuple[OfficeKey, str], list[Accrual]]:
    grouped: dict[tuple[OfficeKey, str], list[Accrual]] = {}
    for accrual in accruals:
        grouped.setdefault((accrual.key, accrual.rule.label), []).append(accrual)
    return grouped
