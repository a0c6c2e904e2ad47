"""The split of a leave into paid and unpaid hours, and the yearly pots it draws on (LEA-01, LEA-10..42).

Days are charged in calendar order, one working day at a time: the reason's maximum for the occasion and the
year's pot are used up by the first days, so a leave crossing New Year charges each year's pot with its own
days, and the unpaid remainder always lies at the end. Every part names the rule that decides it (LEA-16).

Decisions:
- LEA-01: hours are the unit. A working day of leave takes the employee's own day (full-time hours × position),
  or the hours per day applied for; the pots and the maxima are days × the employee's day when the settings
  scale them with the position (Sør-Varanger's default), else days × a full-time day.
- LEA-16: time beyond a chapter 3 maximum or beyond the pot may only be granted unpaid, and "i tilfelle" —
  if at all: such hours are marked discretionary, the manager may grant less.
- LEA-20..25: time beyond an unpaid reason's maximum is leave for another welfare reason, at the manager's
  discretion (LEA-26).
- Long leaves (LEA-05, LEA-31, LEA-32, LEA-41): the limit runs from the start of the leave (or of the run of
  earlier grants it continues, `History.run_start`); days after it are at the employer's discretion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Literal

from leave.domain.model import Employment, Extent, Hours, add_years
from leave.domain.reasons import Reason, Source
from leave.domain.settings import RegulationSettings

Pay = Literal["paid", "unpaid", "statutory"]
PotKey = tuple[str, int]  # (pot, calendar year)


@dataclass(frozen=True)
class History:
    """What earlier grants of the employee have taken (granted and not revoked)."""

    pot_used: Mapping[PotKey, Hours] = field(default_factory=dict)  # paid hours drawn from each pot and year
    occasion_used: Hours = 0  # hours granted earlier for the same reason and occasion
    run_start: date | None = None  # long leaves: where the limit is counted from, when before this leave


@dataclass(frozen=True)
class Part:
    year: int
    first: date
    last: date
    days: int
    per_day: Hours
    pay: Pay
    pot: str | None
    rule: str
    why: str
    right: bool = False  # the employee has a right to it (LEA-05, LEA-32)
    discretionary: bool = False  # the manager may grant it or not

    @property
    def hours(self) -> Hours:
        return self.days * self.per_day


@dataclass(frozen=True)
class Split:
    parts: tuple[Part, ...]

    def total(self, pay: Pay | None = None) -> Hours:
        return sum(p.hours for p in self.parts if pay is None or p.pay == pay)

    @property
    def requested(self) -> Hours:
        return self.total()

    @property
    def paid(self) -> Hours:
        return self.total("paid")

    @property
    def unpaid(self) -> Hours:
        return self.total("unpaid")

    @property
    def statutory(self) -> Hours:
        return self.total("statutory")

    @property
    def right(self) -> Hours:
        return sum(p.hours for p in self.parts if p.right)

    def drawn(self) -> dict[PotKey, Hours]:
        """The paid hours this split takes from each pot and year."""
        out: dict[PotKey, Hours] = {}
        for p in self.parts:
            if p.pay == "paid" and p.pot is not None:
                out[(p.pot, p.year)] = out.get((p.pot, p.year), 0) + p.hours
        return out


def scaled_days(days: Decimal, employment: Employment, scale: bool) -> Hours:
    """`days` in hours of the employee's day (LEA-01) or of a full-time day; whole micro-hours, rounded down."""
    day = employment.day if scale else employment.full_time_day
    return int((days * day).to_integral_value(rounding=ROUND_FLOOR))


def pot_size(settings: RegulationSettings, pot: str, employment: Employment) -> Hours:
    return scaled_days(settings.pots[pot].days, employment, settings.part_time.pots)  # type: ignore[index]


def _days_text(days: Decimal) -> str:
    return f"{days.normalize():f} day{'' if days == 1 else 's'}"


@dataclass
class _Open:
    part: Part
    index: int


