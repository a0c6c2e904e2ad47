"""Requests per client in fixed windows ("6000/minute"): counted in the process, or in Redis when
several gateway replicas must share the counts."""

from __future__ import annotations

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
    """One replica's counts. Only the current window's are kept: a fixed window forgets the last one."""

    def __init__(self, limit: str) -> None:
        item = parse(limit)
        self.amount = item.amount
        self.seconds = item.get_expiry()
        self._window = -1
        self._counts: dict[str, int] = {}

    async def hit(self, client: str) -> int | None:
        now = time.time()
        window = int(now // self.seconds)
        if window != self._window:
            self._window = window
            self._counts = {}
        count = self._counts.get(client, 0)
        if count >= self.amount:
            return max(1, int((window + 1) * self.seconds - now) + 1)
        self._counts[client] = count + 1
        return None


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
        return max(1, int(stats.reset_time - time.time()) + 1)


def rate_limit(limit: str, redis_url: str | None) -> RateLimit:
    return SharedRateLimit(limit, redis_url) if redis_url else LocalRateLimit(limit)
