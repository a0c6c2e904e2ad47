"""Sick-leave figures in, statistics out (LEA-70): aggregates only, small groups suppressed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import InvalidInput, NotFound
from folkevalgt_shared.types import utcnow
from leave.domain.settings import LeaveRules, SickLeaveSettings
from leave.domain.sick_leave import (
    Figures,
    HalfYear,
    Percentages,
    band,
    percentages,
    suppressed,
    target_on,
    total,
)
from leave.sick_leave.models import SickLeaveFigures
from leave.sick_leave.schemas import (
    FiguresIn,
    ImportedFigures,
    KindsOut,
    MunicipalityReport,
    PathPoint,
    StatisticsOut,
    UnitReport,
)
from leave.units.models import Unit

MUNICIPALITY = "municipality"


def centi(days: Decimal) -> int:
    return int(days * 100)


async def record(*, session: AsyncSession, rows: Sequence[FiguresIn], recorded_by: str) -> ImportedFigures:
    """Upserts per unit and half-year: all rows or none."""
    keys = [(r.year, r.half, r.unit_code) for r in rows]
    seen: set[tuple[int, int, str]] = set()
    for i, key in enumerate(keys):
        if key in seen:
            raise InvalidInput(
                "a unit's half-year appears twice", errors=[{"field": f"rows[{i}].unit_code", "message": "duplicate"}]
            )
        seen.add(key)
    f = SickLeaveFigures
    names = dict(
        (await session.execute(select(Unit.code, Unit.name).where(Unit.code.in_({r.unit_code for r in rows})))).all()
    )
    existing: dict[tuple[int, int, str], SickLeaveFigures] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found = await session.scalars(select(f).where(tuple_(f.year, f.half, f.unit_code).in_(chunk)))
        existing.update({(x.year, x.half, x.unit_code): x for x in found.all()})
    created = updated = 0
    now = utcnow()
    for r in rows:
        values = {
            "unit_name": r.unit_name or names.get(r.unit_code, r.unit_code),
            "employees": r.employees,
            "possible": centi(r.possible_days),
            "short_term": centi(r.short_term_days),
            "child_illness": centi(r.child_illness_days),
            "long_term": centi(r.long_term_days),
            "recorded_by": recorded_by,
            "modified_at": now,
        }
        row = existing.get((r.year, r.half, r.unit_code))
        if row is None:
            session.add(f(id=uuid.uuid4(), year=r.year, half=r.half, unit_code=r.unit_code, version=1, **values))
            created += 1
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.version += 1
            updated += 1
    await session.flush()
    return ImportedFigures(created=created, updated=updated)


def _kinds(p: Percentages) -> KindsOut:
    return KindsOut(
        short_term=f"{p.short_term:f}", child_illness=f"{p.child_illness:f}", long_term=f"{p.long_term:f}",
        total=f"{p.total:f}",
    )  # fmt: skip


def _figures(row: SickLeaveFigures) -> Figures:
    return Figures(
        row.unit_code, row.unit_name, row.employees, row.possible, row.short_term, row.child_illness, row.long_term
    )


async def _all(session: AsyncSession) -> dict[HalfYear, list[Figures]]:
    f = SickLeaveFigures
    rows = (await session.execute(select(f).order_by(f.year, f.half, f.unit_code))).scalars().all()
    out: dict[HalfYear, list[Figures]] = {}
    for row in rows:
        out.setdefault(HalfYear(row.year, row.half), []).append(_figures(row))
    return out


def path(periods: dict[HalfYear, list[Figures]], settings: SickLeaveSettings, unit_code: str | None) -> list[PathPoint]:
    """Every half-year from the baseline's to the last with figures (or the target's), actual against target."""
    first = HalfYear(settings.baseline.at.year, 1 if settings.baseline.at.month <= 6 else 2)
    last_data = max(periods, key=lambda h: (h.year, h.half), default=first)
    goal = HalfYear(settings.target.at.year, 1 if settings.target.at.month <= 6 else 2)
    end = max(last_data, goal, key=lambda h: (h.year, h.half))
    start = min(first, min(periods, key=lambda h: (h.year, h.half), default=first), key=lambda h: (h.year, h.half))
    points, half = [], start
    while (half.year, half.half) <= (end.year, end.half):
        units = periods.get(half, [])
        value = None
        if unit_code is None:
            group = total(units, MUNICIPALITY, "")
            if units and group.employees >= settings.min_group_size:
                value = f"{percentages(group).total:f}"
        else:
            mine = [u for u in units if u.unit_code == unit_code]
            if mine and mine[0].unit_code not in suppressed(units, settings.min_group_size):
                value = f"{percentages(mine[0]).total:f}"
        points.append(
            PathPoint(
                half_year=half.label,
                last_day=half.last_day.isoformat(),
                percent=value,
                target_percent=f"{target_on(half.last_day, settings):f}",
            )
        )
        half = half.next()
    return points


async def statistics(session: AsyncSession, rules: LeaveRules, half_year: HalfYear) -> StatisticsOut:
    rule_version, settings = rules.sick_leave(half_year.last_day)
    periods = await _all(session)
    units = periods.get(half_year)
    if not units:
        raise NotFound(f"no sick-leave figures for {half_year.label}")
    hidden = suppressed(units, settings.min_group_size)
    whole = total(units, MUNICIPALITY, "Kommunen")
    whole_shown = whole.employees >= settings.min_group_size
    target = target_on(half_year.last_day, settings)
    reports = []
    for unit in units:
        if unit.unit_code in hidden:
            reports.append(UnitReport(unit_code=unit.unit_code, unit_name=unit.unit_name, suppressed=True))
            continue
        p = percentages(unit)
        reports.append(
            UnitReport(
                unit_code=unit.unit_code,
                unit_name=unit.unit_name,
                suppressed=False,
                employees=unit.employees,
                percent=_kinds(p),
                band=band(p.total, settings),
            )
        )
    overall = percentages(whole)
    return StatisticsOut(
        half_year=half_year.label,
        rule_version=rule_version,
        min_group_size=settings.min_group_size,
        municipality=MunicipalityReport(
            employees=whole.employees,
            units=len(units),
            percent=_kinds(overall) if whole_shown else None,
            suppressed=not whole_shown,
            target_percent=f"{target:f}",
            above_target_by=f"{overall.total - target:f}" if whole_shown else None,
        ),
        units=reports,
        above=[r.unit_code for r in reports if r.band == "above"],
        between=[r.unit_code for r in reports if r.band == "between"],
        path=path(periods, settings, None),
    )


async def unit_path(
    session: AsyncSession, rules: LeaveRules, unit_code: str | None, on: HalfYear
) -> tuple[str, list[PathPoint]]:
    _, settings = rules.sick_leave(on.last_day)
    periods = await _all(session)
    name = "Kommunen"
    if unit_code is not None:
        names = [u.unit_name for units in periods.values() for u in units if u.unit_code == unit_code]
        if not names:
            raise NotFound(f"no sick-leave figures for unit {unit_code!r}")
        name = names[-1]
    return name, path(periods, settings, unit_code)
