"""Per-municipality rule settings, versioned by validity date; the real Sør-Varanger file (MTG-01)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from folkevalgt_shared.errors import InvalidInput
from folkevalgt_shared.rules import RuleBook, load_municipality
from folkevalgt_shared.settings import REPO_ROOT
from meetings.seed import BodyTemplate, MeetingsRules


class Fees(BaseModel):
    model_config = ConfigDict(extra="forbid")
    meeting_fee: int
    mileage_rate: float


TWO_VERSIONS = """
municipality: Testvik kommune
versions:
  # Listed out of order on purpose: the loader sorts by valid_from.
  - valid_from: 2024-01-01
    decision: "KST 002/24"
    sections:
      fees: {meeting_fee: 1200, mileage_rate: 3.5}
  - valid_from: 2020-01-01
    decision: "KST 001/20"
    sections:
      fees: {meeting_fee: 1000, mileage_rate: 3.0}
      other: {anything: 1}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "municipality.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def fees(tmp_path: Path) -> RuleBook[Fees]:
    return RuleBook(load_municipality(_write(tmp_path, TWO_VERSIONS)), "fees", Fees)


def test_rulebook_picks_the_version_in_force_on_a_date(fees: RuleBook[Fees]) -> None:
    assert fees.at(date(2020, 1, 1)).meeting_fee == 1000
    assert fees.at(date(2023, 12, 31)).meeting_fee == 1000
    assert fees.at(date(2024, 1, 1)).meeting_fee == 1200
    assert fees.at(date(2030, 6, 1)).mileage_rate == 3.5


def test_rulebook_names_the_decision_behind_the_settings(fees: RuleBook[Fees]) -> None:
    decision, settings = fees.version_at(date(2022, 5, 5))
    assert decision == "KST 001/20"
    assert settings == Fees(meeting_fee=1000, mileage_rate=3.0)
    assert fees.version_at(date(2024, 2, 1))[0] == "KST 002/24"
    assert fees.municipality == "Testvik kommune"


def test_rulebook_refuses_a_date_before_the_first_version(fees: RuleBook[Fees]) -> None:
    with pytest.raises(InvalidInput) as caught:
        fees.at(date(2019, 12, 31))
    assert caught.value.status == 422
    assert caught.value.errors is not None
    assert caught.value.errors[0]["field"] == "date"
    assert "2019-12-31" in caught.value.detail


def test_rulebook_only_uses_versions_that_carry_the_section(tmp_path: Path) -> None:
    class Other(BaseModel):
        anything: int

    other = RuleBook(load_municipality(_write(tmp_path, TWO_VERSIONS)), "other", Other)
    # The 2024 version has no "other" section, so the 2020 one stays in force.
    assert other.version_at(date(2025, 1, 1))[0] == "KST 001/20"


def test_rulebook_without_the_section_anywhere_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="missing"):
        RuleBook(load_municipality(_write(tmp_path, TWO_VERSIONS)), "missing", Fees)


def test_rulebook_fails_validation_for_a_bad_section(tmp_path: Path) -> None:
    bad = TWO_VERSIONS.replace("meeting_fee: 1200", "meeting_fee: lots")
    config = load_municipality(_write(tmp_path, bad))
    with pytest.raises(ValidationError) as caught:
        RuleBook(config, "fees", Fees)
    assert caught.value.errors()[0]["loc"] == ("meeting_fee",)


def test_rulebook_fails_validation_for_an_unknown_key(tmp_path: Path) -> None:
    bad = TWO_VERSIONS.replace("mileage_rate: 3.0}", "mileage_rate: 3.0, milage_rate: 3.1}")
    with pytest.raises(ValidationError, match="milage_rate"):
        RuleBook(load_municipality(_write(tmp_path, bad)), "fees", Fees)


def test_municipality_file_without_a_decision_is_refused(tmp_path: Path) -> None:
    bad = TWO_VERSIONS.replace('    decision: "KST 002/24"\n', "")
    with pytest.raises(ValidationError, match="decision"):
        load_municipality(_write(tmp_path, bad))


# -- the real configuration (MTG-01) ---------------------------------------------------------


@pytest.fixture(scope="module")
def sor_varanger() -> dict[str, BodyTemplate]:
    config = load_municipality(REPO_ROOT / "config" / "sor-varanger.yaml")
    rules = RuleBook(config, "meetings", MeetingsRules)
    return {body.key: body for body in rules.at(date(2023, 10, 1)).bodies}


def test_mtg01_config_is_for_sor_varanger() -> None:
    config = load_municipality(REPO_ROOT / "config" / "sor-varanger.yaml")
    assert config.municipality == "Sør-Varanger kommune"
    assert config.organisation_number == "964830533"


def test_mtg01_municipal_council_seats_quorum_and_notice(sor_varanger: dict[str, BodyTemplate]) -> None:
    council = sor_varanger["municipal-council"]
    assert (council.seats, council.quorum, council.notice_days, council.notice_days_budget) == (25, 13, 10, 14)
    assert council.body_type == "municipal_council"
    assert council.parent is None


def test_mtg01_executive_committee_seats_quorum_and_notice(sor_varanger: dict[str, BodyTemplate]) -> None:
    executive = sor_varanger["executive-committee"]
    assert (executive.seats, executive.quorum, executive.notice_days) == (9, 5, 7)


@pytest.mark.parametrize(
    "key", ["living-conditions-committee", "environment-business-committee", "planning-transport-committee"]
)
def test_mtg01_standing_committees_seats_quorum_and_notice(sor_varanger: dict[str, BodyTemplate], key: str) -> None:
    committee = sor_varanger[key]
    assert (committee.seats, committee.quorum, committee.notice_days) == (5, 3, 7)
    assert committee.body_type == "standing_committee"


def test_mtg01_exactly_three_standing_committees(sor_varanger: dict[str, BodyTemplate]) -> None:
    assert sum(1 for b in sor_varanger.values() if b.body_type == "standing_committee") == 3


def test_mtg01_dispensation_committee_is_under_environment_business(sor_varanger: dict[str, BodyTemplate]) -> None:
    dispensation = sor_varanger["dispensation-committee"]
    assert (dispensation.seats, dispensation.quorum, dispensation.notice_days) == (3, 2, 7)
    assert dispensation.parent == "environment-business-committee"


def test_mtg01_parents_are_listed_before_their_sub_bodies(sor_varanger: dict[str, BodyTemplate]) -> None:
    # seed_bodies relies on this order.
    keys = list(sor_varanger)
    for body in sor_varanger.values():
        if body.parent is not None:
            assert keys.index(body.parent) < keys.index(body.key)


def test_mtg01_no_settings_before_the_first_sor_varanger_version() -> None:
    rules = RuleBook(load_municipality(REPO_ROOT / "config" / "sor-varanger.yaml"), "meetings", MeetingsRules)
    with pytest.raises(InvalidInput):
        rules.at(date(2011, 9, 30))
