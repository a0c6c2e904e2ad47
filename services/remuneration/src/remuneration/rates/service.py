"""The versioned rate tables, read-only: they come from the municipality's configuration (REM-01), where a
council decision enters as a new version with its date."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from folkevalgt_shared.errors import InvalidInput
from folkevalgt_shared.rules import load_municipality
from remuneration.domain.settings import SECTION
from remuneration.rates.schemas import RatesOut


def versions(config: Path) -> list[RatesOut]:
    """Every version that sets the remuneration section, oldest first."""
    found = [v for v in load_municipality(config).versions if SECTION in v.sections]
    out = []
    for i, v in enumerate(found):
        section = v.sections[SECTION]
        nxt = found[i + 1].valid_from - timedelta(days=1) if i + 1 < len(found) else None
        out.append(
            RatesOut(
                valid_from=v.valid_from,
                valid_to=nxt,
                decision=v.decision,
                model=str(section["model"]),
                models=sorted(str(m) for m in section["models"]),
                settings=section,
            )
        )
    return out


def in_force(config: Path, day: date) -> RatesOut:
    chosen = [v for v in versions(config) if v.valid_from <= day]
    if not chosen:
        raise InvalidInput(
            f"no remuneration rates are in force on {day.isoformat()}",
            errors=[{"field": "on", "message": "before the first version of the rates"}],
        )
    return chosen[-1]
