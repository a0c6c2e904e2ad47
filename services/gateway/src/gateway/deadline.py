"""A deadline that is set again and again, with one timer instead of one per setting.

The gateway has two per connection that are set on every request: a client connection's keep-alive
(it ends an idle connection) and a service connection's exchange deadline (it ends an answer that
takes too long). Made and cancelled per request, timers are a measurable share of the gateway's
cost; here the timer stays armed, and when it fires before the current deadline it arms itself
again for that deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

# A timer may fire this much before its time (the loop's clock is read once per turn, timers are
# kept in milliseconds): within it, the time has come.
SLACK = 0.002


class Deadline:
    def __init__(self, loop: asyncio.AbstractEventLoop, on_passed: Callable[[], object]) -> None:
        self._loop = loop
        self._on_passed = on_passed
        self._when: float | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._armed_for = 0.0

    def set(self, when: float) -> None:
        """`on_passed` is called once `when` (the loop's clock) passes, unless cleared first."""
        self._when = when
        if self._timer is None or self._armed_for > when:
            if self._timer is not None:
                self._timer.cancel()
            self._arm(when)

    def clear(self) -> None:
        """Nothing is due: the timer, if armed, finds nothing to do."""
        self._when = None

    def cancel(self) -> None:
        """For good (the connection is closed)."""
        self._when = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fired(self) -> None:
        self._timer = None
        when = self._when
        if when is None:
            return
        if when - self._loop.time() > SLACK:
            self._arm(when)
            return
        self._when = None
        self._on_passed()

    def _arm(self, when: float) -> None:
        self._timer = self._loop.call_at(when, self._fired)
        self._armed_for = when
