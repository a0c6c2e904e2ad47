"""What the case-management system registers is checked in Noark 5 terms before anything is written (ACC-65)."""

from __future__ import annotations

from datetime import date

import pytest

from access.domain.policy import Policy
from access.domain.vocabulary import ScreeningInput, check_case, check_document
from folkevalgt_shared.errors import InvalidInput


def screening(**kw: object) -> ScreeningInput:
    values: dict[str, object] = {
        "restriction_code": "UO",
        "basis": "Offl. § 14",
        "screened_fields": [],
        "scope": "whole",
        "ends_on": None,
    }
    return ScreeningInput(**{**values, **kw})  # type: ignore[arg-type]


def fields(policy: Policy, **kw: object) -> list[str]:
    with pytest.raises(InvalidInput) as refused:
        check_document(
            policy,
            direction=kw.pop("direction", "I"),
            document_date=kw.pop("document_date", None),  # type: ignore[arg-type]
            screening=screening(**kw),
        )
    return [e["field"] for e in refused.value.errors or []]


def test_acc65_a_well_formed_registration_passes(policy: Policy) -> None:
    check_document(policy, direction="U", document_date=date(2026, 3, 1), screening=screening(ends_on=date(2036, 3, 1)))
    check_document(policy, direction=None, document_date=None, screening=ScreeningInput(None, None, [], None, None))


def test_acc65_unknown_codes_are_refused_naming_the_field(policy: Policy) -> None:
    assert fields(policy, restriction_code="ZZ") == ["restriction_code"]
    assert fields(policy, direction="Q") == ["direction"]
    assert fields(policy, screened_fields=["title", "colour"]) == ["screened_fields"]


def test_acc65_a_screening_cannot_end_before_the_documents_date(policy: Policy) -> None:
    assert fields(policy, document_date=date(2026, 3, 2), ends_on=date(2026, 3, 1)) == ["screening_ends_on"]
    check_document(policy, direction="I", document_date=date(2026, 3, 1), screening=screening(ends_on=date(2026, 3, 1)))


def test_acc65_a_screening_states_its_legal_basis_and_whether_whole_or_partial(policy: Policy) -> None:
    assert fields(policy, basis="  ", scope=None) == ["screening_basis", "screening_scope"]


def test_acc65_screening_details_without_a_restriction_code_are_refused(policy: Policy) -> None:
    got = fields(policy, restriction_code=None, screened_fields=["title"], ends_on=date(2030, 1, 1))
    assert sorted(got) == ["screened_fields", "screening_basis", "screening_ends_on", "screening_scope"]


def test_acc04_a_case_names_known_bodies_and_remit_areas_and_acc23_a_closing_basis(policy: Policy) -> None:
    check_case(
        policy,
        owning_body="health",
        remit_areas=["roads"],
        closed=False,
        closed_basis=None,
        title_screened=False,
        title_basis=None,
    )
    with pytest.raises(InvalidInput) as refused:
        check_case(
            policy,
            owning_body="harbour",
            remit_areas=["roads", "moon"],
            closed=True,
            closed_basis="",
            title_screened=True,
            title_basis=None,
        )
    assert [e["field"] for e in refused.value.errors or []] == [
        "owning_body",
        "remit_areas",
        "closed_basis",
        "title_basis",
    ]
    check_case(
        policy,
        owning_body="harbour",
        remit_areas=[],
        closed=False,
        closed_basis=None,
        title_screened=False,
        title_basis=None,
        known_bodies={"harbour"},
    )
