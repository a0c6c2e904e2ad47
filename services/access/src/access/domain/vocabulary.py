"""Validation of what the case-management system registers, in Noark 5 terms (ACC-65).

Every problem is named by its field, all at once, so one correction fixes the request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from access.domain.policy import Policy
from folkevalgt_shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class ScreeningInput:
    restriction_code: str | None  # tilgangsrestriksjon
    basis: str | None  # skjermingshjemmel
    screened_fields: Iterable[str]  # skjermingMetadata
    scope: str | None  # skjermingDokument: whole | partial
    ends_on: date | None  # skjermingOpphoererDato


def check_document(
    policy: Policy, *, direction: str | None, document_date: date | None, screening: ScreeningInput
) -> None:
    errors: list[dict[str, str]] = []
    if direction is not None and direction not in policy.directions:
        errors.append(_unknown("direction", direction, policy.directions))
    code = screening.restriction_code
    fields = list(screening.screened_fields)
    if code is None:
        for name, value in (
            ("screening_basis", screening.basis),
            ("screening_scope", screening.scope),
            ("screening_ends_on", screening.ends_on),
        ):
            if value is not None:
                errors.append({"field": name, "message": "needs a restriction_code (tilgangsrestriksjon)"})
        if fields:
            errors.append({"field": "screened_fields", "message": "needs a restriction_code (tilgangsrestriksjon)"})
    else:
        if code not in policy.codes:
            errors.append(_unknown("restriction_code", code, policy.codes))
        if not (screening.basis or "").strip():
            # Offentleglova § 31: an exemption states its legal basis.
            errors.append({"field": "screening_basis", "message": "a screened document states its legal basis"})
        if screening.scope not in ("whole", "partial"):
            errors.append({"field": "screening_scope", "message": "whole or partial (skjermingDokument)"})
    errors += [
        _unknown("screened_fields", f, policy.screened_fields) for f in fields if f not in policy.screened_fields
    ]
    if screening.ends_on is not None and document_date is not None and screening.ends_on < document_date:
        errors.append({"field": "screening_ends_on", "message": "the screening cannot end before the document's date"})
    if errors:
        raise InvalidInput("the document's registration is not valid", errors=errors)


def check_case(
    policy: Policy,
    *,
    owning_body: str | None,
    remit_areas: Iterable[str],
    closed: bool,
    closed_basis: str | None,
    title_screened: bool,
    title_basis: str | None,
    known_bodies: Iterable[str] = (),
) -> None:
    errors: list[dict[str, str]] = []
    bodies = set(policy.remit) | set(known_bodies)
    if owning_body is not None and owning_body not in bodies:
        errors.append(_unknown("owning_body", owning_body, bodies))
    areas = policy.areas
    errors += [_unknown("remit_areas", a, areas) for a in remit_areas if a not in areas]
    if closed and not (closed_basis or "").strip():
        errors.append({"field": "closed_basis", "message": "a case closed to the public states its legal basis"})
    if title_screened and not (title_basis or "").strip():
        errors.append({"field": "title_basis", "message": "a screened title states its legal basis"})
    if errors:
        raise InvalidInput("the case's registration is not valid", errors=errors)


def _unknown(field: str, value: str, known: Iterable[str]) -> dict[str, str]:
    listed = ", ".join(sorted(known)[:40])
    return {"field": field, "message": f"unknown code {value!r}; known: {listed}"}
