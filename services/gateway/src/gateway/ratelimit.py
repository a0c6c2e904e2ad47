"""Requests per client in fixed windows ("6000/minute"): counted in the process, or in Redis when
several gateway replicas must share the counts."""

from __future__ import annotations

import math
import time
from typing import Protocol, cast

from limits import parse
from limits.aio.storage import Storage
from limits.aio.strategies import FixedWindowRateLimiter
from limits.storage import storage_from_string


class RateLimit(Protocol):
    async def hit(self, client: str) -> int | None:
        """Counts a request; None when it is within the limit, else the seconds until the window ends."""


class LocalRateLimit:
    """One replica's counts. A client's window opens with its first request and lasts the limit's period,
    as in Redis (the count's key expires then); expired windows are swept as the table grows."""

    def __init__(self, limit: str) -> None:
        item = parse(limit)
        self.amount = item.amount
        self.seconds = item.get_expiry()
        self._windows: dict[str, list[float]] = {}  # client -> [end of its window, requests in it]
        self._sweep_at = 1024

    async def hit(self, client: str) -> int | None:
        now = time.monotonic()
        window = self._windows.get(client)
        if window is None or window[0] <= now:
            if len(self._windows) >= self._sweep_at:
                self._sweep(now)
            self._windows[client] = [now + self.seconds, 1]
            return None
        if window[1] >= self.amount:
            return max(1, math.ceil(window[0] - now))
        window[1] += 1
        return None

    def _sweep(self, now: float) -> None:
        self._windows = {client: w for client, w in self._windows.items() if w[0] > now}
        self._sweep_at = max(1024, 2 * len(self._windows))


class SharedRateLimit:
    """Counts in Redis, shared by every replica."""

    def __init__(self, limit: str, redis_url: str) -> None:
        self.item = parse(limit)
        # limits wants the async flavour: async+redis://...
        storage = cast(Storage, storage_from_string("async+" + redis_url.removeprefix("async+")))
        self.limiter = FixedWindowRateLimiter(storage)

    async def hit(self, client: str) -> int | None:
        if await self.limiter.hit(self.item, client):
            return None
        stats = await self.limiter.get_window_stats(self.item, client)
        return max(1, math.ceil(stats.reset_time - time.time()))


def rate_limit(limit: str, redis_url: str | None) -> RateLimit:
    return SharedRateLimit(limit, redis_url) if redis_url else LocalRateLimit(limit)