def split(
    reason: Reason, settings: RegulationSettings, employment: Employment, extent: Extent, history: History
) -> Split:
    """LEA-16: the leave's working days, paid and unpaid, each part with its rule and why."""
    per_day = extent.hours_on(employment)
    segments: list[tuple[date, Hours, Pay, str | None, str, str, bool, bool]] = []

    def charge(day: date, amount: Hours, pay: Pay, rule: str, why: str, *, pot: str | None = None,
               right: bool = False, discretionary: bool = False) -> None:  # fmt: skip
        if amount > 0:
            segments.append((day, amount, pay, pot, rule, why, right, discretionary))

    if reason.source is Source.STATUTORY:
        for day in extent.working_days():
            charge(day, per_day, "statutory", reason.rule, f"{reason.title}: under {reason.legal_basis} (LEA-50)")
        return _merge(segments, list(extent.working_days()))

    rs = settings.reasons[reason.code]
    pay: Pay = "paid" if rs.paid else "unpaid"
    maximum = scaled_days(rs.max_days, employment, settings.part_time.reason_maxima) if rs.max_days else None
    left = None if maximum is None else max(0, maximum - history.occasion_used)
    pots: dict[PotKey, Hours] = {}
    if rs.pot is not None:
        for year in {d.year for d in extent.working_days()}:
            size = pot_size(settings, rs.pot, employment)
            pots[(rs.pot, year)] = size - history.pot_used.get((rs.pot, year), 0)
    limit = add_years(history.run_start or extent.start, rs.max_years) if rs.max_years else None
    base_why = f"{reason.title} ({reason.section})"

    for day in extent.working_days():
        if reason.discretionary:
            note = "normally not granted; " if reason.normally_denied else ""
            charge(day, per_day, "unpaid", reason.rule, f"{base_why}: {note}unpaid at the manager's discretion",
                   discretionary=True)  # fmt: skip
        elif limit is not None:
            if day < limit:
                charge(day, per_day, pay, reason.rule, f"{base_why}: up to {rs.max_years} years", right=reason.right)
            else:
                charge(day, per_day, "unpaid", reason.rule,
                       f"beyond the {rs.max_years} years of {reason.rule}: at the employer's discretion",
                       discretionary=True)  # fmt: skip
        else:
            within = per_day if left is None else min(per_day, left)
            if left is not None:
                left -= within
            if rs.pot is not None:
                key = (rs.pot, day.year)
                drawn = max(0, min(within, pots[key]))
                pots[key] -= drawn
                pot = settings.pots[rs.pot]
                charge(day, drawn, "paid", reason.rule, base_why, pot=rs.pot, right=reason.right)
                charge(day, within - drawn, "unpaid", pot.rule,
                       f"beyond the {_days_text(pot.days)} of the {rs.pot.replace('_', ' ')} pot for {day.year}",
                       discretionary=True)  # fmt: skip
            else:
                charge(day, within, pay, reason.rule, base_why, right=reason.right)
            assert rs.max_days is not None or within == per_day
            if rs.max_days is not None:
                beyond = f"beyond {reason.rule}'s maximum of {_days_text(rs.max_days)} for the occasion"
                if rs.paid:  # LEA-16: beyond the maximum of a chapter 3 (or 5) reason, only unpaid
                    charge(day, per_day - within, "unpaid", "LEA-16", beyond, discretionary=True)
                else:  # LEA-26: another welfare reason, at the manager's discretion
                    charge(day, per_day - within, "unpaid", "LEA-26", f"{beyond}: at the manager's discretion",
                           discretionary=True)  # fmt: skip
    return _merge(segments, list(extent.working_days()))


def _merge(segments: list[tuple[date, Hours, Pay, str | None, str, str, bool, bool]], days: list[date]) -> Split:
    """Consecutive working days charged alike become one part; a new year starts a new part."""
    previous = {day: days[i - 1] for i, day in enumerate(days) if i}
    open_parts: dict[tuple[object, ...], _Open] = {}
    done: list[_Open] = []
    for n, (day, amount, pay, pot, rule, why, right, discretionary) in enumerate(segments):
        key = (day.year, amount, pay, pot, rule, why, right, discretionary)
        found = open_parts.get(key)
        if found is not None and previous.get(day) == found.part.last:
            p = found.part
            found.part = Part(p.year, p.first, day, p.days + 1, amount, pay, pot, rule, why, right, discretionary)
            continue
        if found is not None:
            done.append(found)
        open_parts[key] = _Open(Part(day.year, day, day, 1, amount, pay, pot, rule, why, right, discretionary), n)
    done.extend(open_parts.values())
    return Split(tuple(o.part for o in sorted(done, key=lambda o: (o.part.first, o.index))))


@dataclass(frozen=True)
class PotBalance:
    pot: str
    year: int
    size: Hours
    used: Hours

    @property
    def remaining(self) -> Hours:
        return max(0, self.size - self.used)


def balances(
    settings: RegulationSettings, employment: Employment, used: Mapping[PotKey, Hours], years: set[int]
) -> list[PotBalance]:
    """LEA-03: each pot of each year, how much it holds and how much is used."""
    return [
        PotBalance(pot, year, pot_size(settings, pot, employment), used.get((pot, year), 0))
        for year in sorted(years)
        for pot in sorted(settings.pots)
    ]


def clip(parts: tuple[Part, ...], last_day: date, working_days: list[date]) -> tuple[Part, ...]:
    """The parts of a grant cut short to end on `last_day` (the days after it given back)."""
    kept = []
    for p in parts:
        if p.first > last_day:
            continue
        if p.last <= last_day:
            kept.append(p)
            continue
        days = [d for d in working_days if p.first <= d <= last_day]
        kept.append(Part(p.year, p.first, days[-1], len(days), p.per_day, p.pay, p.pot, p.rule, p.why, p.right,
                         p.discretionary))  # fmt: skip
    return tuple(kept)
