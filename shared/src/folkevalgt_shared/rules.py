"""Per-municipality rule settings, versioned by validity date.

`config/<municipality>.yaml` holds a list of versions, each valid from a date and carrying the
council decision that set it. Each service validates its own section with its own pydantic
model, so a typo in a rate fails at start-up, not in a payout.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field

from folkevalgt_shared.errors import InvalidInput

SectionT = TypeVar("SectionT", bound=BaseModel)


class RuleVersion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    valid_from: date
    decision: str = Field(description="The decision that set these values (e.g. 'KST 012/12')")
    sections: dict[str, Any]


class MunicipalityConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    municipality: str
    organisation_number: str | None = None
    versions: list[RuleVersion]


@lru_cache(maxsize=8)
def load_municipality(path: Path) -> MunicipalityConfig:
    config = MunicipalityConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    config.versions.sort(key=lambda v: v.valid_from)
    return config


class RuleBook(Generic[SectionT]):
    """One service's section of the settings, for any date."""

    def __init__(self, config: MunicipalityConfig, section: str, model: type[SectionT]) -> None:
        self.municipality = config.municipality
        # Each version carries the section as it stands from that date; validate all at once.
        self._versions = [
            (v.valid_from, v.decision, model.model_validate(v.sections[section]))
            for v in config.versions
            if section in v.sections
        ]
        if not self._versions:
            raise ValueError(f"{config.municipality}: no version has a {section!r} section")

    def at(self, day: date) -> SectionT:
        return self.version_at(day)[1]

    def version_at(self, day: date) -> tuple[str, SectionT]:
        """(decision reference, settings) in force on `day`."""
        chosen = None
        for valid_from, decision, settings in self._versions:
            if valid_from <= day:
                chosen = (decision, settings)
        if chosen is None:
            raise InvalidInput(
                f"no rule settings for {self.municipality} are in force on {day.isoformat()}",
                errors=[{"field": "date", "message": f"before {self._versions[0][0]}"}],
            )
        return chosen
