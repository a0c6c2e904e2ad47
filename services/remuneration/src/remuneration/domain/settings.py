"""The `remuneration` section of the municipality's rule settings (REM-01..92).

Every rate, cap and percentage is configuration with a validity period (the RuleBook version it
sits in), so a council decision applies from its date and old periods keep their old rates.
The regulation offers alternative models per section (§3 models 1–2, §4 models 1–3, §5 models
1–4); a *model* here bundles one choice per section, and `model` names the one in force. Any
other bundle can be computed on the same attendance data ("what if model 3?", REM-34).

Amounts are written in kroner in the file and held in øre (`Nok`); a kroner amount with more
than two decimals, or a binary fraction such as YAML's 500.5, is refused rather than rounded. Percentages are `Decimal`.
A rate the seed leaves blank is written `null` and means "not set by the council yet": lines
that need it are held as rate pending (REM-33), never paid as 0.

Decisions recorded in the file (config/sor-varanger.yaml):
- The section is a version of its own, valid from 1 January 2012, with the decision reference of
  the regulation's model 1 ("dagens ordning", the scheme in force when the 2012 revision was
  prepared); the case was put to the council without a recommendation, so no later decision is
  in the seed and no later version is added.
- The chief executive's base salary (§3 model 1) is not in the case documents: it is null, so the
  mayor's pay under model 1 is rate pending until the administration sets it. The MP pay (§3
  model 2) is listed only for years with a known Storting decision, each with its source.
- Models 2–4 fill the regulation's blanks, for comparison only, with the figures of the
  municipality the case drew each model from; §3 offers models 1–2 only, so models 3–4 use §3
  model 2; §4 offers models 1–3 only, so model 4 uses §4 model 1.
- §7 prices buyout "i h.h.t. pkt. om tapt arbeidsfortjeneste": there is no buyout day rate of its
  own; each official's recorded lost-earnings rate is used under the model's §4 caps (REM-40).
- What documents lost earnings per earner category (REM-20), the mayor's other terms (REM-11),
  the benefits in kind with the tax rule of each income year (REM-11, REM-50 §8), which items a
  monthly batch pays (REM-10) and how support paid to a person is reported (REM-60) are settings
  of their own, as the regulation leaves them to law and practice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from folkevalgt_shared.errors import InvalidInput
from folkevalgt_shared.rules import RuleBook, load_municipality
from folkevalgt_shared.settings import REPO_ROOT
from remuneration.domain.model import DocumentationKind, EarnerCategory, ItemType, Ore

SECTION = "remuneration"
DEFAULT_CONFIG = REPO_ROOT / "config" / "sor-varanger.yaml"  # as ServiceSettings.municipality_config


def _kroner_to_ore(value: Any) -> Ore:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise ValueError('write money as whole kroner or a decimal string ("500.50"), not as a binary fraction')
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not an amount in kroner") from exc
    ore = amount * 100
    if ore != ore.to_integral_value() or ore < 0:
        raise ValueError(f"{value!r} is not a non-negative amount with at most two decimals")
    return int(ore)


# Kroner in the file, øre in memory.
Nok = Annotated[int, BeforeValidator(_kroner_to_ore)]
Percent = Annotated[Decimal, Field(ge=0, le=100)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rate(_Frozen):
    """An amount: fixed kroner, or a share of the mayor's remuneration (models 2–4), plus kroner.

    Written as a bare number (kroner) or `{percent_of_mayor: 0.2}` (of the yearly remuneration),
    `{percent_of_mayor_daily: 100}` (of the daily pay = yearly / working days per year), with an
    optional `plus: 200` (model 4 b).
    """

    nok: Nok | None = None
    percent_of_mayor: Percent | None = None
    percent_of_mayor_daily: Annotated[Decimal, Field(ge=0)] | None = None
    plus: Nok = 0

    @model_validator(mode="before")
    @classmethod
    def _bare_amount(cls, value: Any) -> Any:
        return {"nok": value} if isinstance(value, int | str) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _one_basis(self) -> Rate:
        bases = [self.nok, self.percent_of_mayor, self.percent_of_mayor_daily]
        if sum(b is not None for b in bases) != 1:
            raise ValueError("give exactly one of nok, percent_of_mayor, percent_of_mayor_daily")
        return self

    @property
    def needs_mayor(self) -> bool:
        return self.nok is None


class ReferenceSalary(_Frozen):
    """A yearly reference amount for a span of days (REM-10), e.g. the MP pay from 1 May."""

    valid_from: date
    valid_to: date | None = None
    annual: Nok | None  # required; null = not known yet, so pay depending on it is rate pending
    source: str


class ReferenceSalaries(_Frozen):
    chief_executive_base: list[ReferenceSalary] = []  # rådmannens grunnlønn (§3 model 1)
    member_of_parliament: list[ReferenceSalary] = []  # stortingsrepresentantenes godtgjørelse (§3 model 2)

    def at(self, reference: str, day: date) -> ReferenceSalary | None:
        chosen = None
        for entry in getattr(self, reference):
            if entry.valid_from <= day and (entry.valid_to is None or day <= entry.valid_to):
                chosen = entry
        return chosen


class MayorSettings(_Frozen):
    """REM-10: the mayor's and deputy mayor's yearly remuneration as a share of a reference salary."""

    reference: Literal["chief_executive_base", "member_of_parliament"]
    mayor_percent: Percent = Decimal(100)
    deputy_mayor_percent: Percent = Decimal(50)


class LostEarningsSettings(_Frozen):
    """REM-20/21: caps for documented and undocumented lost earnings (tapt arbeidsfortjeneste)."""

    documented_day_cap: Rate | None
    undocumented_categories: frozenset[EarnerCategory]  # who may claim undocumented loss at all
    undocumented_hourly: Rate | None = None  # meetings up to `full_day_over_hours`, per hour
    undocumented_day: Rate | None  # longer meetings: per day
    undocumented_day_by_category: dict[EarnerCategory, Rate | None] = {}  # model 3 b: students etc.
    # Model 3 a: up to the threshold, hour by hour = the day amount × hours / working-day hours.
    hour_by_hour: bool = False
    full_day_over_hours: Decimal = Decimal(4)


class FeeRule(_Frozen):
    """One line of a fee table; the first rule matching an attendance prices it (REM-30, REM-34)."""

    label: str
    body_types: frozenset[str] | None = None  # None: any body
    roles: frozenset[str] | None = None  # role at the meeting; None: any
    as_deputy: bool | None = None  # None: members and attending deputies alike
    paid: bool = True  # False: no fee, e.g. covered by a fixed remuneration (model 4 a)
    rate: Rate | None = None  # required when paid; null = blank in the regulation → rate pending

    @model_validator(mode="before")
    @classmethod
    def _rate_written(cls, value: Any) -> Any:
        if isinstance(value, dict) and value.get("paid", True) and "rate" not in value:
            raise ValueError("a paid fee rule needs `rate` (write null while the council has not set it)")
        return value

    def matches(self, body_type: str, role: str, as_deputy: bool) -> bool:
        return (
            (self.body_types is None or body_type in self.body_types)
            and (self.roles is None or role in self.roles)
            and (self.as_deputy is None or self.as_deputy == as_deputy)
        )


class FeeSettings(_Frozen):
    """REM-30/31/33/34: meeting fees (møtegodtgjørelse)."""

    table: list[FeeRule]
    max_per_day: int = Field(default=2, ge=0)  # REM-31 (regulation)
    one_per_body_per_day: bool = True  # REM-31 (KS guide A 1)
    group_meetings: bool = False  # REM-31: none for party group meetings; model 2 d pays them
    half_fee_under_hours: Decimal | None = None  # model 2 d
    bodies_without_fee: frozenset[str] = frozenset()  # body keys of short sub-committee meetings (REM-31)
    deputy_mayor_fees: bool = False  # REM-11 (§3) over §5; configurable
    remote_meetings: bool = False  # REM-33 (§6)
    courses_and_representation: bool = False  # REM-33 (§6)
    entitled_categories: frozenset[EarnerCategory] = frozenset(
        {EarnerCategory.PENSIONER, EarnerCategory.STUDENT, EarnerCategory.HOMEMAKER}
    )
    entitled_fee: Rate | None  # REM-33: blank in the seed, so required and null until set


class FixedYearlyRule(_Frozen):
    """A fixed yearly remuneration for holders of a role (REM-32, REM-34)."""

    label: str
    rule: Literal["REM-32", "REM-34"]
    item_type: Literal[ItemType.LEADER_PAY, ItemType.FIXED_PAY]
    body_types: frozenset[str] | None = None
    roles: frozenset[str]
    rate: Rate | None
    reduced_per_missed_meeting: bool = False  # model 3 a

    def matches(self, body_type: str, role: str) -> bool:
        return (self.body_types is None or body_type in self.body_types) and role in self.roles


class PhoneRule(_Frozen):
    label: str
    body_types: frozenset[str] | None = None
    roles: frozenset[str]
    amount: Nok

    def matches(self, body_type: str, role: str) -> bool:
        return (self.body_types is None or body_type in self.body_types) and role in self.roles


class PhoneSettings(_Frozen):
    """REM-50: yearly phone allowance per office; the first matching rule prices an office."""

    table: list[PhoneRule]
    cumulative: bool = True  # a member of council and executive committee gets both (default)
    without_allowance_roles: frozenset[str] = frozenset({"mayor", "deputy_mayor"})  # municipal phones


class ModelSettings(_Frozen):
    """One choice per modelled section of the regulation."""

    label: str
    mayor: MayorSettings  # §3
    lost_earnings: LostEarningsSettings  # §4
    fees: FeeSettings  # §5, §6
    fixed_yearly: list[FixedYearlyRule] = []  # §5 (group leader, committee leaders, models 2–4)
    phone: PhoneSettings  # §8


class BuyoutRule(_Frozen):
    label: str
    body_types: frozenset[str]
    roles: frozenset[str]
    days_per_month: Decimal


class GroupLeaderDays(_Frozen):
    up_to_members: int | None  # None: any size above the previous steps
    days_per_month: Decimal


class BuyoutSettings(_Frozen):
    """REM-40: buyout (frikjøp) in days per month, paid "i h.h.t. pkt. om tapt arbeidsfortjeneste": at the
    official's own lost-earnings rate under the model's REM-20/21 caps (see buyout.py)."""

    rules: list[BuyoutRule]
    group_leader_roles: frozenset[str] = frozenset({"group_leader"})
    group_leader_days: list[GroupLeaderDays]
    deputy_mayor: bool = False  # ambiguity: §3 pay is the one payment by default
    deputy_mayor_percent: Percent = Decimal(50)
    # Leave from office: no loss arises for an office one is on leave from, so every day of leave is left
    # out (`every_day`); `as_fixed_pay` follows REM-81 (qualifying leave only, when switched on).
    leave: Literal["every_day", "as_fixed_pay"] = "every_day"


class PartySupportSettings(_Frozen):
    """REM-60: party support, support for unrepresented lists, representative support (per year)."""

    per_group: Nok
    unrepresented_list_election_year: Nok
    per_representative: Nok
    council_body_types: frozenset[str] = frozenset({"municipal_council"})
    seat_roles: frozenset[str] = frozenset({"member", "chair", "vice_chair", "mayor", "deputy_mayor"})
    unrepresented_paid_in_quarter: int = Field(default=3, ge=1, le=4)


class CareSettings(_Frozen):
    """REM-70: documented care expenses while on mandatory duties."""

    child_day_cap: Nok
    child_age_limit: int = 12  # children *under* this age
    other_hour_cap: Nok


class SeveranceSettings(_Frozen):
    """REM-12: severance (etterlønn) for offices of more than a third of full time."""

    enabled: bool = True
    more_than_share: Fraction = Fraction(1, 3)  # "more than 1/3 time" (§3); the KS guide says half or more
    months_with_job: Fraction = Fraction(3, 2)
    months_without_job: Fraction = Fraction(3)
    time_share: dict[str, Fraction] = {"mayor": Fraction(1), "deputy_mayor": Fraction(1, 2)}


class AttendanceReduction(_Frozen):
    """REM-80 (KS guide G): fixed remuneration and attendance in the calendar year."""

    enabled: bool = False
    member_below: Fraction = Fraction(2, 3)
    member_reduction_percent: Percent = Decimal(50)
    deputy_half_from: Fraction = Fraction(1, 3)
    deputy_full_from: Fraction = Fraction(2, 3)


class LeaveDeduction(_Frozen):
    """REM-81 (KS guide G): proportional deduction for leave of at least N consecutive months."""

    enabled: bool = False
    min_months: int = 3


class PayrollItem(_Frozen):
    """REM-92: how payroll reports one item type (a-melding)."""

    benefit_type: str | None  # e.g. kontantytelse; None: not reported in the a-melding
    reporting_code: str | None  # e.g. styrehonorarOgGodtgjoerelseVerv
    tax_treatment: Literal["withholding", "no_withholding", "not_reportable"]


class PayrollSettings(_Frozen):
    items: dict[ItemType, PayrollItem]
    # REM-60/REM-02: support is outside the a-melding because it goes to an organisation (REM-90); paid to
    # a person (an independent representative, who has no group) it is that person's income.
    support_to_a_person: PayrollItem
    # KS guide: the June arrangement pays the mayor's June remuneration without tax deduction.
    mayor_june_without_withholding: bool = False

    @model_validator(mode="after")
    def _every_item(self) -> PayrollSettings:
        missing = sorted(set(ItemType) - set(self.items))
        if missing:
            raise ValueError(f"payroll reporting is missing for {', '.join(missing)}")
        return self


class DocumentationSettings(_Frozen):
    """REM-20: what documents a claimed loss for each earner category (KS guide C 1: the employer's statement
    of pay deduction for wage earners, the tax assessment or other approved documentation for the
    self-employed); REM-11: a pension loss; REM-70 and travel: an expense."""

    lost_earnings: dict[EarnerCategory, frozenset[DocumentationKind]]
    pension_loss: frozenset[DocumentationKind] = frozenset(
        {DocumentationKind.PENSION_STATEMENT, DocumentationKind.EMPLOYER_STATEMENT, DocumentationKind.OTHER}
    )
    expenses: frozenset[DocumentationKind] = frozenset({DocumentationKind.RECEIPT, DocumentationKind.OTHER})

    @model_validator(mode="after")
    def _every_category(self) -> DocumentationSettings:
        missing = sorted(set(EarnerCategory) - set(self.lost_earnings))
        if missing:
            raise ValueError(f"the documentation of lost earnings is missing for {', '.join(missing)}")
        return self


class MayorTerms(_Frozen):
    """REM-11 (§3, both models): the mayor's and deputy mayor's other terms."""

    roles: frozenset[str] = frozenset({"mayor", "deputy_mayor"})
    # "Godtgjørelse under sykdom tilsvarende ansattes sykelønnsrettigheter": a leave from office for
    # illness does not reduce the pay (REM-81) for as long as an employee keeps full pay when ill.
    sick_pay_leave_reasons: frozenset[str] = frozenset({"health"})
    sick_pay_weeks: int = Field(default=52, ge=0)
    sick_pay_basis: str = "ansattes sykelønnsrettigheter"
    # "Legitimert tap av offentlig eller privat pensjonsordning godtgjøres fullt ut": no cap.
    pension_loss_compensated: bool = True


class BenefitTaxation(_Frozen):
    """Whether a benefit in kind is reportable from a date (tax law changes by income year), and why."""

    valid_from: date
    valid_to: date | None = None
    reportable: bool
    yearly_value: Nok | None = None  # the taxable value a year; null while unknown (rate pending)
    reporting_code: str | None = None  # the a-melding description of the benefit, e.g. elektroniskKommunikasjon
    basis: str  # the tax rule relied on, shown with the benefit

    @model_validator(mode="after")
    def _value_goes_with_reporting(self) -> BenefitTaxation:
        if not self.reportable and (self.yearly_value is not None or self.reporting_code is not None):
            raise ValueError("a benefit that is not reportable carries no taxable value or reporting code")
        return self


class BenefitInKind(_Frozen):
    """REM-11, REM-50 §8: something the municipality provides in kind to holders of a role."""

    label: str
    rule: Literal["REM-11", "REM-50"]
    kind: str  # mobile_phone, pc_and_ipad, pc_or_ipad, subscription …; one per person, whatever the offices
    body_types: frozenset[str] | None = None
    roles: frozenset[str]
    taxation: list[BenefitTaxation]

    def matches(self, body_type: str, role: str) -> bool:
        return (self.body_types is None or body_type in self.body_types) and role in self.roles

    def taxation_on(self, day: date) -> BenefitTaxation | None:
        chosen = None
        for entry in self.taxation:
            if entry.valid_from <= day and (entry.valid_to is None or day <= entry.valid_to):
                chosen = entry
        return chosen


class PayoutSettings(_Frozen):
    """REM-04: the quarter's batch; REM-10: fixed pay is paid monthly, so these items may be paid by a monthly
    batch once the month has ended (the quarter's batch pays what a monthly batch has not)."""

    monthly_items: frozenset[ItemType] = frozenset({ItemType.FIXED_PAY, ItemType.SEVERANCE, ItemType.BUYOUT})


class RemunerationSettings(_Frozen):
    """The `remuneration` section of one RuleBook version."""

    model: str  # the model in force
    models: dict[str, ModelSettings]
    decision_authority: str  # who interprets the rules in doubt (KS guide: the political members of …)
    working_days_per_year: int = 260  # the mayor's daily pay = yearly / this
    working_day_hours: Decimal = Decimal("7.5")  # hour-by-hour shares of a day amount (model 3)
    reference_salaries: ReferenceSalaries
    buyout: BuyoutSettings
    party_support: PartySupportSettings
    care: CareSettings
    severance: SeveranceSettings = SeveranceSettings()
    attendance_reduction: AttendanceReduction = AttendanceReduction()
    leave_deduction: LeaveDeduction = LeaveDeduction()
    documentation: DocumentationSettings
    mayor_terms: MayorTerms = MayorTerms()
    benefits_in_kind: list[BenefitInKind] = []
    payout: PayoutSettings = PayoutSettings()
    payroll: PayrollSettings

    @model_validator(mode="after")
    def _active_model_exists(self) -> RemunerationSettings:
        if self.model not in self.models:
            raise ValueError(f"model {self.model!r} is not among the models {sorted(self.models)}")
        return self

    def model_named(self, name: str | None) -> tuple[str, ModelSettings]:
        """The named model (a what-if computation), or the one in force."""
        chosen = self.model if name is None else name
        if chosen not in self.models:
            raise InvalidInput(
                f"there is no remuneration model {chosen!r}",
                errors=[{"field": "model", "message": f"one of {', '.join(sorted(self.models))}"}],
            )
        return chosen, self.models[chosen]


def rule_book(path: Path | None = None) -> RuleBook[RemunerationSettings]:
    """The remuneration settings of the municipality, by validity date."""
    return RuleBook(load_municipality(path or DEFAULT_CONFIG), SECTION, RemunerationSettings)
