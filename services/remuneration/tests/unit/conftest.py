"""Builders for the remuneration domain's unit tests: the municipality's real settings (and edited
copies of them), offices, attendances and meetings."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
import yaml

from folkevalgt_shared.rules import MunicipalityConfig, RuleBook, RuleVersion
from remuneration.domain.model import Attendance, MeetingHeld, Office
from remuneration.domain.settings import DEFAULT_CONFIG, RemunerationSettings

DECISION = "Reglement for godtgjøring til folkevalgte i Sør-Varanger, modell 1 (dagens ordning)"
TERM_START = date(2023, 10, 1)

Edit = Callable[[dict[str, Any]], None]


def raw_section() -> dict[str, Any]:
    """The `remuneration` section as written in the file (kroner, percentages)."""
    config = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    sections = [v["sections"]["remuneration"] for v in config["versions"] if "remuneration" in v["sections"]]
    return copy.deepcopy(sections[-1])


def settings(edit: Edit | None = None) -> RemunerationSettings:
    section = raw_section()
    if edit is not None:
        edit(section)
    return RemunerationSettings.model_validate(section)


def book(*versions: tuple[date, str, Edit | None]) -> RuleBook[RemunerationSettings]:
    """A rule book with the given versions of the section (each an edit of the file's section)."""
    built = []
    for valid_from, decision, edit in versions:
        section = raw_section()
        if edit is not None:
            edit(section)
        built.append(RuleVersion(valid_from=valid_from, decision=decision, sections={"remuneration": section}))
    return RuleBook(MunicipalityConfig(municipality="Test", versions=built), "remuneration", RemunerationSettings)


def one_version(edit: Edit | None = None) -> Callable[[date], tuple[str, RemunerationSettings]]:
    version = (DECISION, settings(edit))
    return lambda _day: version


def with_ceo_salary(kroner: int) -> Edit:
    """Sets the chief executive's base salary, which the file leaves unknown (REM-10)."""

    def edit(section: dict[str, Any]) -> None:
        section["reference_salaries"]["chief_executive_base"] = [
            {"valid_from": date(2012, 1, 1), "annual": kroner, "source": "test contract"}
        ]

    return edit


def combine(*edits: Edit) -> Edit:
    def edit(section: dict[str, Any]) -> None:
        for e in edits:
            e(section)

    return edit


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """An instant on an Oslo day (UTC+1 in winter, +2 in summer), as stored: UTC."""
    offset = 2 if 4 <= day.month <= 9 else 1
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=offset)


def attendance(
    person: UUID,
    day: date,
    *,
    body_key: str = "municipal-council",
    body_type: str = "municipal_council",
    role: str = "member",
    as_deputy: bool = False,
    hour: int = 10,
    hours: Decimal | int = 3,
    remote: bool = False,
    kind: str = "meeting",
    meeting: UUID | None = None,
) -> Attendance:
    start = at(day, hour)
    return Attendance(
        event_id=uuid4(),
        meeting_id=meeting or uuid4(),
        body_key=body_key,
        body_type=body_type,
        person_id=person,
        role=role,
        as_deputy=as_deputy,
        attended_from=start,
        attended_to=start + timedelta(seconds=int(Decimal(hours) * 3600)),
        remote=remote,
        secretariat_present=True,
        meeting_kind=kind,
    )


def office(
    person: UUID,
    role: str = "member",
    *,
    body_key: str = "municipal-council",
    body_type: str = "municipal_council",
    party: str | None = "Ap",
    start: date = TERM_START,
    end: date | None = None,
) -> Office:
    return Office(person, body_key, body_type, role, party, start, end)


def meeting(day: date, body_key: str = "executive-committee", body_type: str = "executive_committee") -> MeetingHeld:
    return MeetingHeld(uuid4(), body_key, body_type, day)


class Kit:
    """The builders above, handed to tests as the `kit` fixture (test modules cannot import conftest)."""

    DECISION = DECISION
    TERM_START = TERM_START
    raw_section = staticmethod(raw_section)
    settings = staticmethod(settings)
    book = staticmethod(book)
    one_version = staticmethod(one_version)
    with_ceo_salary = staticmethod(with_ceo_salary)
    combine = staticmethod(combine)
    at = staticmethod(at)
    attendance = staticmethod(attendance)
    office = staticmethod(office)
    meeting = staticmethod(meeting)


@pytest.fixture(scope="session")
def kit() -> type[Kit]:
    return Kit
