"""The settable clock: shifts what every service reads as now, never in production."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from folkevalgt_shared import clock
from folkevalgt_shared.clock import ClockSettings
from folkevalgt_shared.settings import AuthSettings, EventSettings, ServiceSettings
from folkevalgt_shared.types import utcnow

REAL_SECRET = "whsec_UWAsXNFisI/0jy/TYS34tJ501Q1YVbP0EKLcxHlC7a8="  # base64 of 32 random bytes


@pytest.fixture(autouse=True)
def _real_clock_afterwards() -> Iterator[None]:
    yield
    clock.configure(ClockSettings())


def test_the_default_clock_is_the_real_one() -> None:
    clock.configure(ClockSettings())
    assert abs(utcnow() - datetime.now(UTC)) < timedelta(seconds=1)
    assert clock.describe()["real"] is True


def test_start_at_shows_that_instant_and_then_runs() -> None:
    start = datetime(2027, 3, 31, 21, 59, 58, tzinfo=UTC)  # 23:59:58 in Oslo, the quarter's last day
    clock.configure(ClockSettings(start_at=start))
    first = utcnow()
    assert start <= first < start + timedelta(seconds=1)
    assert utcnow() >= first  # it runs, it is not frozen (the relay's backoff needs time to pass)
    assert clock.describe()["real"] is False


def test_an_offset_moves_the_clock_by_that_much() -> None:
    clock.configure(ClockSettings(offset_seconds=-86_400))
    assert abs(utcnow() - (datetime.now(UTC) - timedelta(days=1))) < timedelta(seconds=1)


def test_production_refuses_a_settable_clock() -> None:
    production = {
        "environment": "production",
        "auth": AuthSettings(jwks_url="https://maskinporten.no/jwk", issuer="https://maskinporten.no/"),
        "events": EventSettings(inbox_secret=REAL_SECRET),
    }
    ServiceSettings(**production)  # the real clock is fine
    with pytest.raises(ValidationError, match="real clock"):
        ServiceSettings(**production, clock=ClockSettings(offset_seconds=3600))
    with pytest.raises(ValidationError, match="real clock"):
        ServiceSettings(**production, clock=ClockSettings(start_at=datetime(2027, 1, 1, tzinfo=UTC)))


def test_a_start_without_offset_is_refused_as_input() -> None:
    with pytest.raises(ValidationError):
        ClockSettings.model_validate({"start_at": "2027-01-01T00:00:00"})  # no offset: ambiguous
