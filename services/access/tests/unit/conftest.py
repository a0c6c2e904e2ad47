"""The policy the unit tests decide under: Sør-Varanger's own settings (the access section of the settings
file) over a small, fixed set of bodies whose remits the tests can reason about."""

from __future__ import annotations

import pytest

from access.domain.policy import AccessSettings, BodyRules, Policy, build_policy
from folkevalgt_shared.rules import load_municipality
from folkevalgt_shared.settings import REPO_ROOT

BODIES = [
    BodyRules(key="council", body_type="municipal_council", seats=25, remit=["all municipal matters"]),
    BodyRules(key="control", body_type="control_committee", seats=5, remit=["supervision"]),
    BodyRules(key="exec", body_type="executive_committee", seats=9, remit=["budget", "urgent cases"]),
    BodyRules(key="health", body_type="standing_committee", seats=5, remit=["health services", "primary school"]),
    BodyRules(key="plan", body_type="standing_committee", seats=5, remit=["roads", "zoning plans"]),
    BodyRules(key="admin", body_type="administration_committee", seats=5, remit=["personnel"]),
    BodyRules(key="elders", body_type="elderly_council", seats=7, remit=["matters concerning the elderly"]),
]


def sor_varanger_settings() -> AccessSettings:
    config = load_municipality(REPO_ROOT / "config" / "sor-varanger.yaml")
    section = next(v.sections["access"] for v in reversed(config.versions) if "access" in v.sections)
    return AccessSettings.model_validate(section)


POLICY: Policy = build_policy(sor_varanger_settings(), BODIES)


@pytest.fixture
def policy() -> Policy:
    return POLICY
