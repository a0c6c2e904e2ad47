"""One timer for a deadline set on every request (gateway/deadline.py): it must pass when the last
setting says, never at an earlier one it has replaced, and not at all once cleared or cancelled."""

from __future__ import annotations

import asyncio

import uvloop

from gateway.deadline import Deadline


def run(scenario: object) -> list[float]:
    """Runs `scenario(loop, deadline, started)` on uvloop; the times after the start the deadline passed."""

    async def main() -> list[float]:
        loop = asyncio.get_running_loop()
        started = loop.time()
        passed: list[float] = []
        deadline = Deadline(loop, lambda: passed.append(loop.time() - started))
        await scenario(loop, deadline, started)  # type: ignore[operator]
        return passed

    return uvloop.run(main())


def test_it_passes_once_at_the_time_set() -> None:
    async def scenario(loop: asyncio.AbstractEventLoop, deadline: Deadline, started: float) -> None:
        deadline.set(started + 0.1)
        await asyncio.sleep(0.3)

    (passed,) = run(scenario)
    assert 0.098 <= passed < 0.2


def test_set_again_later_it_passes_at_the_later_time_only() -> None:
    async def scenario(loop: asyncio.AbstractEventLoop, deadline: Deadline, started: float) -> None:
        deadline.set(started + 0.1)
        await asyncio.sleep(0.05)
        deadline.clear()  # a request came in time
        deadline.set(started + 0.25)  # and the next one must be over by then
        await asyncio.sleep(0.4)

    (passed,) = run(scenario)
    assert 0.248 <= passed < 0.35


def test_set_earlier_than_the_armed_time_it_passes_at_the_earlier_time() -> None:
    async def scenario(loop: asyncio.AbstractEventLoop, deadline: Deadline, started: float) -> None:
        deadline.set(started + 1.0)
        deadline.set(started + 0.1)
        await asyncio.sleep(0.3)

    (passed,) = run(scenario)
    assert 0.098 <= passed < 0.2


def test_cleared_or_cancelled_it_never_passes() -> None:
    async def cleared(loop: asyncio.AbstractEventLoop, deadline: Deadline, started: float) -> None:
        deadline.set(started + 0.05)
        deadline.clear()
        await asyncio.sleep(0.15)

    async def cancelled(loop: asyncio.AbstractEventLoop, deadline: Deadline, started: float) -> None:
        deadline.set(started + 0.05)
        deadline.cancel()
        await asyncio.sleep(0.15)

    assert run(cleared) == []
    assert run(cancelled) == []


def test_it_can_pass_again_after_it_passed() -> None:
    async def scenario(loop: asyncio.AbstractEventLoop, deadline: Deadline, started: float) -> None:
        deadline.set(started + 0.05)
        await asyncio.sleep(0.1)
        deadline.set(started + 0.15)
        await asyncio.sleep(0.15)

    first, second = run(scenario)
    assert 0.048 <= first < 0.1 and 0.148 <= second < 0.25
