"""Builders for the leave domain's unit tests: the municipality's real settings (and edited copies), employments
and extents."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import yaml

from leave.domain.model import Employment, Extent, hours
from leave.domain.settings import DEFAULT_CONFIG, RegulationSettings

Edit = Callable[[dict[str, Any]], None]


@functools.cache
def _file() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    return loaded


def raw_regulation() -> dict[str, Any]:
    """The `leave.regulation` part as written in the file."""
    found = [v["sections"]["leave"] for v in _file()["versions"] if "regulation" in v["sections"].get("leave", {})]
    return copy.deepcopy(found[-1]["regulation"])


@functools.cache
def _file_regulation() -> RegulationSettings:
    return RegulationSettings.model_validate(raw_regulation())


def regulation(edit: Edit | None = None) -> RegulationSettings:
    if edit is None:
        return _file_regulation()
    section = raw_regulation()
    edit(section)
    return RegulationSettings.model_validate(section)


def employment(
    percent: str = "100", *, day: str = "7.5", permanent: bool = True, start: date = date(2010, 1, 1)
) -> Employment:
    return Employment(int(Decimal(percent) * 100), hours(day), permanent, start, None)


def extent(start: date, end: date | None = None, per_day: str | None = None) -> Extent:
    return Extent(start, end or start, hours(per_day) if per_day else None)


class Kit:
    regulation = staticmethod(regulation)
    raw_regulation = staticmethod(raw_regulation)
    employment = staticmethod(employment)
    extent = staticmethod(extent)
    hours = staticmethod(hours)


@pytest.fixture(scope="session")
def kit() -> type[Kit]:
    return Kit
