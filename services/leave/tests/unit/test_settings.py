"""The `leave` section of config/sor-varanger.yaml: validated at start-up, versioned by validity date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from folkevalgt_shared.errors import RuleViolation
from leave.domain.settings import RegulationSettings, rule_book


def test_lea01_to_lea70_the_parts_apply_from_their_own_dates() -> None:
    rules = rule_book()
    assert rules.office_leave(date(2011, 10, 1)).max_years == 2
    # Half-years before the plan are reported with the plan's settings: its baseline lies in them.
    assert rules.sick_leave(date(2009, 6, 30)) == rules.sick_leave(date(2011, 11, 2))
    assert rules.sick_leave(date(2012, 6, 30))[1].min_group_size == 5
    with pytest.raises(RuleViolation):
        rules.regulation(date(2012, 7, 31))
    decision, regulation = rules.regulation(date(2012, 8, 1))
    assert "12/1273" in decision and regulation.pots["welfare"].days == 12


def test_lea17_every_reason_of_the_regulation_is_set_and_no_other(kit: Any) -> None:
    section = kit.raw_regulation()
    del section["reasons"]["death"]
    with pytest.raises(ValidationError, match="reasons missing: \\['death'\\]"):
        RegulationSettings.model_validate(section)
    section = kit.raw_regulation()
    section["reasons"]["birthday"] = {"paid": True}
    with pytest.raises(ValidationError, match="birthday"):
        RegulationSettings.model_validate(section)


def test_lea16_an_unpaid_reason_draws_on_no_pot_and_days_are_not_binary_fractions(kit: Any) -> None:
    section = kit.raw_regulation()
    section["reasons"]["moving"] = {"paid": False, "max_days": 1, "pot": "welfare"}
    with pytest.raises(ValidationError, match="unpaid reason draws on no pot"):
        RegulationSettings.model_validate(section)
    section = kit.raw_regulation()
    section["pots"]["welfare"]["days"] = 12.5
    with pytest.raises(ValidationError, match="binary fractions"):
        RegulationSettings.model_validate(section)
