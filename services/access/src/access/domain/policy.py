"""The `access` section of the municipality's rule settings, and the policy a decision reads.

The settings are validated once at start-up (pydantic); `Policy` is the plain, precomputed form the
decision function uses. The bodies' remits (saklig virkeområde, ACC-04) and seats (ACC-05) are the
municipality's body rules, which the settings file already holds in its `meetings` section: they are
read from there rather than written twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field, field_validator


class RestrictionCode(BaseModel):
    """A code of tilgangsrestriksjon (Noark 5); `confidential` when the code itself means secrecy."""

    model_config = ConfigDict(extra="forbid")
    name: str
    confidential: bool = False


class AccessSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # ACC-22, a product decision: no exempt or confidential material without a signed declaration.
    declaration_required: bool = True
    # ACC-05/21: whether a grant recorded from the minutes counts before meetings publishes the decision.
    grants_need_published_decision: bool = False
    # ACC-30: "without undue delay"; the seed sets no number.
    request_due_working_days: int = Field(default=3, ge=0, le=30)
    council_body_types: list[str] = ["municipal_council"]  # ACC-01
    control_body_types: list[str] = ["control_committee"]  # ACC-03
    joint_body_types: list[str] = ["administration_committee"]  # ACC-06: partssammensatte utvalg
    advisory_body_types: list[str] = []  # ACC-06: councils without decision power
    restriction_codes: dict[str, RestrictionCode]
    # ACC-20/65: a legal basis matching one of these means a duty of confidentiality (case-insensitive).
    secrecy_bases: list[str]
    document_directions: dict[str, str]  # Noark 5 journalposttype
    screened_fields: dict[str, str]  # Noark 5 skjermingMetadata

    @field_validator("secrecy_bases")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"secrecy basis {pattern!r} is not a regular expression: {exc}") from exc
        if not patterns:
            raise ValueError("at least one secrecy basis is needed (Offl. § 13)")
        return patterns


class BodyRules(BaseModel):
    """What access reads of a body in the `meetings` section: its key, type, seats and remit."""

    model_config = ConfigDict(extra="ignore")
    key: str
    body_type: str
    seats: int
    remit: list[str] = []


class BodiesSection(BaseModel):
    model_config = ConfigDict(extra="ignore")
    bodies: list[BodyRules]


def _frozen(mapping: Mapping[str, frozenset[str]]) -> Mapping[str, frozenset[str]]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Policy:
    """The settings in force on a day, in the form the decision function reads fast."""

    declaration_required: bool = True
    grants_need_published_decision: bool = False
    request_due_working_days: int = 3
    council_types: frozenset[str] = frozenset({"municipal_council"})
    control_types: frozenset[str] = frozenset({"control_committee"})
    joint_types: frozenset[str] = frozenset({"administration_committee"})
    advisory_types: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()
    confidential_codes: frozenset[str] = frozenset()
    secrecy: tuple[re.Pattern[str], ...] = (re.compile(r"\b(offl\w*|offentleglova)\.?\s*§\s*13\b", re.I),)
    remit: Mapping[str, frozenset[str]] = field(default_factory=lambda: _frozen({}))  # body -> areas
    seats: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    body_types: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    directions: frozenset[str] = frozenset()
    screened_fields: frozenset[str] = frozenset()

    @cached_property
    def own_right_types(self) -> frozenset[str]:
        """Bodies whose members have a right beyond their remit: the council (ACC-01), control (ACC-03)."""
        return self.council_types | self.control_types

    @cached_property
    def acc06_types(self) -> frozenset[str]:
        return self.joint_types | self.advisory_types

    @cached_property
    def _area_bodies(self) -> Mapping[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for body, areas in self.remit.items():
            for area in areas:
                found.setdefault(area, set()).add(body)
        return MappingProxyType({area: frozenset(bodies) for area, bodies in found.items()})

    def is_secrecy(self, basis: str | None) -> bool:
        """ACC-20/65: the legal basis is a duty of confidentiality (Offl. § 13 or a special law's secrecy)."""
        return basis is not None and any(p.search(basis) for p in self.secrecy)

    def bodies_for_areas(self, areas: Iterable[str]) -> frozenset[str]:
        """The bodies whose remit (saklig virkeområde) covers any of `areas` (ACC-04)."""
        return frozenset().union(*(self._area_bodies.get(area, frozenset()) for area in areas))

    @property
    def areas(self) -> frozenset[str]:
        return frozenset().union(*self.remit.values()) if self.remit else frozenset()


def build_policy(settings: AccessSettings, bodies: Iterable[BodyRules]) -> Policy:
    bodies = list(bodies)
    return Policy(
        declaration_required=settings.declaration_required,
        grants_need_published_decision=settings.grants_need_published_decision,
        request_due_working_days=settings.request_due_working_days,
        council_types=frozenset(settings.council_body_types),
        control_types=frozenset(settings.control_body_types),
        joint_types=frozenset(settings.joint_body_types),
        advisory_types=frozenset(settings.advisory_body_types),
        codes=frozenset(settings.restriction_codes),
        confidential_codes=frozenset(k for k, v in settings.restriction_codes.items() if v.confidential),
        secrecy=tuple(re.compile(p, re.IGNORECASE) for p in settings.secrecy_bases),
        remit=_frozen({b.key: frozenset(b.remit) for b in bodies}),
        seats=MappingProxyType({b.key: b.seats for b in bodies}),
        body_types=MappingProxyType({b.key: b.body_type for b in bodies}),
        directions=frozenset(settings.document_directions),
        screened_fields=frozenset(settings.screened_fields),
    )
