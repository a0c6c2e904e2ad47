"""Retry delays of the outbox relay: exponential, capped, jittered within [delay/2, delay]."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from folkevalgt_shared.events import relay
from folkevalgt_shared.events.relay import backoff_seconds


@pytest.fixture
def no_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The random half at its maximum: backoff_seconds returns the full delay."""
    monkeypatch.setattr(relay, "random", SimpleNamespace(uniform=lambda low, high: high))


@pytest.fixture
def least_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relay, "random", SimpleNamespace(uniform=lambda low, high: low))


@pytest.mark.usefixtures("no_jitter")
def test_backoff_doubles_with_each_attempt() -> None:
    delays = [backoff_seconds(n, 0.5, 300.0) for n in range(1, 8)]
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0]


@pytest.mark.usefixtures("no_jitter")
def test_backoff_is_capped() -> None:
    assert backoff_seconds(10, 0.5, 300.0) == 256.0
    assert backoff_seconds(11, 0.5, 300.0) == 300.0
    assert backoff_seconds(12, 0.5, 300.0) == 300.0
    assert backoff_seconds(60, 0.5, 300.0) == 300.0


@pytest.mark.usefixtures("no_jitter")
def test_backoff_before_any_failure_is_the_base() -> None:
    assert backoff_seconds(0, 2.0, 300.0) == 2.0
    assert backoff_seconds(1, 2.0, 300.0) == 2.0


@pytest.mark.usefixtures("least_jitter")
def test_backoff_fixed_half_is_half_the_delay() -> None:
    assert backoff_seconds(3, 0.5, 300.0) == 1.0
    assert backoff_seconds(20, 0.5, 300.0) == 150.0


def test_backoff_jitter_varies() -> None:
    assert len({backoff_seconds(8, 0.5, 300.0) for _ in range(50)}) > 1


@given(
    attempts=st.integers(min_value=0, max_value=200),
    base=st.floats(min_value=0.001, max_value=10.0),
    cap=st.floats(min_value=0.001, max_value=3600.0),
)
def test_backoff_stays_between_half_and_the_full_capped_delay(attempts: int, base: float, cap: float) -> None:
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    result = backoff_seconds(attempts, base, cap)
    assert delay / 2 <= result <= delay
    assert result <= cap


@given(
    attempts=st.integers(min_value=1, max_value=40),
    base=st.floats(min_value=0.01, max_value=5.0),
    cap=st.floats(min_value=0.01, max_value=3600.0),
)
def test_backoff_doubles_until_the_cap(attempts: int, base: float, cap: float) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(relay, "random", SimpleNamespace(uniform=lambda low, high: high))
        this, following = backoff_seconds(attempts, base, cap), backoff_seconds(attempts + 1, base, cap)
    assert following == pytest.approx(min(cap, 2 * this))
    assert following >= this
