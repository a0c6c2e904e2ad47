"""Party support, support to unrepresented lists and representative support (REM-60)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from folkevalgt_shared.errors import InvalidInput
from remuneration.domain.model import ItemType, Period, RecipientKind, nok
from remuneration.domain.payroll import reporting_for
from remuneration.domain.rates import RateSource, year_share
from remuneration.domain.settings import rule_book
from remuneration.domain.support import PartyLists, is_election_year, party_support

SOURCE = RateSource(rule_book().version_at)
Q1 = Period(2024, 1)


def share(kroner: int, start: date = date(2024, 1, 1), end: date = date(2024, 3, 31)) -> int:
    return year_share(nok(kroner), start, end, "day")


def test_rem60_party_and_representative_support_to_the_group(kit: Any) -> None:
    a, b = uuid4(), uuid4()
    offices = [kit.office(a, party="Ap"), kit.office(b, "mayor", party="Ap"), kit.office(a, "group_leader", party="Ap")]
    lines = party_support(Q1, SOURCE, offices, PartyLists())
    party, representatives = lines
    assert (party.recipient_id, party.recipient_kind, party.item_type) == (
        "Ap",
        RecipientKind.ORGANISATION,
        ItemType.PARTY_SUPPORT,
    )
    assert party.amount == share(15_000)
    assert representatives.item_type is ItemType.REPRESENTATIVE_SUPPORT
    assert representatives.amount == 2 * share(3000)  # the group leader seat is no second representative
    assert "each of 2 council representatives" in representatives.explanation
    assert {line.rule for line in lines} == {"REM-60"}
    assert f"office:{b}/municipal-council/mayor" in representatives.sources


def test_rem60_a_year_of_support_adds_up(kit: Any) -> None:
    offices = [kit.office(uuid4(), party="KrF")]
    lines = [line for q in range(1, 5) for line in party_support(Period(2024, q), SOURCE, offices, PartyLists())]
    assert sum(line.amount for line in lines if line.item_type is ItemType.PARTY_SUPPORT) == nok(15_000)
    assert sum(line.amount for line in lines if line.item_type is ItemType.REPRESENTATIVE_SUPPORT) == nok(3000)


def test_rem60_representative_support_follows_the_days_each_seat_was_held(kit: Any) -> None:
    offices = [
        kit.office(uuid4(), party="H", end=date(2024, 1, 31)),
        kit.office(uuid4(), party="H", start=date(2024, 2, 1)),
    ]
    party, representatives = party_support(Q1, SOURCE, offices, PartyLists())
    assert party.amount == share(15_000)  # the group was represented every day
    assert representatives.amount == share(3000, end=date(2024, 1, 31)) + share(3000, start=date(2024, 2, 1))


def test_rem60_an_independent_representative_gets_representative_support_not_party_support(kit: Any) -> None:
    independent = uuid4()
    (line,) = party_support(Q1, SOURCE, [kit.office(independent, party=None)], PartyLists())
    assert (line.recipient_id, line.recipient_kind, line.item_type, line.amount) == (
        str(independent),
        RecipientKind.PERSON,
        ItemType.REPRESENTATIVE_SUPPORT,
        share(3000),
    )


def test_rem60_an_independent_representatives_support_is_reported_as_personal_income(kit: Any) -> None:
    independent, grouped = uuid4(), uuid4()
    offices = [kit.office(independent, party=None), kit.office(grouped, party="Ap")]
    lines = party_support(Q1, SOURCE, offices, PartyLists())
    settings = SOURCE(Q1.start).settings
    reported = {(line.recipient_kind, line.item_type): reporting_for(line, settings) for line in lines}
    # Paid to the person (there is no group), for the office: reportable like remuneration (REM-02) ...
    own = reported[(RecipientKind.PERSON, ItemType.REPRESENTATIVE_SUPPORT)]
    assert (own.benefit_type, own.reporting_code, own.tax_treatment) == (
        "kontantytelse",
        "styrehonorarOgGodtgjoerelseVerv",
        "withholding",
    )
    # ... while support paid to a group, an organisation, stays outside the a-melding (REM-90).
    for kind in (ItemType.PARTY_SUPPORT, ItemType.REPRESENTATIVE_SUPPORT):
        group = reported[(RecipientKind.ORGANISATION, kind)]
        assert (group.benefit_type, group.reporting_code, group.tax_treatment) == (None, None, "not_reportable")
    # The line says why.
    (personal,) = [line for line in lines if line.recipient_kind is RecipientKind.PERSON]
    assert "reported as that person's income for the office (REM-02" in personal.explanation


def test_rem60_deputies_and_other_bodies_are_not_representatives(kit: Any) -> None:
    offices = [
        kit.office(uuid4(), "deputy", party="Sp"),
        kit.office(uuid4(), body_key="executive-committee", body_type="executive_committee", party="Sp"),
    ]
    assert party_support(Q1, SOURCE, offices, PartyLists()) == []


def test_rem60_unrepresented_lists_get_support_in_the_election_year(kit: Any) -> None:
    lists = PartyLists(unrepresented=("Pensjonistpartiet", "Kystpartiet"))
    q3 = party_support(Period(2023, 3), SOURCE, [], lists)
    assert [(line.recipient_id, line.amount, line.recipient_kind) for line in q3] == [
        ("Pensjonistpartiet", nok(10_000), RecipientKind.ORGANISATION),
        ("Kystpartiet", nok(10_000), RecipientKind.ORGANISATION),
    ]
    assert q3[0].sources == ("list:Pensjonistpartiet",) and "election year 2023" in q3[0].explanation
    assert party_support(Period(2023, 2), SOURCE, [], lists) == []  # paid once, in the third quarter
    assert party_support(Period(2024, 3), SOURCE, [], lists) == []  # 2024 is no election year


def test_rem60_the_election_year_can_be_given(kit: Any) -> None:
    lists = PartyLists(unrepresented=("Kystpartiet",), election_year=True)
    assert [line.amount for line in party_support(Period(2025, 3), SOURCE, [], lists)] == [nok(10_000)]


def test_rem60_elections_every_four_years() -> None:
    assert [y for y in range(2010, 2032) if is_election_year(y)] == [2011, 2015, 2019, 2023, 2027, 2031]


def test_rem60_a_represented_list_is_refused_as_unrepresented(kit: Any) -> None:
    lists = PartyLists(unrepresented=("Ap",))
    with pytest.raises(InvalidInput) as caught:
        party_support(Period(2023, 3), SOURCE, [kit.office(uuid4(), party="Ap", start=date(2023, 1, 1))], lists)
    assert caught.value.errors == [{"field": "party_lists.unrepresented", "message": "Ap is represented"}]
