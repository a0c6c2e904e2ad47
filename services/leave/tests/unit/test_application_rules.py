"""The checks on an application and a decision: LEA-01 (who the regulation covers), LEA-02 (channel), LEA-03
(grant less, never more; rights), LEA-32 (the run of leaves for municipal office), and no two leaves on the same
hours."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from folkevalgt_shared.errors import Conflict, InvalidInput, RuleViolation
from leave.domain.applications import (
    Earlier,
    Taken,
    check_applicant,
    check_channel,
    check_deny,
    check_extent,
    check_granted,
    check_no_clash,
    first_clash,
    occasion_use,
    propose,
    run_start,
)
from leave.domain.model import Extent
from leave.domain.quota import History, split
from leave.domain.reasons import BY_CODE

MON = date(2026, 3, 2)
FULL = 7_500_000


def fields(exc: pytest.ExceptionInfo[Any]) -> list[str]:
    return [e["field"] for e in exc.value.errors]


def test_lea01_a_temporary_employee_is_refused_the_regulation_but_not_rights_under_law(kit: Any) -> None:
    temporary = kit.employment(permanent=False)
    with pytest.raises(RuleViolation) as refused:
        check_applicant(BY_CODE["death"], temporary)
    assert refused.value.rule == "LEA-01" and fields(refused) == ["reason"]
    check_applicant(BY_CODE["elected_body_duty"], temporary)  # KL § 40 nr. 1
    check_applicant(BY_CODE["sickness"], temporary)  # LEA-50
    check_applicant(BY_CODE["death"], kit.employment())


def test_lea41_research_leave_documents_its_research_institution(kit: Any) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_applicant(BY_CODE["research"], kit.employment())
    assert refused.value.rule == "LEA-41" and fields(refused) == ["documentation_ref"]
    check_applicant(BY_CODE["research"], kit.employment(), "Avtale med UiT Norges arktiske universitet")


def test_lea02_phone_or_in_person_only_when_urgent(kit: Any) -> None:
    check_channel("written", False)
    check_channel("phone", True)
    check_channel("in_person", True)
    for channel in ("phone", "in_person"):
        with pytest.raises(RuleViolation) as refused:
            check_channel(channel, False)  # type: ignore[arg-type]
        assert refused.value.rule == "LEA-02" and fields(refused) == ["channel"]


@pytest.mark.parametrize(
    ("extent", "field"),
    [
        (Extent(MON, date(2026, 3, 1)), "end_date"),
        (Extent(MON, MON, 0), "hours_per_day"),
        (Extent(MON, MON, -1), "hours_per_day"),
        (Extent(MON, MON, FULL + 1), "hours_per_day"),
        (Extent(date(2026, 3, 7), date(2026, 3, 8)), "start_date"),  # a weekend: no working day
        (Extent(date(2009, 12, 31), date(2010, 1, 4)), "start_date"),  # before the employment
    ],
)
def test_lea03_an_extent_that_cannot_be_granted_names_its_field(kit: Any, extent: Extent, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_extent(extent, kit.employment())
    assert fields(refused) == [field]


def test_lea03_a_leave_beyond_the_employment_is_refused(kit: Any) -> None:
    employment = kit.employment()
    ending = type(employment)(employment.position, employment.full_time_day, True, employment.start, date(2026, 3, 3))
    check_extent(Extent(MON, date(2026, 3, 3)), ending)
    with pytest.raises(InvalidInput) as refused:
        check_extent(Extent(MON, date(2026, 3, 4)), ending)
    assert fields(refused) == ["end_date"]


def test_no_two_leaves_on_the_same_hours() -> None:
    whole = Taken("a", Extent(MON, date(2026, 3, 4)))
    assert first_clash(Extent(date(2026, 3, 5), date(2026, 3, 6)), [whole], FULL) is None
    clash = first_clash(Extent(date(2026, 3, 4), date(2026, 3, 6)), [whole], FULL)
    assert clash == (date(2026, 3, 4), whole)
    with pytest.raises(Conflict) as refused:
        check_no_clash(Extent(MON, MON, 3_000_000), [whole], FULL)  # some hours on a day already taken whole
    assert fields(refused) == ["start_date"]


def test_leaves_of_some_hours_share_a_day_up_to_a_full_working_day() -> None:
    morning = Taken("doctor", Extent(MON, MON, 3_000_000))
    assert first_clash(Extent(MON, MON, 4_500_000), [morning], FULL) is None  # 3 + 4.5 = 7.5
    assert first_clash(Extent(MON, MON, 4_500_001), [morning], FULL) is not None
    assert first_clash(Extent(MON, MON), [morning], FULL) is not None  # a whole day on top of 3 hours


def test_lea32_a_run_continues_with_less_than_one_period_between() -> None:
    first = (date(2015, 10, 1), date(2019, 9, 30))
    assert run_start(date(2019, 10, 1), [first], 4) == date(2015, 10, 1)  # straight on: the same run
    assert run_start(date(2023, 9, 29), [first], 4) == date(2015, 10, 1)  # a day short of a period between
    assert run_start(date(2023, 9, 30), [first], 4) == date(2023, 9, 30)  # one period between: a new right
    assert run_start(date(2023, 9, 30), [first], None) == date(2023, 9, 30)


def test_lea03_the_manager_grants_less_never_more_and_never_less_than_a_right(kit: Any) -> None:
    regulation, employment = kit.regulation(), kit.employment()
    asked = Extent(MON, date(2026, 3, 6))
    death = BY_CODE["death"]
    full = split(death, regulation, employment, asked, History())
    shorter = Extent(MON, date(2026, 3, 3))
    check_granted(asked, shorter, death, full, split(death, regulation, employment, shorter, History()))
    for granted, field in ((Extent(MON, date(2026, 3, 9)), "end_date"), (Extent(date(2026, 2, 27), MON), "start_date")):
        with pytest.raises(InvalidInput) as refused:
            check_granted(asked, granted, death, full, full)
        assert fields(refused) == [field]
    with pytest.raises(InvalidInput):
        check_granted(Extent(MON, MON, 2_000_000), Extent(MON, MON), death, full, full)  # whole day for 2 hours
    rehab = BY_CODE["rehabilitation"]
    long = Extent(MON, date(2026, 12, 31))
    right = split(rehab, regulation, employment, long, History())
    less = split(rehab, regulation, employment, Extent(MON, date(2026, 6, 30)), History())
    with pytest.raises(RuleViolation) as refused_right:
        check_granted(long, Extent(MON, date(2026, 6, 30)), rehab, right, less)
    assert refused_right.value.rule == "LEA-05"


def test_lea05_lea32_a_right_cannot_be_denied_a_welfare_reason_can(kit: Any) -> None:
    regulation, employment = kit.regulation(), kit.employment()
    for code, rule in (("rehabilitation", "LEA-05"), ("elected_body_duty", "LEA-32"), ("municipal_office", "LEA-32")):
        result = split(BY_CODE[code], regulation, employment, Extent(MON, MON), History())
        with pytest.raises(RuleViolation) as refused:
            check_deny(BY_CODE[code], result)
        assert refused.value.rule == rule
    check_deny(BY_CODE["death"], split(BY_CODE["death"], regulation, employment, Extent(MON, MON), History()))


def test_lea03_lea40_the_proposal(kit: Any) -> None:
    regulation, employment = kit.regulation(), kit.employment()
    extent = Extent(MON, date(2026, 3, 4))
    death = propose(BY_CODE["death"], split(BY_CODE["death"], regulation, employment, extent, History()))
    assert death.outcome == "grant" and "paid" in death.note
    new_position = BY_CODE["new_position"]
    assert propose(new_position, split(new_position, regulation, employment, extent, History())).outcome == "deny"


def test_lea11_the_same_occasion_by_name_or_by_continuing_the_leave() -> None:
    friday = Earlier("a", date(2026, 2, 25), date(2026, 2, 27), 3 * FULL, None)  # Wednesday to Friday
    # Monday after: no working day between, the same death whatever it is called.
    assert occasion_use(Extent(MON, MON), None, [friday]) == 3 * FULL
    # Tuesday after: Monday is a working day between, another occasion unless it is named.
    assert occasion_use(Extent(date(2026, 3, 3), date(2026, 3, 3)), None, [friday]) == 0
    named = Earlier("b", date(2026, 1, 5), date(2026, 1, 5), FULL, "Mors gravferd")
    assert occasion_use(Extent(date(2026, 3, 3), date(2026, 3, 3)), "Mors gravferd", [friday, named]) == FULL
    # Link by link: Thursday–Friday continues Wednesday, which continues the Monday–Tuesday before.
    chain = [Earlier("c", date(2026, 2, 23), date(2026, 2, 24), 2 * FULL, None),
             Earlier("d", date(2026, 2, 25), date(2026, 2, 25), FULL, None)]  # fmt: skip
    assert occasion_use(Extent(date(2026, 2, 26), date(2026, 2, 27)), None, chain) == 3 * FULL
