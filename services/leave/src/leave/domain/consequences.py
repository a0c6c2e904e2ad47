"""LEA-04: what a grant means for wage seniority, the holiday-pay basis and pension membership, stated in every
decision (the regulation's general part, HTA kap. 1 § 12).

Decisions:
- "Unpaid leave longer than 1 month" is measured on each run of whole unpaid days in calendar time: from
  15 January, the run is longer than a month when it reaches 15 February. Unpaid hours within working days
  (a part of each day) leave the membership as it is; the reduced pay is the pension basis.
- "Paid leave counts up to 3 months" likewise runs from the first paid day; beyond it the paid leave counts
  unless the decision says otherwise (`holiday_pay_beyond_three_months`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from leave.domain.model import ONE_DAY, Employment, Extent, add_months, as_days, nothing_between
from leave.domain.quota import Part, Split
from leave.domain.reasons import Reason, Source
from leave.domain.settings import Consequences as Settings


@dataclass(frozen=True)
class Consequences:
    seniority_interrupted: bool
    pension_reported_out_from: date | None
    holiday_pay_beyond_three_months: bool
    statements: tuple[str, ...]


def _runs(parts: list[Part], extent: Extent) -> list[tuple[date, date]]:
    """Runs of days with no gap but non-working days between them, in calendar time: a run reaching the leave's
    first or last working day runs to the leave's first or last calendar day (a leave ending on a Sunday)."""
    runs: list[tuple[date, date]] = []
    for p in sorted(parts, key=lambda p: p.first):
        if runs and nothing_between(runs[-1][1], p.first):
            runs[-1] = (runs[-1][0], max(runs[-1][1], p.last))
        else:
            runs.append((p.first, p.last))
    return [
        (
            extent.start if nothing_between(extent.start - ONE_DAY, a) else a,
            extent.end if nothing_between(b, extent.end + ONE_DAY) else b,
        )
        for a, b in runs
    ]


def consequences(
    reason: Reason,
    split: Split,
    employment: Employment,
    settings: Settings,
    extent: Extent,
    *,
    holiday_pay_beyond: bool = True,
) -> Consequences:
    statements: list[str] = []
    if reason.source is Source.STATUTORY:
        statements.append(
            f"Pay, wage seniority, holiday pay and pension follow the legal basis ({reason.legal_basis}); "
            "for sickness, parental leave and military service see ferieloven § 10 (LEA-04, LEA-50)."
        )
        return Consequences(False, None, True, tuple(statements))

    paid = [p for p in split.parts if p.pay == "paid"]
    unpaid = [p for p in split.parts if p.pay == "unpaid"]
    interrupted = bool(unpaid) and not reason.unpaid_counts_for_seniority
    if paid:
        statements.append("Leave with full or partial pay does not interrupt wage seniority (LEA-04, HTA kap. 1 § 12).")
    if unpaid and reason.unpaid_counts_for_seniority:
        statements.append("Unpaid leave for public office or union office counts toward wage seniority (LEA-04).")
    elif unpaid:
        days = as_days(split.unpaid, employment.day).normalize()
        statements.append(f"The unpaid leave ({days:f} days) does not count toward wage seniority (LEA-04).")

    beyond = True
    if paid:
        months = settings.holiday_pay_paid_months
        first, last = _runs(paid, extent)[0][0], _runs(paid, extent)[-1][1]
        if last < add_months(first, months):
            statements.append(f"The paid leave counts in the holiday-pay basis (up to {months} months, LEA-04).")
        else:
            beyond = holiday_pay_beyond
            rest = "counts too" if beyond else "does not count, as decided"
            statements.append(
                f"The paid leave counts in the holiday-pay basis for its first {months} months; "
                f"the pay beyond them {rest} (LEA-04)."
            )

    reported_out = None
    if paid:
        statements.append("Paid leave keeps the pension membership (LEA-04).")
    if unpaid and extent.per_day is None:
        months = settings.pension_unpaid_over_months
        for first, last in _runs(unpaid, extent):
            if last >= add_months(first, months):
                reported_out = first
                statements.append(
                    f"Unpaid leave longer than {months} month{'s' if months != 1 else ''} from {first.isoformat()}: "
                    "the employee is reported out of the pension scheme and offered voluntary membership (LEA-04)."
                )
                break
    if unpaid and reported_out is None:
        statements.append("The unpaid leave is not long enough to end the pension membership (LEA-04).")
    return Consequences(interrupted, reported_out, beyond, tuple(statements))
