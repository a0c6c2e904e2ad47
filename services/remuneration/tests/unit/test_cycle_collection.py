"""Computing a period pauses the cycle collector; overlapping computations resume it only when the last ends."""

from __future__ import annotations

import gc

from remuneration.computation import cycle_collection_paused


def test_overlapping_pauses_resume_the_collector_when_the_last_one_ends() -> None:
    assert gc.isenabled()
    with cycle_collection_paused():
        assert not gc.isenabled()
        with cycle_collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_resumes_after_a_failed_computation() -> None:
    try:
        with cycle_collection_paused():
            raise ValueError("no rates")
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        with cycle_collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
