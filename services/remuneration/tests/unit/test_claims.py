"""Claims raised by the official: lost earnings (REM-20/21/22), care (REM-70), meeting fees where no
secretariat was present (REM-03, REM-11, REM-31, REM-33) and travel."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from folkevalgt_shared.errors import InvalidInput, Problem, RuleViolation
from remuneration.domain.claims import (
    CareKind,
    ClaimInput,
    ClaimKind,
    SameDay,
    assess_claim,
    bought_out,
    claim_identity,
)
from remuneration.domain.model import DocumentationKind, EarnerCategory, ItemType, LineStatus, PayLine, nok
from remuneration.domain.settings import RemunerationSettings, rule_book

DAY = date(2024, 3, 5)
MP_DAY = date(2012, 6, 5)  # an MP pay is known (811 505 from 1 May 2012): models 2–4 can be priced
SELF = EarnerCategory.SELF_EMPLOYED
WAGE = EarnerCategory.WAGE_EARNER


MODEL_1 = rule_book().version_at(DAY)[1]


@pytest.fixture(scope="module")
def model_1() -> RemunerationSettings:
    return MODEL_1


def lost(hours: str | None = "3", **fields: Any) -> ClaimInput:
    base: dict[str, Any] = {
        "kind": ClaimKind.LOST_EARNINGS,
        "person_id": uuid4(),
        "day": DAY,
        "claim_id": uuid4(),
        "hours": Decimal(hours) if hours is not None else None,
        "justification": "lost a half day of fishing",
    }
    return ClaimInput(**{**base, **fields})


def documented(amount_nok: int, **fields: Any) -> ClaimInput:
    base: dict[str, Any] = {
        "documented": True,
        "documentation_kind": DocumentationKind.EMPLOYER_STATEMENT,
        "documentation_ref": "2024-17",
        "amount_claimed": nok(amount_nok),
    }
    return lost(**{**base, **fields})


def assess(claim: ClaimInput, settings: RemunerationSettings, earner: EarnerCategory = SELF, **kw: Any) -> PayLine:
    return assess_claim(claim, settings, earner, "KST test", **kw)


def refused(claim: ClaimInput, settings: RemunerationSettings, earner: EarnerCategory = SELF, **kw: Any) -> Problem:
    with pytest.raises(Problem) as caught:
        assess(claim, settings, earner, **kw)
    return caught.value


# -- REM-20: model 1 ----------------------------------------------------------------------------


def test_rem20_documented_lost_earnings_capped_at_2500_a_day(model_1: RemunerationSettings) -> None:
    claim = documented(3200)
    line = assess(claim, model_1, WAGE)
    assert (line.amount, line.rule, line.item_type) == (nok(2500), "REM-20", ItemType.LOST_EARNINGS)
    assert line.sources == (f"claim:{claim.claim_id}",)
    assert line.rate_version == "KST test"
    assert "claimed NOK 3200.00, paid NOK 2500.00" in line.explanation
    assert "employer statement 2024-17" in line.explanation


def test_rem20_documented_below_the_cap_is_paid_as_claimed(model_1: RemunerationSettings) -> None:
    assert assess(documented(1800), model_1, WAGE).amount == nok(1800)


def test_rem20_undocumented_three_hours_is_360(model_1: RemunerationSettings) -> None:
    line = assess(lost("3"), model_1, SELF)
    assert (line.amount, line.rule) == (nok(360), "REM-20")
    assert "3 h × NOK 120.00 an hour = NOK 360.00" in line.explanation


def test_rem20_undocumented_four_hours_is_still_per_hour(model_1: RemunerationSettings) -> None:
    assert assess(lost("4"), model_1).amount == nok(480)


def test_rem20_undocumented_longer_than_four_hours_is_1000_a_day(model_1: RemunerationSettings) -> None:
    assert assess(lost("4.5"), model_1).amount == nok(1000)
    assert assess(lost("9"), model_1, EarnerCategory.PENSIONER).amount == nok(1000)


def test_rem20_undocumented_hours_can_come_from_the_attendance_times(model_1: RemunerationSettings, kit: Any) -> None:
    claim = lost(None, attended_from=kit.at(DAY, 9), attended_to=kit.at(DAY, 11, 30))
    assert assess(claim, model_1).amount == nok(300)


def test_rem20_a_wage_earner_cannot_claim_undocumented_loss(model_1: RemunerationSettings) -> None:
    problem = refused(lost("3"), model_1, WAGE)
    assert isinstance(problem, RuleViolation)
    assert problem.rule == "REM-20"
    assert problem.errors == [{"field": "documented", "message": problem.detail}]


def test_rem20_undocumented_loss_must_be_substantiated(model_1: RemunerationSettings) -> None:
    problem = refused(lost("3", justification="  "), model_1)
    assert isinstance(problem, InvalidInput)
    assert problem.errors and problem.errors[0]["field"] == "justification"


def test_rem20_undocumented_loss_needs_the_hours(model_1: RemunerationSettings) -> None:
    problem = refused(lost(None), model_1)
    assert isinstance(problem, InvalidInput) and problem.errors and problem.errors[0]["field"] == "hours"


def test_rem20_a_documented_claim_names_its_documentation(model_1: RemunerationSettings) -> None:
    problem = refused(documented(1000, documentation_ref=None), model_1, WAGE)
    assert isinstance(problem, InvalidInput)
    assert problem.errors == [{"field": "documentation_ref", "message": "a documented claim names its documentation"}]


def test_rem20_a_documented_claim_states_its_amount(model_1: RemunerationSettings) -> None:
    problem = refused(documented(1000, amount_claimed=None), model_1, WAGE)
    assert isinstance(problem, InvalidInput) and problem.errors and problem.errors[0]["field"] == "amount_claimed"


def test_rem20_impossible_hours_are_a_field_error(model_1: RemunerationSettings) -> None:
    problem = refused(lost("25"), model_1)
    assert isinstance(problem, InvalidInput) and problem.errors and problem.errors[0]["field"] == "hours"


def test_rem20_the_day_cap_holds_across_claims_of_the_same_day(model_1: RemunerationSettings) -> None:
    line = assess(documented(1000), model_1, WAGE, same_day=SameDay(lost_earnings=nok(2000)))
    assert line.amount == nok(500)
    assert "less NOK 2000.00 already paid that day" in line.explanation
    problem = refused(documented(1000), model_1, WAGE, same_day=SameDay(lost_earnings=nok(2500)))
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-20"


def test_rem20_undocumented_hours_of_one_day_add_up(model_1: RemunerationSettings) -> None:
    first = assess(lost("3"), model_1)
    same = SameDay(lost_earnings=first.amount, undocumented=first.amount, undocumented_hours=Decimal(3))
    second = assess(lost("2"), model_1, same_day=same)
    assert first.amount + second.amount == nok(1000)  # a 5-hour day


def test_rem20_an_undocumented_claim_below_the_rate_is_paid_as_claimed(model_1: RemunerationSettings) -> None:
    assert assess(lost("3", amount_claimed=nok(200)), model_1).amount == nok(200)


claims = st.lists(
    st.tuples(
        st.booleans(),
        st.integers(min_value=1, max_value=600_000),
        st.decimals(min_value=Decimal("0.25"), max_value=Decimal(12), places=2),
        st.sampled_from([SELF, EarnerCategory.PENSIONER, EarnerCategory.STUDENT, WAGE]),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(claims)
def test_rem20_lost_earnings_of_a_day_never_exceed_the_day_cap(kit: Any, day_claims: list[Any]) -> None:
    model_1 = MODEL_1
    same = SameDay()
    for is_documented, amount, hours, earner in day_claims:
        kind = DocumentationKind.TAX_ASSESSMENT if earner is SELF else DocumentationKind.EMPLOYER_STATEMENT
        claim = (
            documented(0, amount_claimed=amount, hours=hours, documentation_kind=kind)
            if is_documented
            else lost(str(hours))
        )
        try:
            line = assess(claim, model_1, earner, same_day=same)
        except RuleViolation as refusal:
            assert refusal.rule == "REM-20"
            continue
        assert line.amount > 0
        undocumented = 0 if is_documented else line.amount
        same = SameDay(
            lost_earnings=same.lost_earnings + line.amount,
            undocumented=same.undocumented + undocumented,
            undocumented_hours=same.undocumented_hours + (0 if is_documented else hours),
        )
        assert same.lost_earnings <= nok(2500)
        assert same.undocumented <= nok(1000)


# -- REM-21: models 2 and 3 ---------------------------------------------------------------------


def test_rem21_model_2_documented_up_to_the_mayors_daily_pay(model_1: RemunerationSettings) -> None:
    line = assess(documented(5000, day=MP_DAY), model_1, WAGE, model="2")
    assert line.amount == 312_117  # 811 505 / 260 working days, in øre
    assert line.rule == "REM-21"
    assert "mayor's daily pay" in line.explanation


def test_rem21_model_2_undocumented_on_application(model_1: RemunerationSettings) -> None:
    assert assess(lost("3", day=MP_DAY), model_1, EarnerCategory.HOMEMAKER, model="2").amount == nok(450)
    assert assess(lost("5", day=MP_DAY), model_1, EarnerCategory.HOMEMAKER, model="2").amount == nok(900)
    problem = refused(lost("3", day=MP_DAY), model_1, EarnerCategory.OTHER, model="2")
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-20"


def test_rem21_model_3_counts_hour_by_hour_up_to_four_hours(model_1: RemunerationSettings) -> None:
    full = assess(documented(9000, day=MP_DAY, hours=Decimal(6)), model_1, WAGE, model="3")
    assert full.amount == 405_753  # 0.5 % of 811 505, a full day
    part = assess(documented(9000, day=MP_DAY, hours=Decimal(3)), model_1, WAGE, model="3")
    assert part.amount == 162_301  # 405 753 × 3 / 7.5
    assert part.rule == "REM-21"


def test_rem21_model_3_students_pensioners_and_homemakers_have_their_own_rate(model_1: RemunerationSettings) -> None:
    student = assess(lost("5", day=MP_DAY), model_1, EarnerCategory.STUDENT, model="3")
    assert student.amount == 40_575  # 0.05 % of 811 505
    other = assess(lost("2", day=MP_DAY), model_1, SELF, model="3")
    assert other.amount == 21_640  # 0.1 % = 811.51 a day, × 2 / 7.5


def test_rem21_a_cap_tied_to_an_unknown_mp_pay_is_rate_pending(model_1: RemunerationSettings) -> None:
    line = assess(documented(2000), model_1, WAGE, model="2")  # 2024: no MP pay in the settings
    assert (line.status, line.amount, line.payable) == (LineStatus.RATE_PENDING, 0, False)
    assert "rate pending" in line.explanation


# -- REM-20: the documentation fits the earner category ------------------------------------------


@pytest.mark.parametrize(
    ("earner", "kind", "accepted"),
    [
        (WAGE, DocumentationKind.EMPLOYER_STATEMENT, True),
        (WAGE, DocumentationKind.TAX_ASSESSMENT, False),
        (WAGE, DocumentationKind.OTHER, False),
        (WAGE, DocumentationKind.RECEIPT, False),
        (SELF, DocumentationKind.TAX_ASSESSMENT, True),
        (SELF, DocumentationKind.OTHER, True),
        (SELF, DocumentationKind.EMPLOYER_STATEMENT, False),
        (SELF, DocumentationKind.RECEIPT, False),
        (EarnerCategory.PENSIONER, DocumentationKind.EMPLOYER_STATEMENT, True),
        (EarnerCategory.STUDENT, DocumentationKind.RECEIPT, False),
    ],
)
def test_rem20_the_documentation_must_fit_the_earner_category(
    model_1: RemunerationSettings, earner: EarnerCategory, kind: DocumentationKind, accepted: bool
) -> None:
    claim = documented(1800, documentation_kind=kind)
    if accepted:
        line = assess(claim, model_1, earner)
        assert line.amount == nok(1800) and kind.value.replace("_", " ") in line.explanation
        return
    problem = refused(claim, model_1, earner)
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-20"
    assert problem.errors and problem.errors[0]["field"] == "documentation_kind"


def test_rem20_a_documented_claim_names_the_kind_of_its_documentation(model_1: RemunerationSettings) -> None:
    problem = refused(documented(1800, documentation_kind=None), model_1, WAGE)
    assert isinstance(problem, InvalidInput)
    assert problem.errors and problem.errors[0]["field"] == "documentation_kind"


# -- REM-22 -------------------------------------------------------------------------------------


def test_rem22_lost_free_time_is_not_compensated(model_1: RemunerationSettings) -> None:
    problem = refused(documented(1000, free_time_only=True), model_1, WAGE)
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-22"


def test_rem22_compensation_only_for_an_actual_loss(model_1: RemunerationSettings) -> None:
    problem = refused(documented(0), model_1, WAGE)
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-22"


# -- REM-70: care expenses ----------------------------------------------------------------------


def care(kind: CareKind, amount_nok: int, **fields: Any) -> ClaimInput:
    base: dict[str, Any] = {
        "kind": ClaimKind.CARE_EXPENSES,
        "person_id": uuid4(),
        "day": DAY,
        "documented": True,
        "documentation_ref": "receipt 44",
        "amount_claimed": nok(amount_nok),
        "care_kind": kind,
    }
    return ClaimInput(**{**base, **fields})


def test_rem70_childcare_for_a_child_under_12_up_to_500_a_day(model_1: RemunerationSettings) -> None:
    line = assess(care(CareKind.CHILD, 650, child_age=8), model_1)
    assert (line.amount, line.rule, line.item_type) == (nok(500), "REM-70", ItemType.CARE_EXPENSES)
    assert assess(care(CareKind.CHILD, 300, child_age=11), model_1).amount == nok(300)


def test_rem70_no_childcare_for_a_child_of_12(model_1: RemunerationSettings) -> None:
    problem = refused(care(CareKind.CHILD, 300, child_age=12), model_1)
    assert isinstance(problem, RuleViolation)
    assert problem.rule == "REM-70"
    assert problem.errors and problem.errors[0]["field"] == "child_age"


def test_rem70_the_childs_age_is_required(model_1: RemunerationSettings) -> None:
    problem = refused(care(CareKind.CHILD, 300), model_1)
    assert isinstance(problem, InvalidInput) and problem.errors and problem.errors[0]["field"] == "child_age"


def test_rem70_other_care_up_to_120_an_hour(model_1: RemunerationSettings) -> None:
    assert assess(care(CareKind.OTHER, 500, hours=Decimal(3)), model_1).amount == nok(360)
    assert assess(care(CareKind.OTHER, 200, hours=Decimal(3)), model_1).amount == nok(200)


def test_rem70_only_documented_expenses_for_mandatory_duties(model_1: RemunerationSettings) -> None:
    undocumented = refused(care(CareKind.CHILD, 300, child_age=5, documented=False), model_1)
    assert isinstance(undocumented, RuleViolation) and undocumented.rule == "REM-70"
    voluntary = refused(care(CareKind.CHILD, 300, child_age=5, mandatory_duty=False), model_1)
    assert isinstance(voluntary, RuleViolation) and voluntary.rule == "REM-70"


def test_rem70_the_childcare_day_cap_holds_across_claims(model_1: RemunerationSettings) -> None:
    line = assess(care(CareKind.CHILD, 400, child_age=5), model_1, same_day=SameDay(child_care=nok(300)))
    assert line.amount == nok(200)
    assert "less NOK 300.00 already paid that day" in line.explanation
    used_up = refused(care(CareKind.CHILD, 50, child_age=5), model_1, same_day=SameDay(child_care=nok(500)))
    assert isinstance(used_up, RuleViolation) and used_up.rule == "REM-70"


def test_rem70_childcare_and_other_care_are_two_caps(model_1: RemunerationSettings) -> None:
    # 500 of other care the same day leaves the childcare day cap whole, and the reverse.
    after_other = SameDay(other_care=nok(480), other_care_hours=Decimal(4))
    assert assess(care(CareKind.CHILD, 500, child_age=5), model_1, same_day=after_other).amount == nok(500)
    after_child = SameDay(child_care=nok(500))
    assert assess(care(CareKind.OTHER, 240, hours=Decimal(2)), model_1, same_day=after_child).amount == nok(240)


def test_rem70_other_care_adds_the_hours_of_earlier_claims_that_day(model_1: RemunerationSettings) -> None:
    # 2 hours paid 240 earlier; 2 more hours claimed at 300: the cap is 120 × 4 h = 480, less 240 paid.
    earlier = SameDay(other_care=nok(240), other_care_hours=Decimal(2))
    line = assess(care(CareKind.OTHER, 300, hours=Decimal(2)), model_1, same_day=earlier)
    assert line.amount == nok(240)
    assert "4 h of other care that day (with 2 h claimed before)" in line.explanation
    # The earlier claim paid less than its hours allowed: the room left is the day's hours' cap less what was paid.
    cheap = SameDay(other_care=nok(100), other_care_hours=Decimal(3))
    assert assess(care(CareKind.OTHER, 1000, hours=Decimal(1)), model_1, same_day=cheap).amount == nok(380)


def test_rem70_other_care_at_the_hourly_cap_leaves_nothing_for_the_same_hours(model_1: RemunerationSettings) -> None:
    full = SameDay(other_care=nok(360), other_care_hours=Decimal(3))
    line = assess(care(CareKind.OTHER, 500, hours=Decimal("0.5")), model_1, same_day=full)
    assert line.amount == nok(60)  # only the half hour added


def test_rem70_a_day_holds_at_most_24_hours_of_care(model_1: RemunerationSettings) -> None:
    late = SameDay(other_care=nok(2400), other_care_hours=Decimal(20))
    problem = refused(care(CareKind.OTHER, 600, hours=Decimal(5)), model_1, same_day=late)
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-70"
    assert problem.errors and problem.errors[0]["field"] == "hours"
    assert assess(care(CareKind.OTHER, 600, hours=Decimal(4)), model_1, same_day=late).amount == nok(480)


def test_rem70_a_care_claim_is_documented_by_a_receipt_not_an_employer_statement(
    model_1: RemunerationSettings,
) -> None:
    wrong = care(CareKind.CHILD, 300, child_age=5, documentation_kind=DocumentationKind.EMPLOYER_STATEMENT)
    problem = refused(wrong, model_1)
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-70"
    assert problem.errors and problem.errors[0]["field"] == "documentation_kind"
    receipt = care(CareKind.CHILD, 300, child_age=5, documentation_kind=DocumentationKind.RECEIPT)
    assert assess(receipt, model_1).amount == nok(300)


# -- REM-03: a meeting fee claimed by the official ------------------------------------------------


def fee(**fields: Any) -> ClaimInput:
    base: dict[str, Any] = {
        "kind": ClaimKind.MEETING_FEE,
        "person_id": uuid4(),
        "day": DAY,
        "claim_id": uuid4(),
        "meeting_ref": "Eldrerådet, befaring Pasvik",
        "body_key": "elderly-council",
        "body_type": "elderly_council",
        "hours": Decimal(2),
    }
    return ClaimInput(**{**base, **fields})


def test_rem03_a_fee_is_claimed_where_no_secretariat_was_present(model_1: RemunerationSettings) -> None:
    line = assess(fee(), model_1)
    assert (line.amount, line.rule, line.item_type) == (nok(300), "REM-30", ItemType.MEETING_FEE)
    council = assess(fee(body_key="municipal-council", body_type="municipal_council"), model_1)
    assert council.amount == nok(400)


def test_rem03_the_claim_names_its_meeting(model_1: RemunerationSettings) -> None:
    problem = refused(fee(meeting_ref=""), model_1)
    assert isinstance(problem, InvalidInput) and problem.errors and problem.errors[0]["field"] == "meeting_ref"


def test_rem11_the_mayor_cannot_claim_a_fee(model_1: RemunerationSettings) -> None:
    problem = refused(fee(), model_1, same_day=SameDay(roles=frozenset({"mayor"})))
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-11"
    deputy = refused(fee(), model_1, same_day=SameDay(roles=frozenset({"deputy_mayor"})))
    assert isinstance(deputy, RuleViolation) and deputy.rule == "REM-11"


def test_rem31_no_third_fee_and_no_second_for_the_same_body(model_1: RemunerationSettings) -> None:
    third = refused(fee(), model_1, same_day=SameDay(fee_bodies=("municipal-council", "executive-committee")))
    assert isinstance(third, RuleViolation) and third.rule == "REM-31"
    again = refused(fee(), model_1, same_day=SameDay(fee_bodies=("elderly-council",)))
    assert isinstance(again, RuleViolation) and again.rule == "REM-31"
    assert assess(fee(), model_1, same_day=SameDay(fee_bodies=("municipal-council",))).amount == nok(300)


def test_rem31_no_fee_is_claimed_for_a_body_whose_fees_lapse(model_1: RemunerationSettings) -> None:
    lapsed = SameDay(lapsed_bodies={"elderly-council": "KS agreement 2024"})
    problem = refused(fee(), model_1, same_day=lapsed)
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-31"
    assert "KS agreement 2024" in problem.detail
    assert problem.errors and problem.errors[0]["field"] == "body_key"
    other = fee(body_key="municipal-council", body_type="municipal_council")
    assert assess(other, model_1, same_day=lapsed).amount == nok(400)


def test_rem31_no_fee_for_a_group_meeting(model_1: RemunerationSettings) -> None:
    problem = refused(fee(group_meeting=True), model_1)
    assert isinstance(problem, RuleViolation) and problem.rule == "REM-31"


def test_rem33_no_fee_for_a_remote_meeting_or_course(model_1: RemunerationSettings) -> None:
    for claim in (fee(remote=True), fee(course=True)):
        problem = refused(claim, model_1, WAGE)
        assert isinstance(problem, RuleViolation) and problem.rule == "REM-33"


def test_rem33_pensioners_students_homemakers_are_entitled_but_the_rate_is_pending(
    model_1: RemunerationSettings,
) -> None:
    for earner in (EarnerCategory.PENSIONER, EarnerCategory.STUDENT, EarnerCategory.HOMEMAKER):
        line = assess(fee(course=True), model_1, earner)
        assert (line.rule, line.status, line.amount) == ("REM-33", LineStatus.RATE_PENDING, 0)
        assert "not set" in line.explanation


def test_rem33_once_the_council_sets_the_rate_it_is_paid(kit: Any) -> None:
    settled = kit.settings(lambda s: s["models"]["1"]["fees"].update(entitled_fee=250))
    line = assess(fee(remote=True), settled, EarnerCategory.PENSIONER)
    assert (line.amount, line.status) == (nok(250), LineStatus.COMPUTED)


def test_rem34_model_2_half_fee_for_a_short_meeting(model_1: RemunerationSettings) -> None:
    line = assess(fee(day=MP_DAY, body_key="executive-committee", body_type="executive_committee"), model_1, model="2")
    assert line.amount == 81_151  # half of 0.2 % of 811 505 = half of 1 623.01
    assert line.rule == "REM-34"


# -- Travel ---------------------------------------------------------------------------------------


def test_rem03_travel_is_paid_as_documented(model_1: RemunerationSettings) -> None:
    claim = ClaimInput(
        kind=ClaimKind.TRAVEL,
        person_id=uuid4(),
        day=DAY,
        documented=True,
        documentation_ref="reiseregning 2024-03",
        amount_claimed=123_450,
    )
    line = assess(claim, model_1)
    assert (line.amount, line.item_type, line.rule) == (123_450, ItemType.TRAVEL, "REM-03")
    problem = refused(replace(claim, documentation_ref=None), model_1)
    assert isinstance(problem, InvalidInput)


# -- REM-11: the mayor's documented loss of pension ----------------------------------------------


def pension(amount_nok: int, **fields: Any) -> ClaimInput:
    base: dict[str, Any] = {
        "kind": ClaimKind.PENSION_LOSS,
        "person_id": uuid4(),
        "day": DAY,
        "claim_id": uuid4(),
        "documented": True,
        "documentation_kind": DocumentationKind.PENSION_STATEMENT,
        "documentation_ref": "KLP, tapt opptjening 2024",
        "amount_claimed": nok(amount_nok),
    }
    return ClaimInput(**{**base, **fields})


def test_rem11_the_mayors_documented_pension_loss_is_compensated_in_full(model_1: RemunerationSettings) -> None:
    line = assess(pension(48_750), model_1, same_day=SameDay(roles=frozenset({"mayor"})))
    assert (line.amount, line.rule, line.item_type) == (nok(48_750), "REM-11", ItemType.PENSION_LOSS)
    assert "pension statement KLP, tapt opptjening 2024" in line.explanation
    # No day cap, unlike lost earnings: the deputy mayor's loss is paid in full too.
    deputy = assess(pension(120_000), model_1, WAGE, same_day=SameDay(roles=frozenset({"deputy_mayor"})))
    assert deputy.amount == nok(120_000)


def test_rem11_a_pension_loss_is_compensated_only_to_the_mayor_and_deputy_mayor(
    model_1: RemunerationSettings,
) -> None:
    for roles in (frozenset({"member", "chair"}), frozenset()):
        problem = refused(pension(10_000), model_1, same_day=SameDay(roles=roles))
        assert isinstance(problem, RuleViolation) and problem.rule == "REM-11"
        assert problem.errors and problem.errors[0]["field"] == "person_id"


def test_rem11_a_pension_loss_must_be_documented_by_a_fitting_statement(model_1: RemunerationSettings) -> None:
    mayor = SameDay(roles=frozenset({"mayor"}))
    undocumented = refused(pension(10_000, documented=False), model_1, same_day=mayor)
    assert isinstance(undocumented, RuleViolation) and undocumented.rule == "REM-11"
    receipt = refused(pension(10_000, documentation_kind=DocumentationKind.RECEIPT), model_1, same_day=mayor)
    assert isinstance(receipt, RuleViolation) and receipt.rule == "REM-11"
    nothing = refused(pension(0), model_1, same_day=mayor)
    assert isinstance(nothing, RuleViolation) and nothing.rule == "REM-11"


# -- Duplicates: the same claim is one claim -----------------------------------------------------


def test_rem03_the_same_documentation_the_same_day_is_the_same_claim() -> None:
    first = claim_identity("travel", DAY, {"documentation_ref": "Kvittering  77", "amount_claimed": "412.50"})
    # Spacing and case do not make another claim, nor does another amount on the same receipt.
    assert first == claim_identity("travel", DAY, {"documentation_ref": "kvittering 77", "amount_claimed": "99.00"})
    assert first != claim_identity("travel", date(2024, 3, 6), {"documentation_ref": "Kvittering 77"})
    assert first != claim_identity("travel", DAY, {"documentation_ref": "Kvittering 78"})
    assert first != claim_identity("care_expenses", DAY, {"documentation_ref": "Kvittering 77"})


def test_rem03_a_fee_claim_is_the_same_by_body_and_meeting() -> None:
    fee = {"meeting_ref": "Befaring Pasvik", "body_key": "elderly-council", "hours": "2"}
    assert claim_identity("meeting_fee", DAY, fee) == claim_identity("meeting_fee", DAY, {**fee, "hours": "3"})
    other = claim_identity("meeting_fee", DAY, {**fee, "meeting_ref": "Befaring Neiden"})
    assert claim_identity("meeting_fee", DAY, fee) != other


def test_rem20_an_undocumented_claim_is_the_same_only_when_all_of_it_is() -> None:
    morning = {"hours": "3", "justification": "Stengte verkstedet"}
    assert claim_identity("lost_earnings", DAY, morning) == claim_identity("lost_earnings", DAY, dict(morning))
    evening = {"hours": "2", "justification": "Stengte verkstedet"}
    assert claim_identity("lost_earnings", DAY, morning) != claim_identity("lost_earnings", DAY, evening)


# -- REM-40: a bought-out day is not also paid as lost earnings -----------------------------------


def test_rem40_the_first_days_claimed_in_a_month_are_the_bought_out_ones() -> None:
    first, second, third = date(2024, 3, 5), date(2024, 3, 12), date(2024, 3, 19)
    # One day a month bought out: the first day claimed is it, the next one is paid.
    assert bought_out(first, Fraction(1), set(), set())
    assert not bought_out(second, Fraction(1), {first}, set())
    # A second claim for the bought-out day is on a bought-out day too.
    assert bought_out(first, Fraction(1), {first}, {second})
    # A day already paid as lost earnings is not turned into a bought-out one.
    assert not bought_out(second, Fraction(2), {first}, {second})
    # Two days a month: the first two days claimed.
    assert bought_out(second, Fraction(2), {first}, set()) and not bought_out(
        third, Fraction(2), {first, second}, set()
    )


def test_rem40_a_part_day_bought_out_still_takes_a_whole_claim_day() -> None:
    assert bought_out(date(2024, 2, 20), Fraction(15, 29), set(), set())
    assert not bought_out(date(2024, 2, 21), Fraction(15, 29), {date(2024, 2, 20)}, set())
    assert not bought_out(date(2024, 2, 20), Fraction(0), set(), set())
