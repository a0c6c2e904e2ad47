"""The `leave` section of the municipality's rule settings, versioned by validity date.

Three parts, each present from the date its source applies: `office_leave` (LEA-60, the council's regulation
of 2011), `sick_leave` (LEA-70, the plan for reducing sick leave adopted 02.11.2011) and `regulation` (the
leave regulation proposed 01.08.2012, LEA-01..42). A date without a part is refused with the part named.

Hours are written as decimal numbers of hours with at most two decimals (7.5), days likewise.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from folkevalgt_shared.errors import RuleViolation
from folkevalgt_shared.rules import MunicipalityConfig, RuleBook, load_municipality
from folkevalgt_shared.settings import REPO_ROOT
from leave.domain.model import Hours, hours
from leave.domain.reasons import REGULATED

SECTION = "leave"
DEFAULT_CONFIG = REPO_ROOT / "config" / "sor-varanger.yaml"
Pot = Literal["welfare", "public_office"]


def _exact(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError("write hours and days as integers or decimal strings, not binary fractions")
    return value


Amount = Annotated[Decimal, BeforeValidator(_exact), Field(gt=0, decimal_places=2)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReasonSettings(_Frozen):
    """What one reason grants. `max_days` is per occasion, `max_years` the length a leave may have under the
    rule (beyond it the employer decides freely), `pot` the yearly pot its paid days draw on (LEA-17)."""

    paid: bool
    max_days: Amount | None = None
    max_years: int | None = Field(default=None, ge=1)
    repeat_after_years: int | None = Field(default=None, ge=1)  # LEA-32: after one election period between
    pot: Pot | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ReasonSettings:
        if self.pot is not None and not self.paid:
            raise ValueError("an unpaid reason draws on no pot")
        if self.max_days is not None and self.max_years is not None:
            raise ValueError("give max_days or max_years, not both")
        if self.repeat_after_years is not None and self.max_years is None:
            raise ValueError("repeat_after_years goes with max_years")
        return self


class PotSettings(_Frozen):
    days: Amount
    rule: str


class PartTime(_Frozen):
    """LEA-01: whether a part-time employee's pots and per-reason maxima shrink with the position."""

    pots: bool = True
    reason_maxima: bool = True


class Consequences(_Frozen):
    """LEA-04."""

    holiday_pay_paid_months: int = Field(default=3, ge=0)
    pension_unpaid_over_months: int = Field(default=1, ge=0)


class RegulationSettings(_Frozen):
    full_time_hours_per_day: Amount  # a full-time working day, unless HR gives the employee another
    part_time: PartTime = PartTime()
    pots: dict[Pot, PotSettings]
    reasons: dict[str, ReasonSettings]
    consequences: Consequences = Consequences()

    @model_validator(mode="after")
    def _every_reason(self) -> RegulationSettings:
        missing, unknown = sorted(REGULATED - set(self.reasons)), sorted(set(self.reasons) - REGULATED)
        if missing or unknown:
            raise ValueError(f"reasons missing: {missing}; not reasons of the regulation: {unknown}")
        used = {r.pot for r in self.reasons.values() if r.pot}
        if not used <= set(self.pots):
            raise ValueError(f"pots used but not defined: {sorted(used - set(self.pots))}")
        return self

    @property
    def full_time_day(self) -> Hours:
        return hours(self.full_time_hours_per_day)


class OfficeLeaveSettings(_Frozen):
    """LEA-60: leave from office for up to `max_years`, granted by `granted_by`."""

    max_years: int = Field(ge=1)
    granted_by: str


class PathPoint(_Frozen):
    at: date
    percent: Annotated[Decimal, BeforeValidator(_exact), Field(ge=0, le=100)]


class SickLeaveSettings(_Frozen):
    """LEA-70: the target path from a baseline to a target, the bands units are listed in, and the smallest
    group whose figures are shown."""

    baseline: PathPoint
    target: PathPoint
    above_percent: Annotated[Decimal, BeforeValidator(_exact)] = Decimal(20)
    between_percent: tuple[Annotated[Decimal, BeforeValidator(_exact)], Annotated[Decimal, BeforeValidator(_exact)]] = (
        Decimal(11),
        Decimal(20),
    )
    min_group_size: int = Field(default=5, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> SickLeaveSettings:
        if self.target.at <= self.baseline.at:
            raise ValueError("the target's date must come after the baseline's")
        return self


class LeaveSettings(_Frozen):
    regulation: RegulationSettings | None = None
    office_leave: OfficeLeaveSettings | None = None
    sick_leave: SickLeaveSettings | None = None


class LeaveRules:
    """The section for any date, each part refused with its name where none is in force."""

    def __init__(self, config: MunicipalityConfig) -> None:
        self.book = RuleBook(config, SECTION, LeaveSettings)
        self.sick_leave_versions = [
            (v.valid_from, v.decision, section.sick_leave)
            for v in config.versions
            if SECTION in v.sections and (section := self.book.at(v.valid_from)).sick_leave is not None
        ]

    def _part(self, day: date, part: str, field: str) -> tuple[str, Any]:
        decision, section = self.book.version_at(day)
        found = getattr(section, part)
        if found is None:
            raise RuleViolation(
                f"no {part.replace('_', ' ')} settings are in force on {day.isoformat()}",
                errors=[{"field": field, "message": f"before the {part.replace('_', ' ')} applies"}],
            )
        return decision, found

    def regulation(self, day: date, field: str = "start_date") -> tuple[str, RegulationSettings]:
        decision, found = self._part(day, "regulation", field)
        return decision, found

    def office_leave(self, day: date, field: str = "start_date") -> OfficeLeaveSettings:
        found: OfficeLeaveSettings = self._part(day, "office_leave", field)[1]
        return found

    def sick_leave(self, day: date) -> tuple[str, SickLeaveSettings]:
        """LEA-70's settings on `day`; for a half-year before the first plan, the first plan's (its baseline
        lies in the past it reports on)."""
        if not self.sick_leave_versions:
            raise RuleViolation("no sick-leave settings", errors=[{"field": "year", "message": "not configured"}])
        _, decision, chosen = self.sick_leave_versions[0]
        for valid_from, version, settings in self.sick_leave_versions:
            if valid_from <= day:
                decision, chosen = version, settings
        return decision, chosen


def rule_book(path: Path | None = None) -> LeaveRules:
    return LeaveRules(load_municipality(path or DEFAULT_CONFIG))
